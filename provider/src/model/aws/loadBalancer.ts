// The NLB, its listeners and target groups with their health checks.
import { AwsTargetType } from "../../generated/enums";
import { ClusterSpec, Frontend, HealthCheckSpec } from "../cluster";
import { AWS_GROUP_NAME, AWS_LB_NAME, cloudName, logicalName, shortHash } from "../naming";
import { Raw, Reader } from "../read";
import { isKnown } from "../unknown";
import { inputPath } from "../frontends";
import { ApiserverShutdownPlan, ShutdownTiming } from "../shutdown";
import { AWS_HEALTH_PROPAGATION_SECONDS } from "./limits";
import { AwsDrainingPlan, AwsPlan, AwsTargetGroupPlan } from "./types";

function loadBalancerName(clusterName: string, internal: boolean): string {
    const name = cloudName(AWS_LB_NAME, clusterName, internal ? "int" : "", "nlb");
    // AWS reserves the "internal-" prefix for the DNS names of internal load balancers.
    return name.startsWith("internal-") ? cloudName(AWS_LB_NAME, "k", name) : name;
}

/**
 * AWS's default health-check timeouts are 10 s for TCP and HTTPS checks and 6 s for HTTP
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html),
 * and AWS refuses an interval shorter than the timeout ("Health check interval must be greater
 * than the timeout"; an equal pair is accepted:
 * https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/2951). So a timeout is
 * always sent: the one given, else the default cut to the interval.
 */
export function awsHealthCheckTimeout(hc: HealthCheckSpec): number {
    return hc.timeoutSeconds ?? Math.min(hc.protocol === "HTTP" ? 6 : 10, hc.intervalSeconds);
}

export function awsShutdownTiming(hc: HealthCheckSpec): ShutdownTiming {
    return { timeoutSeconds: awsHealthCheckTimeout(hc), propagationSeconds: AWS_HEALTH_PROPAGATION_SECONDS };
}

/**
 * The apiserver's target group keeps the connections of a target that turns unhealthy (an NLB
 * resets them by default, which broke clients in
 * https://github.com/kubernetes-sigs/cluster-api-provider-aws/issues/5475, fixed by PR #5589),
 * for as long as the apiserver needs to close them itself: the rest of its shutdown delay and
 * its drain. After that, and after a deregistered target's delay, the NLB closes what is left,
 * so no client hangs on a stopped apiserver (#5800). Attributes:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health.html#unhealthy-target-connection-termination,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#deregistration-delay
 */
export function awsDraining(shutdown: ApiserverShutdownPlan): AwsDrainingPlan {
    return {
        deregistrationDelaySeconds: shutdown.drainSeconds,
        terminateOnDeregistration: true,
        terminateWhenUnhealthy: false,
        unhealthyDrainingSeconds: shutdown.shutdownDelaySeconds + shutdown.drainSeconds,
    };
}

export function checkListeners(r: Reader, spec: ClusterSpec, staticIpv4: boolean): void {
    for (const f of spec.frontends.filter((x) => x.protocol === "UDP")) {
        if (f.idleTimeoutSeconds !== undefined) {
            // Only TCP listeners have the tcp.idle_timeout.seconds attribute
            // (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/update-idle-timeout.html).
            r.problems.add(inputPath(f, "idleTimeoutSeconds"), "is set on a UDP service, but NLB UDP listeners have no idle timeout setting", "remove idleTimeoutSeconds");
        }
        if (spec.ipv6 && staticIpv4) {
            // A UDP listener on a dual-stack NLB needs an IPv6 source-NAT prefix per subnet
            // (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SubnetMapping.html);
            // @pulumi/aws 7.48.0 cannot set it on subnet mappings, which staticIpv4 uses.
            r.problems.add(
                inputPath(f, "protocol"),
                "UDP on a dual-stack NLB needs an IPv6 source-NAT prefix on each subnet mapping, which the component cannot set together with Elastic IPs",
                "remove staticIpv4 (AWS then assigns the prefixes), set ipv6 false, or serve the service over TCP",
            );
        }
    }
}

/** An NLB listens on a port with one protocol only. */
export function checkListenerPorts(r: Reader, spec: ClusterSpec): void {
    const ports = new Map<number, Frontend>();
    for (const f of spec.frontends) {
        const other = ports.get(f.port);
        if (other && other.protocol !== f.protocol) {
            r.problems.add(
                f.portPath,
                `port ${f.port} carries ${other.protocol} for ${other.key} already, and an NLB cannot listen on one port with two protocols`,
                "give the frontend another port",
            );
        }
        ports.set(f.port, f);
    }
}

export function readDns(r: Reader, raw: Raw, spec: ClusterSpec): AwsPlan["dns"] {
    const dnsArgs = r.object(raw, "dns");
    if (!dnsArgs) return undefined;
    const zoneId = r.ref(dnsArgs.zoneId, "dns.zoneId");
    const name = r.ref(dnsArgs.name, "dns.name");
    if (zoneId === undefined) r.problems.add("dns.zoneId", "is required", "give the Route53 hosted zone ID");
    if (name === undefined) r.problems.add("dns.name", "is required", "give the record name, such as k8s.example.com");
    if (name !== undefined && isKnown(name) && !/^([a-z0-9_]([-a-z0-9_]*[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?\.?$/i.test(name)) {
        r.problems.add("dns.name", `${JSON.stringify(name)} is not a DNS name`, "use a name such as k8s.example.com");
    }
    return zoneId !== undefined && name !== undefined ? { zoneId, name, recordTypes: spec.ipv6 ? ["A", "AAAA"] : ["A"] } : undefined;
}

export function planTargetGroups(
    spec: ClusterSpec,
    targetType: AwsTargetType,
    preserveClientIp: boolean,
    shutdown: ApiserverShutdownPlan,
): AwsTargetGroupPlan[] {
    const res = spec.resourceName;
    return spec.frontends.map(
        (f): AwsTargetGroupPlan => ({
            frontend: f,
            logicalName: logicalName(res, f.key, "tg"),
            name: cloudName(AWS_LB_NAME, spec.clusterName, f.key, shortHash(`${f.protocol}/${f.targetPort}/${targetType}`, 4)),
            protocol: f.protocol,
            port: f.targetPort,
            // The apiserver never preserves client IPs: controllers reach themselves through the NLB.
            preserveClientIp: f.protocol === "UDP" ? undefined : f.role === "apiserver" ? false : preserveClientIp,
            healthCheck: { ...f.healthCheck, timeoutSeconds: awsHealthCheckTimeout(f.healthCheck) },
            draining: f.role === "apiserver" ? awsDraining(shutdown) : undefined,
            listener: {
                logicalName: logicalName(res, f.key, "listener"),
                port: f.port,
                tcpIdleTimeoutSeconds: f.protocol === "TCP" ? f.idleTimeoutSeconds : undefined,
            },
        }),
    );
}

export function planLoadBalancer(spec: ClusterSpec, crossZone: boolean, staticIpv4: boolean): AwsPlan["loadBalancer"] {
    const internal = spec.scheme === "internal";
    return {
        logicalName: logicalName(spec.resourceName, "nlb"),
        name: loadBalancerName(spec.clusterName, internal),
        internal,
        ipAddressType: spec.ipv6 ? "dualstack" : "ipv4",
        crossZone,
        staticIpv4,
        // On whenever dual-stack, not only with UDP listeners (which need it), so adding
        // a first UDP service never changes the NLB. Subnet mappings (staticIpv4) would
        // need a prefix each, which @pulumi/aws 7.48.0 cannot set.
        ipv6SourceNat: spec.ipv6 && !staticIpv4,
        securityGroup: { logicalName: logicalName(spec.resourceName, "lb-sg"), name: cloudName(AWS_GROUP_NAME, spec.clusterName, "nlb") },
    };
}
