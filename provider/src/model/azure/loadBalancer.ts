// The Standard load balancer: frontends and their public IPs, backend pools, probes,
// load-balancing rules and outbound rules, all inline in the load balancer.
import { BackendRole } from "../../generated/enums";
import { ClusterSpec, Frontend, HealthCheckSpec } from "../cluster";
import { Family } from "../net";
import { AZURE_NAME, cloudName, logicalName, shortHash, slug } from "../naming";
import { frontendsOf, inputPath, ROLES } from "../frontends";
import { Reader } from "../read";
import { AZURE_HEALTH_PROPAGATION_SECONDS, AZURE_LIMITS } from "./limits";
import { ShutdownTiming } from "../shutdown";
import { AzureFrontendPlan, AzureProbePlan, AzureRulePlan } from "./types";

// Domain name labels of public IPs: 3 to 63 lowercase letters, digits and hyphens.
export const DNS_LABEL = /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/;


// Azure refuses two load-balancing rules with the same protocol and backend port on one pool
// (RulesUseSameBackendPortProtocolAndPool).
export function checkBackendPorts(r: Reader, spec: ClusterSpec): void {
    for (const role of ROLES) {
        const byPort = new Map<string, Frontend>();
        for (const f of frontendsOf(spec, role)) {
            const key = `${f.protocol}/${f.targetPort}`;
            const first = byPort.get(key);
            if (first) {
                r.problems.add(
                    inputPath(f, "targetPort"),
                    `${key} on the ${role} is already the target of ${first.key} (${inputPath(first, "targetPort")}), and Azure allows one load-balancing rule per backend port and protocol in a pool`,
                    "give every frontend of a pool its own target port",
                );
            } else {
                byPort.set(key, f);
            }
        }
    }
}

/**
 * The apiserver's shutdown timing. Azure probes have no timeout setting; a probe that gets no
 * answer counts as failed by the next one, so a whole interval stands for the timeout. When a
 * probe fails "the load balancer stops sending new connections" and on a Standard load balancer
 * established "TCP flows continue"
 * (https://learn.microsoft.com/azure/load-balancer/load-balancer-custom-probe-overview), so the
 * apiserver closes them itself; Azure has no drain setting of its own.
 */
export function azureShutdownTiming(hc: HealthCheckSpec): ShutdownTiming {
    return { timeoutSeconds: hc.intervalSeconds, propagationSeconds: AZURE_HEALTH_PROPAGATION_SECONDS };
}

function probeOf(hc: HealthCheckSpec): AzureProbePlan {
    const protocol = ({ TCP: "Tcp", HTTP: "Http", HTTPS: "Https" } as const)[hc.protocol];
    const identity = [hc.protocol, hc.port, hc.path ?? "", hc.intervalSeconds, hc.unhealthyThreshold].join(" ");
    return {
        // Readable part plus a hash of the whole identity: a different check is a different probe.
        name: cloudName(AZURE_NAME, protocol, String(hc.port), slug(hc.path ?? ""), shortHash(identity, 4)),
        protocol,
        port: hc.port,
        requestPath: hc.path,
        intervalInSeconds: hc.intervalSeconds,
        probeThreshold: hc.unhealthyThreshold,
    };
}

const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));

const frontendName = (family: Family) => cloudName(AZURE_NAME, "frontend", family);

const outboundFrontendName = (role: BackendRole, family: Family) => cloudName(AZURE_NAME, "outbound", role, family);

const poolName = (role: BackendRole, family: Family) => cloudName(AZURE_NAME, role, family);

/**
 * Azure refuses a second outbound rule on a frontend for the same protocol
 * (MoreThanOneOutboundRuleUsingSameFrontendIPConfigurationAndProtocolIsNotSupported:
 * https://github.com/Azure/AzLoadBalancerMigration/issues/10,
 * https://github.com/Azure/AzLoadBalancerMigration/issues/50), so the controllers keep their
 * outbound SNAT on the inbound frontend (kURL's "outbound on the same IP", and the apiserver's
 * address stays the controllers' egress address) and the workers' pools get an outbound
 * frontend per family with a public IP of its own. Outbound rules only apply to NICs without
 * an instance-level public IP: https://learn.microsoft.com/azure/load-balancer/outbound-rules
 */
function outboundFrontendOf(role: BackendRole, family: Family): string {
    return role === "controllers" ? frontendName(family) : outboundFrontendName(role, family);
}

export function planFrontends(spec: ClusterSpec, lbName: string, internal: boolean, outbound: boolean, dnsLabel: string | undefined): AzureFrontendPlan[] {
    const res = spec.resourceName;
    const publicIp = (family: Family, ...role: string[]) =>
        internal ? undefined : { logicalName: logicalName(res, "lb", ...role, family), name: cloudName(AZURE_NAME, lbName, ...role, family) };
    const inbound = spec.families.map((family): AzureFrontendPlan => {
        const ip = publicIp(family);
        return { family, name: frontendName(family), publicIp: ip && { ...ip, dnsLabel: family === "ipv4" ? dnsLabel : undefined } };
    });
    const workersOut = outbound && frontendsOf(spec, "workers").length > 0;
    const outboundOnly = (workersOut ? spec.families : []).map(
        (family): AzureFrontendPlan => ({ family, name: outboundFrontendName("workers", family), outboundRole: "workers", publicIp: publicIp(family, "outbound", "workers") }),
    );
    return [...inbound, ...outboundOnly];
}

/** Per family, the public IPs that the pools' outbound rules translate the nodes' connections to. */
export function nodePublicIps(frontends: AzureFrontendPlan[], outbound: boolean): Record<Family, string[]> {
    const of = (family: Family) => (outbound ? frontends.filter((f) => f.family === family && f.publicIp).map((f) => f.publicIp!.logicalName) : []);
    return { ipv4: of("ipv4"), ipv6: of("ipv6") };
}


// Azure takes idleTimeoutInMinutes, which "is only used when the protocol is set to TCP":
// https://learn.microsoft.com/python/api/azure-mgmt-network/azure.mgmt.network.models.loadbalancingrulepropertiesformat
export function checkIdleTimeouts(r: Reader, spec: ClusterSpec): void {
    const reported = new Set<string>();
    const { min, max } = AZURE_LIMITS.idleTimeout;
    for (const f of spec.frontends) {
        const seconds = f.idleTimeoutSeconds;
        const path = inputPath(f, "idleTimeoutSeconds");
        if (seconds === undefined || reported.has(path)) continue;
        reported.add(path);
        if (f.protocol === "UDP") {
            r.problems.add(path, "only applies to TCP on Azure: a load-balancing rule's idle timeout is not used for UDP", "remove idleTimeoutSeconds from the UDP service");
        } else if (seconds % 60 !== 0) {
            const [lower, upper] = [Math.max(min, Math.floor(seconds / 60) * 60), Math.min(max, Math.ceil(seconds / 60) * 60)];
            r.problems.add(path, `${seconds} seconds is not a whole number of minutes, and Azure sets idleTimeoutInMinutes`, `use ${lower} (${lower / 60} minutes) or ${upper} (${upper / 60} minutes)`);
        }
    }
}

export function loadBalancerChildren(spec: ClusterSpec, outbound: boolean) {
    const roles = ROLES.filter((role) => frontendsOf(spec, role).length > 0);
    const pools = roles.flatMap((role) => spec.families.map((family) => ({ role, family, name: poolName(role, family) })));
    const probes = new Map<string, AzureProbePlan>();
    const rules: AzureRulePlan[] = [];
    for (const f of spec.frontends) {
        const probe = probeOf(f.healthCheck);
        probes.set(probe.name, probe);
        for (const family of spec.families) {
            rules.push({
                name: cloudName(AZURE_NAME, f.key, family),
                frontendKey: f.key,
                family,
                frontendName: frontendName(family),
                poolName: poolName(f.backend, family),
                probeName: probe.name,
                protocol: f.protocol === "UDP" ? "Udp" : "Tcp",
                frontendPort: f.port,
                backendPort: f.targetPort,
                disableOutboundSnat: outbound,
                idleTimeoutInMinutes: f.protocol === "TCP" && f.idleTimeoutSeconds !== undefined ? f.idleTimeoutSeconds / 60 : undefined,
            });
        }
    }
    const outboundRules = outbound
        ? pools.map((p) => ({ name: cloudName(AZURE_NAME, "outbound", p.role, p.family), frontendNames: [outboundFrontendOf(p.role, p.family)], poolName: p.name }))
        : [];
    // Sorted by name, so that reordering services leaves the load balancer's lists as they are.
    return {
        pools: byName(pools),
        probes: byName([...probes.values()]),
        rules: byName(rules),
        outboundRules: byName(outboundRules),
    };
}
