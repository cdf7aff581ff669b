// The Standard load balancer: frontends and their public IPs, backend pools, probes,
// load-balancing rules and outbound rules, all inline in the load balancer.
import { BackendRole } from "../../generated/enums";
import { ClusterSpec, Frontend, HealthCheckSpec } from "../cluster";
import { Family, parseAddress } from "../net";
import { AZURE_NAME, cloudName, logicalName, shortHash, slug } from "../naming";
import { familiesOf, frontendsOf, inputPath, internalApiserverOf, ROLES } from "../frontends";
import { Raw, Reader } from "../read";
import { isKnown, Maybe } from "../unknown";
import { AZURE_HEALTH_PROPAGATION_SECONDS, AZURE_LIMITS, AZURE_MAX_FRONTEND_PORT } from "./limits";
import { ShutdownTiming } from "../shutdown";
import {
    AzureFrontendPlan,
    AzureOutboundRulePlan,
    AzurePlan,
    AzurePoolPlan,
    AzureProbePlan,
    AzureRulePlan,
} from "./types";

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
    return {
        timeoutSeconds: hc.intervalSeconds,
        propagationSeconds: AZURE_HEALTH_PROPAGATION_SECONDS,
    };
}

function probeOf(hc: HealthCheckSpec): AzureProbePlan {
    const protocol = ({ TCP: "Tcp", HTTP: "Http", HTTPS: "Https" } as const)[hc.protocol];
    const identity = [
        hc.protocol,
        hc.port,
        hc.path ?? "",
        hc.intervalSeconds,
        hc.unhealthyThreshold,
    ].join(" ");
    return {
        // Readable part plus a hash of the whole identity: a different check is a different probe.
        name: cloudName(
            AZURE_NAME,
            protocol,
            String(hc.port),
            slug(hc.path ?? ""),
            shortHash(identity, 4),
        ),
        protocol,
        port: hc.port,
        requestPath: hc.path,
        intervalInSeconds: hc.intervalSeconds,
        probeThreshold: hc.unhealthyThreshold,
    };
}

const byName = <T extends { name: string }>(list: T[]) =>
    [...list].sort((a, b) => a.name.localeCompare(b.name));

const frontendName = (family: Family) => cloudName(AZURE_NAME, "frontend", family);

/** An outbound-only frontend: the workers' own (`role`), or an extra IP of the nodes' rule. */
const outboundFrontendName = (role: BackendRole | undefined, family: Family, index: number) =>
    cloudName(AZURE_NAME, ...outboundParts(role, family, index));

// The first of each rule keeps the name it had before counts existed, so adding IPs replaces none.
const outboundParts = (role: BackendRole | undefined, family: Family, index: number) => [
    "outbound",
    ...(role ? [role] : []),
    family,
    ...(index > 1 ? [String(index)] : []),
];

/** Per family, the public IPs of each outbound rule, and the ones the user keeps, in order. */
export interface OutboundIps {
    count: Record<Family, number>;
    kept: Partial<Record<Family, Maybe<string>[]>>;
}

const poolName = (role: BackendRole, family: Family) => cloudName(AZURE_NAME, role, family);

/**
 * Where the nodes' outbound SNAT comes from. Azure refuses a second outbound rule on a frontend
 * for the same protocol (MoreThanOneOutboundRuleUsingSameFrontendIPConfigurationAndProtocolIsNotSupported:
 * https://github.com/Azure/AzLoadBalancerMigration/issues/10, #50), and an outbound rule takes
 * one backend pool. The outbound-rules page allows the inbound address for outbound too ("This
 * public IP or prefix can be the same as used by a load-balancing rule", with
 * disableOutboundSnat on that rule: https://learn.microsoft.com/azure/load-balancer/outbound-rules),
 * as Typhoon does (poseidon/typhoon azure/fedora-coreos/kubernetes/lb.tf at 2142817: outbound-ipv4 and
 * outbound-ipv6 on frontend-ipv4/-ipv6). So every node joins an outbound pool per family (AKS's
 * aksOutboundBackendPool, CAPZ's node outbound pool), whose one outbound rule uses the inbound
 * frontend: Typhoon's 2 public IPs and 8 rules for its frontends, and a rule name that stays
 * when the workers' frontends come and go. The pool takes the controllers' kind: their
 * addresses (and IP-based workers') when given by IP, else the NICs that join it. Workers of
 * the other kind cannot join it ("You can't create a single backend pool that mixes backend
 * addresses targeted by NIC and IP addresses":
 * https://learn.microsoft.com/azure/load-balancer/backend-pool-management), so they leave
 * from an outbound frontend per family with a public IP of its own. Outbound rules only apply
 * to NICs without an instance-level public IP (outbound-rules page).
 */
export function separateWorkerOutbound(
    spec: ClusterSpec,
    byIp: Record<BackendRole, boolean>,
): boolean {
    return frontendsOf(spec, "workers").length > 0 && byIp.workers !== byIp.controllers;
}

export function planFrontends(
    spec: ClusterSpec,
    lbName: string,
    internal: boolean,
    separateWorkers: boolean,
    dnsLabel: string | undefined,
    pinned: Partial<Record<Family, Maybe<string>>> = {},
    kept: Partial<Record<Family, Maybe<string>>> = {},
    outboundIps: OutboundIps = { count: { ipv4: 1, ipv6: 1 }, kept: {} },
): AzureFrontendPlan[] {
    const res = spec.resourceName;
    const inbound = spec.families.map((family): AzureFrontendPlan => ({
        family,
        name: frontendName(family),
        publicIp: internal
            ? undefined
            : {
                  logicalName: logicalName(res, "lb", family),
                  name: cloudName(AZURE_NAME, lbName, family),
                  dnsLabel: family === "ipv4" ? dnsLabel : undefined,
                  existingId: kept[family],
              },
        privateIpAddress: pinned[family],
    }));
    // The nodes' rule uses the inbound frontend first, so its extra IPs start at 2; the
    // workers' own rule has only outbound-only frontends.
    const outbound = (family: Family, role: BackendRole | undefined) => {
        const count = outboundIps.count[family];
        const first = role ? 1 : 2;
        return Array.from({ length: count - first + 1 }, (_, i) => first + i);
    };
    const outboundOnly = spec.families.flatMap((family) => {
        const slots = [
            ...outbound(family, undefined).map((index) => ({ role: undefined, index })),
            ...(separateWorkers && familiesOf(spec, "workers").includes(family)
                ? outbound(family, "workers").map((index) => ({ role: "workers" as const, index }))
                : []),
        ];
        return slots.map(({ role, index }, i): AzureFrontendPlan => {
            const parts = outboundParts(role, family, index);
            return {
                family,
                name: outboundFrontendName(role, family, index),
                outboundOnly: true,
                outboundRole: role,
                publicIp: {
                    logicalName: logicalName(res, "lb", ...parts),
                    name: cloudName(AZURE_NAME, lbName, ...parts),
                    existingId: outboundIps.kept[family]?.[i],
                },
            };
        });
    });
    return [...inbound, ...outboundOnly];
}

/** How many outbound-only public IPs a family has: what its kept list must match. */
export function outboundOnlyCount(
    spec: ClusterSpec,
    family: Family,
    count: number,
    separateWorkers: boolean,
): number {
    const workers = separateWorkers && familiesOf(spec, "workers").includes(family);
    return count - 1 + (workers ? count : 0);
}

/**
 * A public IP the user keeps, by resource ID: the inbound frontend of its family takes it
 * instead of a new one. Public only; a label belongs to the IP, so dnsLabel cannot be set.
 */
export function readKeptPublicIp(
    r: Reader,
    raw: Raw,
    path: string,
    internal: boolean,
    dnsLabel: string | undefined,
): Maybe<string> | undefined {
    const id = r.ref(raw, path);
    if (id === undefined) return undefined;
    if (internal) {
        r.problems.add(
            path,
            "is a public IP, and internal frontends take private addresses",
            'remove it, or set scheme "public"',
        );
    } else if (isKnown(id) && !PUBLIC_IP_ID.test(id)) {
        r.problems.add(
            path,
            `${JSON.stringify(id)} is not a public IP resource ID`,
            "give /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/publicIPAddresses/<name>",
        );
    } else if (dnsLabel !== undefined && path.endsWith("Ipv4AddressId")) {
        r.problems.add(
            "dnsLabel",
            `labels a public IP the component creates, and ${path} brings one`,
            "set the label on the kept public IP, or remove dnsLabel",
        );
    }
    return id;
}

export const PUBLIC_IP_ID =
    /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/publicIPAddresses\/([^/]+)$/i;

/** Per family, the public IPs that the pools' outbound rules translate the nodes' connections to. */
export function nodePublicIps(
    frontends: AzureFrontendPlan[],
    outbound: boolean,
): Record<Family, string[]> {
    const of = (family: Family) =>
        outbound
            ? frontends
                  .filter((f) => f.family === family && f.publicIp)
                  .map((f) => f.publicIp!.logicalName)
            : [];
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
            r.problems.add(
                path,
                "only applies to TCP on Azure: a load-balancing rule's idle timeout is not used for UDP",
                "remove idleTimeoutSeconds from the UDP service",
            );
        } else if (seconds % 60 !== 0) {
            const [lower, upper] = [
                Math.max(min, Math.floor(seconds / 60) * 60),
                Math.min(max, Math.ceil(seconds / 60) * 60),
            ];
            r.problems.add(
                path,
                `${seconds} seconds is not a whole number of minutes, and Azure sets idleTimeoutInMinutes`,
                `use ${lower} (${lower / 60} minutes) or ${upper} (${upper / 60} minutes)`,
            );
        }
    }
}

/**
 * The outbound rules' TCP idle timeout: in-cluster clients (kubelets, pods) reach a public
 * frontend through outbound SNAT, whose flows close after the outbound rule's timeout (4
 * minutes unless set: https://learn.microsoft.com/azure/load-balancer/outbound-rules#idletimeout),
 * so they get the longest timeout any frontend promises (the apiserver's 600 s by default).
 */
function outboundIdleMinutes(spec: ClusterSpec): number {
    const seconds = spec.frontends.flatMap((f) =>
        f.protocol === "TCP" && f.idleTimeoutSeconds !== undefined ? [f.idleTimeoutSeconds] : [],
    );
    return Math.max(AZURE_LIMITS.idleTimeout.min, ...seconds) / 60;
}

export function loadBalancerChildren(
    spec: ClusterSpec,
    outbound: boolean,
    separateWorkers: boolean,
    byIp: Record<BackendRole, boolean>,
    frontends: AzureFrontendPlan[],
) {
    const roles = ROLES.filter((role) => frontendsOf(spec, role).length > 0);
    const pools: AzurePoolPlan[] = roles.flatMap((role) =>
        familiesOf(spec, role).map((family) => ({
            role,
            family,
            name: poolName(role, family),
            members: byIp[role] ? [role] : [],
        })),
    );
    const outboundPool = (family: Family) => cloudName(AZURE_NAME, "outbound", family);
    if (outbound) {
        const members = byIp.controllers ? roles.filter((role) => byIp[role]) : [];
        pools.push(
            ...spec.families.map((family) => ({ family, name: outboundPool(family), members })),
        );
    }
    const probes = new Map<string, AzureProbePlan>();
    const rules: AzureRulePlan[] = [];
    for (const f of spec.frontends) {
        const probe = probeOf(f.healthCheck);
        probes.set(probe.name, probe);
        for (const family of f.families) {
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
                idleTimeoutInMinutes:
                    f.protocol === "TCP" && f.idleTimeoutSeconds !== undefined
                        ? f.idleTimeoutSeconds / 60
                        : undefined,
            });
        }
    }
    const idleTimeoutInMinutes = outboundIdleMinutes(spec);
    const outboundOf = (family: Family, role: BackendRole | undefined) =>
        frontends
            .filter((f) => f.outboundOnly && f.family === family && f.outboundRole === role)
            .map((f) => f.name);
    const outboundRules: AzureOutboundRulePlan[] = !outbound
        ? []
        : spec.families.flatMap((family) => [
              {
                  name: outboundPool(family),
                  frontendNames: [frontendName(family), ...outboundOf(family, undefined)],
                  poolName: outboundPool(family),
                  idleTimeoutInMinutes,
              },
              ...(separateWorkers && familiesOf(spec, "workers").includes(family)
                  ? [
                        {
                            name: cloudName(AZURE_NAME, "outbound", "workers", family),
                            frontendNames: outboundOf(family, "workers"),
                            poolName: poolName("workers", family),
                            idleTimeoutInMinutes,
                        },
                    ]
                  : []),
          ]);
    // Sorted by name, so that reordering services leaves the load balancer's lists as they are.
    return {
        pools: byName(pools),
        probes: byName([...probes.values()]),
        rules: byName(rules),
        outboundRules: byName(outboundRules),
    };
}

/** Azure's frontendPort stops at 65534 (AZURE_MAX_FRONTEND_PORT). */
export function checkFrontendPorts(r: Reader, spec: ClusterSpec): void {
    for (const f of spec.frontends) {
        if (f.port > AZURE_MAX_FRONTEND_PORT) {
            r.problems.add(
                f.portPath,
                `${f.port} is above Azure's highest frontend port, ${AZURE_MAX_FRONTEND_PORT}`,
                `use a frontend port in 1-${AZURE_MAX_FRONTEND_PORT}`,
            );
        }
    }
}

/**
 * A family with frontends forwards to its pool; where the members are given by IP and known,
 * every role with frontends needs one of each family, or that family's frontend has no backend.
 */
export function checkPoolFamilies(
    r: Reader,
    spec: ClusterSpec,
    targets: Record<BackendRole, Maybe<Maybe<string>[]>>,
): void {
    for (const role of ROLES) {
        const list = targets[role];
        const served = frontendsOf(spec, role);
        if (served.length === 0 || !isKnown(list) || list.length === 0 || !list.every(isKnown))
            continue;
        for (const family of spec.families) {
            if (list.some((a) => parseAddress(a)?.family === family)) continue;
            const name = family === "ipv4" ? "IPv4" : "IPv6";
            r.problems.add(
                `${role}.ipAddresses`,
                `has no ${name} address, so the ${name} frontend would forward ${served.map((f) => f.key).join(", ")} to an empty pool`,
                family === "ipv6"
                    ? `add the ${role}' IPv6 addresses, or set ipv6: false`
                    : `add the ${role}' IPv4 addresses`,
            );
        }
    }
}

/**
 * The private endpoint (`apiserver.internal`) of a public cluster: a second, internal Standard
 * load balancer with one private IPv4 frontend in `subnetId`, a NIC-based pool the controllers'
 * IPv4 configurations join besides their public pool, the apiserver's probe and one rule. A
 * NIC's IP configuration may sit in the pools of one public and one internal load balancer, as
 * cluster-api-provider-azure's public apiserver load balancer beside its internal one and
 * OpenShift's installer (data/data/azure: the masters in the external and the internal
 * load balancers' pools) do.
 */
export function planInternalLoadBalancer(
    spec: ClusterSpec,
    pinned: Maybe<string> | undefined,
): AzurePlan["internalLoadBalancer"] {
    const f = internalApiserverOf(spec);
    if (!f) return undefined;
    const probe = probeOf(f.healthCheck);
    const frontend = cloudName(AZURE_NAME, "internal", "ipv4");
    const pool = poolName("controllers", "ipv4");
    return {
        logicalName: logicalName(spec.resourceName, "int-lb"),
        name: cloudName(AZURE_NAME, spec.clusterName, "int-lb"),
        frontend: { family: "ipv4", name: frontend, privateIpAddress: pinned },
        pool: { role: "controllers", family: "ipv4", name: pool, members: [] },
        probe,
        rule: {
            name: cloudName(AZURE_NAME, f.key, "ipv4"),
            frontendKey: f.key,
            family: "ipv4",
            frontendName: frontend,
            poolName: pool,
            probeName: probe.name,
            protocol: "Tcp",
            frontendPort: f.port,
            backendPort: f.targetPort,
            // An internal load balancer gives no outbound SNAT to disable.
            disableOutboundSnat: false,
            idleTimeoutInMinutes:
                f.idleTimeoutSeconds === undefined ? undefined : f.idleTimeoutSeconds / 60,
        },
    };
}
