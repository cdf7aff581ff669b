// The NLB, its listeners and target groups with their health checks.
import { AwsTargetType } from "../../generated/enums";
import { ClusterSpec, Frontend, HealthCheckSpec } from "../cluster";
import { AWS_GROUP_NAME, AWS_LB_NAME, cloudName, logicalName, shortHash } from "../naming";
import { readPrivateAddress } from "../addresses";
import { indexPath, Raw, Reader } from "../read";
import { isKnown, Maybe } from "../unknown";
import { inputPath, internalApiserverOf } from "../frontends";
import { ApiserverShutdownPlan, ShutdownTiming } from "../shutdown";
import { AWS_HEALTH_PROPAGATION_SECONDS } from "./limits";
import { checkDistinct } from "./targets";
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
function awsHealthCheckTimeout(hc: HealthCheckSpec): number {
    return hc.timeoutSeconds ?? Math.min(hc.protocol === "HTTP" ? 6 : 10, hc.intervalSeconds);
}

export function awsShutdownTiming(hc: HealthCheckSpec): ShutdownTiming {
    return {
        timeoutSeconds: awsHealthCheckTimeout(hc),
        propagationSeconds: AWS_HEALTH_PROPAGATION_SECONDS,
    };
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
function awsDraining(shutdown: ApiserverShutdownPlan): AwsDrainingPlan {
    return {
        deregistrationDelaySeconds: shutdown.drainSeconds,
        terminateOnDeregistration: true,
        terminateWhenUnhealthy: false,
        unhealthyDrainingSeconds: shutdown.shutdownDelaySeconds + shutdown.drainSeconds,
    };
}

/** `mapped`: the input whose subnet mappings the NLB takes (staticIpv4, eipAllocationIds, privateIpv4Addresses). */
export function checkListeners(r: Reader, spec: ClusterSpec, mapped: string | undefined): void {
    for (const f of spec.frontends.filter((x) => x.protocol === "UDP")) {
        if (f.idleTimeoutSeconds !== undefined) {
            // Only TCP listeners have the tcp.idle_timeout.seconds attribute
            // (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/update-idle-timeout.html).
            r.problems.add(
                inputPath(f, "idleTimeoutSeconds"),
                "is set on a UDP service, but NLB UDP listeners have no idle timeout setting",
                "remove idleTimeoutSeconds",
            );
        }
        if (spec.ipv6 && mapped !== undefined) {
            // A UDP listener on a dual-stack NLB needs an IPv6 source-NAT prefix per subnet
            // (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SubnetMapping.html);
            // @pulumi/aws 7.48.0 cannot set it on subnet mappings, which Elastic IPs and pinned
            // private addresses use.
            r.problems.add(
                inputPath(f, "protocol"),
                `UDP on a dual-stack NLB needs an IPv6 source-NAT prefix on each subnet mapping, which the component cannot set together with ${mapped}`,
                `remove ${mapped} (AWS then assigns the prefixes), set ipv6 false on every frontend, or serve the service over TCP`,
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

export function planTargetGroups(
    spec: ClusterSpec,
    targetType: AwsTargetType,
    preserveClientIp: boolean,
    shutdown: ApiserverShutdownPlan,
): AwsTargetGroupPlan[] {
    const res = spec.resourceName;
    const internal = internalApiserverOf(spec);
    return [...spec.frontends, ...(internal ? [internal] : [])].map((f): AwsTargetGroupPlan => ({
        frontend: f,
        logicalName: logicalName(res, f.key, "tg"),
        name: cloudName(
            AWS_LB_NAME,
            spec.clusterName,
            f.key,
            shortHash(`${f.protocol}/${f.targetPort}/${targetType}`, 4),
        ),
        protocol: f.protocol,
        port: f.targetPort,
        // The apiserver never preserves client IPs: controllers reach themselves through the NLB.
        preserveClientIp:
            f.protocol === "UDP" ? undefined : f.role === "apiserver" ? false : preserveClientIp,
        healthCheck: { ...f.healthCheck, timeoutSeconds: awsHealthCheckTimeout(f.healthCheck) },
        draining: f.role === "apiserver" ? awsDraining(shutdown) : undefined,
        internal: f === internal,
        listener: {
            logicalName: logicalName(res, f.key, "listener"),
            port: f.port,
            tcpIdleTimeoutSeconds: f.protocol === "TCP" ? f.idleTimeoutSeconds : undefined,
        },
    }));
}

/**
 * Elastic IPs the user keeps, one per subnet in `subnetIds` order: the NLB's subnet mappings
 * take them (`allocationId`, one per subnet mapping:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SubnetMapping.html),
 * so a recreated cluster keeps its public IPv4 addresses.
 */
export function readElasticIps(
    r: Reader,
    args: Record<string, Raw>,
    subnetIds: Maybe<Maybe<string>[]>,
): Maybe<Maybe<string>[]> | undefined {
    const ids = r.refs(args.eipAllocationIds, "eipAllocationIds");
    if (ids === undefined) return undefined;
    if (args.staticIpv4 === false) {
        r.problems.add(
            "staticIpv4",
            "is false, but eipAllocationIds map Elastic IPs onto the subnets",
            "remove staticIpv4, or remove eipAllocationIds",
        );
    }
    if (isKnown(ids) && isKnown(subnetIds) && ids.length !== subnetIds.length) {
        r.problems.add(
            "eipAllocationIds",
            `lists ${ids.length} allocation IDs for ${subnetIds.length} subnets`,
            "give one Elastic IP allocation ID per subnet, in the order of subnetIds",
        );
    }
    checkDistinct(r, ids, "eipAllocationIds", "Elastic IP allocation");
    return ids;
}

/**
 * Private IPv4 addresses the user pins on an internal NLB, one per subnet in `subnetIds`
 * order (`privateIPv4Address` of a subnet mapping, internal load balancers only:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SubnetMapping.html).
 */
export function readPrivateIps(
    r: Reader,
    raw: Raw,
    path: string,
    subnetIds: Maybe<Maybe<string>[]>,
    internal: boolean,
): Maybe<Maybe<string>[]> | undefined {
    const list = r.refs(raw, path);
    if (list !== undefined && !internal) {
        r.problems.add(
            path,
            "pins private frontend addresses, and a public NLB has none",
            'remove it, or set scheme "internal"',
        );
        return undefined;
    }
    if (list === undefined || !isKnown(list)) return list;
    if (isKnown(subnetIds) && list.length !== subnetIds.length) {
        r.problems.add(
            path,
            `lists ${list.length} addresses for ${subnetIds.length} subnets`,
            "give one private IPv4 address per subnet, in the order of subnetIds",
        );
    }
    checkDistinct(r, list, path, "address");
    const pinned = list.map((a, i) =>
        isKnown(a) ? readPrivateAddress(r, a, indexPath(path, i), "ipv4", true) : a,
    );
    return pinned.every((a) => a !== undefined) ? (pinned as Maybe<string>[]) : undefined;
}

export function planLoadBalancer(
    spec: ClusterSpec,
    crossZone: boolean,
    staticIpv4: boolean,
    eipAllocationIds?: Maybe<Maybe<string>[]>,
    privateIpv4Addresses?: Maybe<Maybe<string>[]>,
): AwsPlan["loadBalancer"] {
    const internal = spec.scheme === "internal";
    return {
        logicalName: logicalName(spec.resourceName, "nlb"),
        name: loadBalancerName(spec.clusterName, internal),
        internal,
        ipAddressType: spec.ipv6 ? "dualstack" : "ipv4",
        crossZone,
        staticIpv4,
        eipAllocationIds,
        privateIpv4Addresses,
        // On whenever dual-stack, not only with UDP listeners (which need it), so adding
        // a first UDP service never changes the NLB. Subnet mappings (staticIpv4,
        // privateIpv4Addresses) would need a prefix each, which @pulumi/aws 7.48.0 cannot set.
        ipv6SourceNat: spec.ipv6 && !staticIpv4 && privateIpv4Addresses === undefined,
        securityGroup: {
            logicalName: logicalName(spec.resourceName, "lb-sg"),
            name: cloudName(AWS_GROUP_NAME, spec.clusterName, "nlb"),
        },
    };
}

/**
 * The private endpoint's NLB beside a public one: scheme internal in the same subnets (an
 * internal NLB's nodes get private addresses only:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#load-balancer-scheme),
 * IPv4, with its own security group so each endpoint admits its own clients. Named as an
 * internal cluster's NLB would be, which the public one's name never is.
 */
export function planInternalLoadBalancer(
    spec: ClusterSpec,
    privateIpv4Addresses: Maybe<Maybe<string>[]> | undefined,
): AwsPlan["internalLoadBalancer"] {
    if (!spec.internalEndpoint) return undefined;
    return {
        logicalName: logicalName(spec.resourceName, "int-nlb"),
        name: loadBalancerName(spec.clusterName, true),
        privateIpv4Addresses,
        securityGroup: {
            logicalName: logicalName(spec.resourceName, "int-lb-sg"),
            name: cloudName(AWS_GROUP_NAME, spec.clusterName, "int-nlb"),
        },
    };
}
