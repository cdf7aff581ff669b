// Addresses, health checks, backend services, target proxies, Cloud Armor policies and
// forwarding rules, for the passthrough (regional) and proxy (global) load balancers.
import { BackendRole, GcpMode, TransportProtocol } from "../../generated/enums";
import { ClusterSpec, Frontend, HealthCheckSpec } from "../cluster";
import { ShutdownTiming } from "../shutdown";
import { ANYWHERE, Family } from "../net";
import { cloudName, GCP_NAME, logicalName, shortHash } from "../naming";
import {
    apiserverOf,
    clientCidrs,
    familiesOf,
    inputPath,
    internalApiserverOf,
    ROLES,
} from "../frontends";
import { Maybe } from "../unknown";
import { Reader } from "../read";
import {
    GCP_DEFAULT_TIMEOUT,
    GCP_HEALTH_PROPAGATION_SECONDS,
    MAX_RANGES_PER_ARMOR_RULE,
    PASSTHROUGH_IDLE_TIMEOUT,
} from "./limits";
import {
    FrontendGroup,
    GcpAddressPlan,
    GcpForwardingRulePlan,
    GcpNetworkTier,
    GcpPlan,
    GcpSecurityPolicyPlan,
    Namer,
} from "./types";

/** Allow rules of a family start here, one per 10 ranges; the default rule has the lowest priority. */
const ARMOR_PRIORITIES: Record<Family, number> = { ipv4: 1000, ipv6: 2000 };

export const ARMOR_DEFAULT_PRIORITY = 2147483647;

/**
 * The apiserver's shutdown timing. A probe fails after its timeout; TCP connections then stay
 * on the unhealthy backend (connectionTrackingPolicy's DEFAULT_FOR_PROTOCOL persists TCP with
 * the default per-connection tracking:
 * https://cloud.google.com/compute/docs/reference/rest/v1/regionBackendServices), so the
 * apiserver closes them itself; connection draining covers a backend removed from its group.
 */
export function gcpShutdownTiming(hc: HealthCheckSpec): ShutdownTiming {
    return {
        timeoutSeconds: gcpHealthCheckTimeout(hc),
        propagationSeconds: GCP_HEALTH_PROPAGATION_SECONDS,
    };
}

export const gcpHealthCheckTimeout = (hc: HealthCheckSpec) =>
    hc.timeoutSeconds ?? Math.min(GCP_DEFAULT_TIMEOUT, hc.intervalSeconds);

export function frontendGroups(spec: ClusterSpec): FrontendGroup[] {
    const groups = new Map<string, FrontendGroup>();
    for (const f of spec.frontends) {
        const key = groupKey(f);
        const group = groups.get(key) ?? {
            key,
            backend: f.backend,
            protocol: f.protocol,
            frontends: [],
        };
        group.frontends.push(f);
        groups.set(key, group);
    }
    return [...groups.values()];
}

const groupKey = (f: Frontend) => (f.role === "ingress" ? "ingress" : f.key);

export const sortedUnique = (ports: number[]) => [...new Set(ports)].sort((a, b) => a - b);

/** The name of the instance groups' named port for a frontend's target port (proxy mode). */
export const namedPort = (f: Frontend) => cloudName(GCP_NAME, f.key);

export function checkMode(
    r: Reader,
    spec: ClusterSpec,
    groups: FrontendGroup[],
    mode: GcpMode,
    tierInput: GcpNetworkTier | undefined,
): void {
    const internal = spec.scheme === "internal";
    if (tierInput === "STANDARD") {
        if (internal)
            r.problems.add(
                "networkTier",
                "internal frontends have no network tier",
                "leave networkTier out",
            );
        else if (mode === "proxy")
            r.problems.add(
                "networkTier",
                "the global external proxy load balancer is Premium Tier only",
                'use networkTier "PREMIUM", or mode "passthrough"',
            );
        else if (spec.ipv6)
            r.problems.add(
                "networkTier",
                "IPv6 frontends are Premium Tier only",
                'use networkTier "PREMIUM", or set ipv6 false',
            );
    }
    if (mode === "proxy" && internal) {
        r.problems.add(
            "scheme",
            'mode "proxy" builds the global external proxy load balancer, which has no internal frontends',
            'use mode "passthrough" for an internal load balancer, or scheme "public"',
        );
    }
    for (const g of groups) {
        const [first] = g.frontends;
        if (mode === "proxy" && g.protocol === "UDP") {
            r.problems.add(
                inputPath(first, "protocol"),
                'mode "proxy" carries TCP only (target TCP proxies)',
                'use mode "passthrough" for UDP services',
            );
        }
        if (
            mode === "passthrough" &&
            first.idleTimeoutSeconds !== undefined &&
            first.idleTimeoutSeconds !== PASSTHROUGH_IDLE_TIMEOUT
        ) {
            r.problems.add(
                inputPath(first, "idleTimeoutSeconds"),
                `${first.idleTimeoutSeconds} cannot be honoured: a passthrough load balancer has no idle timeout, and the VPC's connection tracking drops TCP connections idle for ${PASSTHROUGH_IDLE_TIMEOUT} seconds`,
                `set it to ${PASSTHROUGH_IDLE_TIMEOUT} or leave it out, or use mode: proxy, whose backend services take an idle timeout`,
            );
        }
        for (const f of g.frontends) {
            if (mode === "passthrough" && f.port !== f.targetPort) {
                r.problems.add(
                    inputPath(f, "targetPort"),
                    `${f.targetPort} differs from the frontend port ${f.port}, and a passthrough load balancer delivers packets to the port they were sent to`,
                    `set it to ${f.port} or leave it out, or use mode: proxy, which maps ports`,
                );
            }
        }
    }
}

type FrontendPlans = Pick<
    GcpPlan,
    "backendServices" | "targetProxies" | "forwardingRules" | "securityPolicies"
>;

/**
 * Passthrough: an address per role and family. Google's guest agent routes every
 * load-balancer address a VM serves to the VM itself
 * (https://cloud.google.com/load-balancing/docs/internal: "the guest agent installs the local
 * route for the load balancer's IP address"; https://github.com/GoogleCloudPlatform/guest-agent#network),
 * so a worker dialing an address that also carried the apiserver would reach itself. Proxy
 * mode: one address per family, since Google's proxies, not the nodes, serve it.
 * Names end in a fingerprint of what Google Cloud cannot change in place, so that a
 * replacement gets a name of its own. The controllers' address keeps the names of the single
 * address it once was, so upgrading keeps the apiserver's address.
 */
export function addresses(
    spec: ClusterSpec,
    groups: FrontendGroup[],
    mode: GcpMode,
    name: Namer,
    fingerprint: string,
): GcpAddressPlan[] {
    const res = spec.resourceName;
    const perFamily = (family: Family): GcpAddressPlan => ({
        key: family,
        family,
        logicalName: logicalName(res, family, "address"),
        name: name(family, fingerprint),
    });
    if (mode === "proxy") return spec.families.map(perFamily);
    const roles = ROLES.filter((role) => groups.some((g) => g.backend === role));
    return roles.flatMap((role) =>
        familiesOf(spec, role).map((family) =>
            role === "controllers"
                ? { ...perFamily(family), key: addressKey(role, family), role }
                : {
                      key: addressKey(role, family),
                      role,
                      family,
                      logicalName: logicalName(res, role, family, "address"),
                      name: name(role, family, fingerprint),
                  },
        ),
    );
}

export const addressKey = (role: BackendRole, family: Family) => `${role}-${family}`;

/** One backend service per group, its forwarding rule per family carrying the group's ports. */
export function passthroughFrontends(
    spec: ClusterSpec,
    groups: FrontendGroup[],
    name: Namer,
): FrontendPlans {
    const res = spec.resourceName;
    return {
        backendServices: groups.map((g) => ({
            key: g.key,
            logicalName: logicalName(res, g.key, "backend"),
            name: name(g.key, shortHash(`${spec.scheme}/${g.protocol}`, 4)),
            role: g.backend,
            protocol: g.protocol,
            healthCheck: g.key,
            drainingTimeoutSeconds: g.frontends[0].drainSeconds,
        })),
        targetProxies: [],
        securityPolicies: [],
        forwardingRules: groups.flatMap((g) =>
            forwardingRules(
                spec,
                name,
                g.key,
                g.frontends[0].families,
                g.protocol,
                sortedUnique(g.frontends.map((f) => f.port)),
                { backendService: g.key },
                (family) => addressKey(g.backend, family),
            ),
        ),
    };
}

/**
 * Per frontend a backend service on its named port, a target TCP proxy and a global forwarding
 * rule per family. The backend service's timeoutSec is the proxies' idle timeout
 * (https://cloud.google.com/load-balancing/docs/backend-service#timeout-setting); Google's
 * default of 30 seconds would cut quiet watches, exec, logs and port-forward.
 */
export function proxyFrontends(
    spec: ClusterSpec,
    groups: FrontendGroup[],
    name: Namer,
): FrontendPlans {
    const res = spec.resourceName;
    const securityPolicies = groups.flatMap((g) => securityPolicy(spec, g, name));
    return {
        backendServices: spec.frontends.map((f) => ({
            key: f.key,
            logicalName: logicalName(res, f.key, "backend"),
            name: name(f.key),
            role: f.backend,
            protocol: f.protocol,
            healthCheck: groupKey(f),
            portName: namedPort(f),
            timeoutSeconds: f.idleTimeoutSeconds,
            drainingTimeoutSeconds: f.drainSeconds,
            securityPolicy: securityPolicies.find((p) => p.key === groupKey(f))?.key,
        })),
        targetProxies: spec.frontends.map((f) => ({
            key: f.key,
            logicalName: logicalName(res, f.key, "proxy"),
            name: name(f.key),
            backendService: f.key,
        })),
        securityPolicies,
        forwardingRules: spec.frontends.flatMap((f) =>
            forwardingRules(
                spec,
                name,
                f.key,
                f.families,
                f.protocol,
                [f.port],
                { targetProxy: f.key },
                (family) => family,
            ),
        ),
    };
}

/**
 * Google's proxies end the client connections, so the nodes cannot filter clients; a Cloud
 * Armor backend security policy on the group's backend services can. Cloud Armor supports the
 * global external proxy Network Load Balancer, with IP allow and deny rules in its Standard
 * tier (https://cloud.google.com/armor/docs/security-policy-overview,
 * https://cloud.google.com/armor/docs/common-use-cases). Allow rules per family of at most 10
 * ranges each, sorted, so priorities follow the CIDRs and not their order; the default rule
 * denies everyone else. None when the group admits everyone.
 */
function securityPolicy(spec: ClusterSpec, g: FrontendGroup, name: Namer): GcpSecurityPolicyPlan[] {
    const [first] = g.frontends;
    const clients = (family: Family) => [...clientCidrs(spec, first, family)].sort();
    if (first.families.every((family) => clients(family).includes(ANYWHERE[family]))) return [];
    const rules = first.families.flatMap((family) => {
        const all = clients(family);
        return Array.from(
            { length: Math.ceil(all.length / MAX_RANGES_PER_ARMOR_RULE) },
            (_, i) => ({
                priority: ARMOR_PRIORITIES[family] + i,
                srcIpRanges: all.slice(
                    i * MAX_RANGES_PER_ARMOR_RULE,
                    (i + 1) * MAX_RANGES_PER_ARMOR_RULE,
                ),
                // Cloud Armor rule descriptions hold at most 64 characters; the policy names the group.
                description: `clients over ${family}`,
            }),
        );
    });
    return [
        {
            key: g.key,
            logicalName: logicalName(spec.resourceName, g.key, "armor"),
            name: name(g.key),
            rules,
        },
    ];
}

/** A forwarding rule per address family the frontends serve; they share the family's address. */
function forwardingRules(
    spec: ClusterSpec,
    name: Namer,
    key: string,
    families: Family[],
    protocol: TransportProtocol,
    ports: number[],
    target: Pick<GcpForwardingRulePlan, "backendService" | "targetProxy">,
    address: (family: Family) => string,
): GcpForwardingRulePlan[] {
    return families.map((family) => ({
        key: `${key}-${family}`,
        logicalName: logicalName(spec.resourceName, key, family, "fr"),
        name: name(key, family),
        family,
        protocol,
        ports,
        ...target,
        address: address(family),
    }));
}

/** The private endpoint's address, beside the controllers' public one. */
export const INTERNAL_ENDPOINT_ADDRESS = "controllers-internal-ipv4";

/**
 * The private endpoint (`apiserver.internal`) of a public passthrough cluster: an internal
 * passthrough load balancer (scheme INTERNAL: an internal address from the subnetwork, a
 * regional backend service on the controllers' instance groups with the apiserver's health
 * check, a forwarding rule on the apiserver's port), as OpenShift's installer puts its
 * internal API load balancer on the same control-plane instance groups as its public one
 * (openshift/installer data/data/gcp/network/lb-private.tf;
 * https://cloud.google.com/load-balancing/docs/internal). IPv4, as the nodes dial it.
 */
export function internalEndpointFrontends(
    spec: ClusterSpec,
    name: Namer,
    pinned: Maybe<string> | undefined,
): Pick<GcpPlan, "addresses" | "backendServices" | "forwardingRules"> {
    const f = internalApiserverOf(spec);
    if (!f) return { addresses: [], backendServices: [], forwardingRules: [] };
    const res = spec.resourceName;
    return {
        addresses: [
            {
                key: INTERNAL_ENDPOINT_ADDRESS,
                role: "controllers",
                family: "ipv4",
                logicalName: logicalName(res, INTERNAL_ENDPOINT_ADDRESS, "address"),
                name: name("controllers", "internal", "ipv4"),
                address: pinned,
                internal: true,
            },
        ],
        backendServices: [
            {
                key: f.key,
                logicalName: logicalName(res, f.key, "backend"),
                name: name(f.key),
                role: "controllers",
                protocol: "TCP",
                healthCheck: apiserverOf(spec).key,
                drainingTimeoutSeconds: f.drainSeconds,
                internal: true,
            },
        ],
        forwardingRules: forwardingRules(
            spec,
            name,
            f.key,
            ["ipv4"],
            "TCP",
            [f.port],
            { backendService: f.key },
            () => INTERNAL_ENDPOINT_ADDRESS,
        ).map((fr) => ({ ...fr, internal: true })),
    };
}
