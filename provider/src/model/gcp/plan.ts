// The Google Cloud plan (README "Google Cloud: GcpHaCluster"): a regional passthrough network load
// balancer (mode passthrough) or a global external proxy network load balancer (mode proxy),
// with addresses, health checks, backend services, forwarding rules, instance groups,
// firewall rules and routes. Pure: the gcp folder only turns this plan into resources.
import { BackendRole, GcpMode, GcpModeValues, TransportProtocol } from "../../generated/enums";
import { CloudLimits, ClusterSpec, Frontend, readCluster } from "../cluster";
import { ANYWHERE, Family } from "../net";
import { cloudName, GCP_NAME, logicalName, shortHash } from "../naming";
import { checkNodeAccess, clientCidrs, frontendsOf, ROLES } from "../plan";
import { PlanInventory, PlannedName } from "../inventory";
import { Problem } from "../problems";
import { keyPath, Raw, Reader } from "../read";
import { isKnown, Maybe } from "../unknown";
import { checkSharedInstances, gcpInstanceGroups, passthroughRegion, readTargets, readTargetTags } from "./targets";
import { readRoutes } from "./routes";

export const GCP_LIMITS: CloudLimits = {
    cloud: "Google Cloud",
    // Google Cloud limits forwarding rules and backend services per project (quotas), not per
    // load balancer. The one hard limit, 10 forwarding rules per shared internal address, is
    // checked by planGcp.
    maxFrontends: Number.POSITIVE_INFINITY,
    interval: { min: 1, max: 300, what: "a health-check interval (1-300 seconds)" },
    timeout: { min: 1, max: 300, what: "a health-check timeout (1-300 seconds)" },
    threshold: { min: 1, max: 10, what: "a health-check threshold (1-10)" },
    // A backend service's timeoutSec, which the proxies use as their idle timeout:
    // https://cloud.google.com/load-balancing/docs/backend-service#timeout-setting
    idleTimeout: { min: 1, max: 2147483647, what: "a backend service timeout (1-2147483647 seconds)" },
};

/**
 * Passthrough load balancers have no idle timeout of their own: the backend service's
 * timeoutSec is not theirs, and connectionTrackingPolicy.idleTimeoutSec can be set only on
 * internal ones with a session affinity short of the 5-tuple
 * (https://cloud.google.com/compute/docs/reference/rest/v1/regionBackendServices, connectionTrackingPolicy).
 * What cuts an idle TCP connection is the VPC's connection tracking, fixed at 10 minutes
 * (https://cloud.google.com/compute/docs/troubleshooting/general-tips#idle-connections).
 */
const PASSTHROUGH_IDLE_TIMEOUT = 600;

/** https://cloud.google.com/compute/docs/reference/rest/v1/securityPolicies: "Maximum number of src_ip_ranges allowed is 10." */
const MAX_RANGES_PER_ARMOR_RULE = 10;
/** Allow rules of a family start here, one per 10 ranges; the default rule has the lowest priority. */
const ARMOR_PRIORITIES: Record<Family, number> = { ipv4: 1000, ipv6: 2000 };
export const ARMOR_DEFAULT_PRIORITY = 2147483647;

/** Compute Engine's health-check timeout when none is set; it may not exceed the interval. */
const GCP_DEFAULT_TIMEOUT = 5;

/** https://cloud.google.com/load-balancing/docs/quotas (internal forwarding rules per shared address). */
const MAX_RULES_PER_INTERNAL_ADDRESS = 10;

/**
 * The sources of Google's health-check probes, per load balancer type and address family,
 * from "Probe IP ranges and firewall rules" in
 * https://cloud.google.com/load-balancing/docs/health-check-concepts and from
 * https://cloud.google.com/load-balancing/docs/firewall-rules (global external proxy network
 * load balancers reach instance-group backends from the health-check ranges).
 */
export const GOOGLE_SOURCES: Record<"externalPassthrough" | "internalPassthrough" | "proxy", Record<Family, string[]>> = {
    externalPassthrough: { ipv4: ["35.191.0.0/16", "209.85.152.0/22", "209.85.204.0/22"], ipv6: ["2600:1901:8001::/48"] },
    internalPassthrough: { ipv4: ["35.191.0.0/16", "130.211.0.0/22"], ipv6: ["2600:2d00:1:b029::/64"] },
    // The proxies connect to the backends over IPv4 (the backend service's default
    // ipAddressSelectionPolicy, IPV4_ONLY), IPv6 clients included.
    proxy: { ipv4: ["35.191.0.0/16", "130.211.0.0/22"], ipv6: [] },
};

export * from "./types";
import { GcpAddressPlan, GCP_NETWORK_TIERS, GcpFirewallPlan, GcpForwardingRulePlan, GcpNamedPort, GcpNetworkTier, GcpPlan, GcpSecurityPolicyPlan, GcpTargetsPlan } from "./types";

/**
 * Frontends as the forwarding rules and firewall rules group them: the apiserver, ingress
 * (HTTP and HTTPS together) and each service. A new service is a new group, so it adds
 * rules instead of changing the port list of an existing one.
 */
interface FrontendGroup {
    key: string;
    backend: BackendRole;
    protocol: TransportProtocol;
    frontends: Frontend[];
}

function frontendGroups(spec: ClusterSpec): FrontendGroup[] {
    const groups = new Map<string, FrontendGroup>();
    for (const f of spec.frontends) {
        const key = groupKey(f);
        const group = groups.get(key) ?? { key, backend: f.backend, protocol: f.protocol, frontends: [] };
        group.frontends.push(f);
        groups.set(key, group);
    }
    return [...groups.values()];
}

const groupKey = (f: Frontend) => (f.role === "ingress" ? "ingress" : f.key);

const sortedUnique = (ports: number[]) => [...new Set(ports)].sort((a, b) => a - b);

/** The input path of a frontend's sibling property: `services[2].port` -> `services[2].targetPort`. */
function frontendPath(f: Frontend, property: "targetPort" | "protocol" | "allowedCidrs" | "idleTimeoutSeconds"): string {
    if (f.role !== "ingress") return f.portPath.replace(/port$/, property);
    return property === "targetPort" ? f.portPath.replace(/Port$/, "TargetPort") : `ingress.${property}`;
}

/** The name of the instance groups' named port for a frontend's target port (proxy mode). */
const namedPort = (f: Frontend) => cloudName(GCP_NAME, f.key);

const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
const LABEL_KEY = /^\p{Ll}[\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;
const MAX_LABELS = 64;

function checkLabels(r: Reader, tags: Record<string, Maybe<string>>): void {
    const entries = Object.entries(tags);
    if (entries.length > MAX_LABELS) r.problems.add("tags", `${entries.length} labels exceed the Google Cloud limit of ${MAX_LABELS}`, "remove labels");
    for (const [key, value] of entries) {
        if (!LABEL_KEY.test(key)) {
            r.problems.add(
                keyPath("tags", key),
                `${JSON.stringify(key)} is not a Google Cloud label key`,
                "start the key with a lowercase letter and use only lowercase letters, digits, \"_\" and \"-\", at most 63 characters",
            );
        } else if (isKnown(value) && !LABEL_VALUE.test(value)) {
            r.problems.add(keyPath("tags", key), `${JSON.stringify(value)} is not a Google Cloud label value`, "use only lowercase letters, digits, \"_\" and \"-\", at most 63 characters");
        }
    }
}

function checkMode(r: Reader, spec: ClusterSpec, groups: FrontendGroup[], mode: GcpMode, tierInput: GcpNetworkTier | undefined): void {
    const internal = spec.scheme === "internal";
    if (tierInput === "STANDARD") {
        if (internal) r.problems.add("networkTier", "internal frontends have no network tier", "leave networkTier out");
        else if (mode === "proxy") r.problems.add("networkTier", "the global external proxy load balancer is Premium Tier only", 'use networkTier "PREMIUM", or mode "passthrough"');
        else if (spec.ipv6) r.problems.add("networkTier", "IPv6 frontends are Premium Tier only", 'use networkTier "PREMIUM", or set ipv6 false');
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
            r.problems.add(frontendPath(first, "protocol"), 'mode "proxy" carries TCP only (target TCP proxies)', 'use mode "passthrough" for UDP services');
        }
        if (mode === "passthrough" && first.idleTimeoutSeconds !== undefined && first.idleTimeoutSeconds !== PASSTHROUGH_IDLE_TIMEOUT) {
            r.problems.add(
                frontendPath(first, "idleTimeoutSeconds"),
                `${first.idleTimeoutSeconds} cannot be honoured: a passthrough load balancer has no idle timeout, and the VPC's connection tracking drops TCP connections idle for ${PASSTHROUGH_IDLE_TIMEOUT} seconds`,
                `set it to ${PASSTHROUGH_IDLE_TIMEOUT} or leave it out, or use mode: proxy, whose backend services take an idle timeout`,
            );
        }
        for (const f of g.frontends) {
            if (mode === "passthrough" && f.port !== f.targetPort) {
                r.problems.add(
                    frontendPath(f, "targetPort"),
                    `${f.targetPort} differs from the frontend port ${f.port}, and a passthrough load balancer delivers packets to the port they were sent to`,
                    `set it to ${f.port} or leave it out, or use mode: proxy, which maps ports`,
                );
            }
        }
    }
}

export function planGcp(raw: Raw, resourceName: string): { plan?: GcpPlan; problems: Problem[] } {
    const r = new Reader();
    const spec = readCluster(r, raw, resourceName, GCP_LIMITS);
    const args = r.object(raw, "") ?? {};
    const internal = spec.scheme === "internal";
    const mode = r.oneOf(args.mode, "mode", GcpModeValues) ?? "passthrough";
    const tierInput = r.oneOf(args.networkTier, "networkTier", GCP_NETWORK_TIERS);
    const groups = frontendGroups(spec);
    checkMode(r, spec, groups, mode, tierInput);

    const project = r.ref(args.project, "project");
    const region = r.required(r.ref(args.region, "region"), args.region, "region", 'give the region of the nodes, such as "us-central1"');
    if (region !== undefined && isKnown(region) && !REGION.test(region)) {
        r.problems.add("region", `${JSON.stringify(region)} is not a Google Cloud region`, 'use a region name such as "us-central1"');
    }
    const network = r.required(r.ref(args.network, "network"), args.network, "network", "give the VPC network of the nodes");
    const subnetwork = r.ref(args.subnetwork, "subnetwork");
    if (subnetwork === undefined && (args.subnetwork === undefined || args.subnetwork === null)) {
        if (internal) r.problems.add("subnetwork", "is required for an internal load balancer", "give the subnetwork the internal frontend addresses come from");
        else if (spec.ipv6 && mode === "passthrough") {
            r.problems.add("subnetwork", "is required for IPv6 frontends in passthrough mode", "give a dual-stack subnetwork: the IPv6 frontend address comes from its external IPv6 range");
        }
    }
    for (const role of ROLES) {
        const count = groups.filter((g) => g.backend === role).length;
        if (mode === "passthrough" && internal && count > MAX_RULES_PER_INTERNAL_ADDRESS) {
            r.problems.add(
                "services",
                `${count} forwarding rules would share the ${role}' internal address, and Google Cloud allows at most ${MAX_RULES_PER_INTERNAL_ADDRESS}`,
                `remove ${count - MAX_RULES_PER_INTERNAL_ADDRESS} service(s) of the ${role}, or split them across two components`,
            );
        }
    }
    // Kubelets reach a public apiserver from their external or Cloud NAT addresses, which only
    // the user knows (https://cloud.google.com/load-balancing/docs/network/networklb-backend-service:
    // clients are VMs "with external IPs" or "with internet access through Cloud NAT"). Internal
    // frontends admit the nodes by their tags (see firewalls), so the check is quiet there.
    checkNodeAccess(r, spec);

    const zoneRegion = passthroughRegion({ mode, region });
    const controllers = readTargets(r, args.controllers, "controllers", zoneRegion);
    const workers = readTargets(r, args.workers, "workers", zoneRegion);
    checkSharedInstances(r, controllers.instances, workers.instances);
    const tags = {
        controllers: readTargetTags(r, args.controllerTags, "controllerTags", cloudName(GCP_NAME, spec.clusterName, "controller")),
        workers: readTargetTags(r, args.workerTags, "workerTags", cloudName(GCP_NAME, spec.clusterName, "worker")),
    };
    checkLabels(r, spec.tags);
    const routes = readRoutes(r, args.routes);

    if (!r.problems.empty) return { problems: r.problems.list };

    const res = spec.resourceName;
    const name = (...parts: string[]) => cloudName(GCP_NAME, spec.clusterName, ...parts);
    const tier = tierInput ?? "PREMIUM";
    const sources = mode === "proxy" ? GOOGLE_SOURCES.proxy : internal ? GOOGLE_SOURCES.internalPassthrough : GOOGLE_SOURCES.externalPassthrough;
    const targets = { controllers, workers };
    const plan: GcpPlan = {
        cluster: spec,
        mode,
        internal,
        networkTier: mode === "passthrough" && !internal ? tier : undefined,
        project,
        region: region!,
        network: network!,
        subnetwork,
        addresses: addresses(spec, groups, mode, name, shortHash(`${mode}/${spec.scheme}/${tier}`, 4)),
        healthChecks: groups.map((g) => {
            const check = g.frontends[0].healthCheck;
            return {
                key: g.key,
                logicalName: logicalName(res, g.key, "hc"),
                name: name(g.key),
                check,
                timeoutSeconds: check.timeoutSeconds ?? Math.min(GCP_DEFAULT_TIMEOUT, check.intervalSeconds),
            };
        }),
        ...(mode === "proxy" ? proxyFrontends(spec, groups, name) : passthroughFrontends(spec, groups, name)),
        targets: Object.fromEntries(
            ROLES.map((role) => [
                role,
                {
                    role,
                    instances: targets[role].instances,
                    instanceGroups: targets[role].instanceGroups,
                    tags: tags[role],
                    namedPorts: mode === "proxy" ? namedPorts(spec, role) : [],
                },
            ]),
        ) as Record<BackendRole, GcpTargetsPlan>,
        firewalls: groups.flatMap((g) => firewalls(spec, g, mode, sources, name)),
        routes: routes.map((route) => ({ ...route, logicalName: logicalName(res, "route", route.key), name: name(route.key) })),
        googleSources: spec.families.flatMap((family) => sources[family]),
    };
    return { plan, problems: [] };
}

type Namer = (...parts: string[]) => string;
type FrontendPlans = Pick<GcpPlan, "backendServices" | "targetProxies" | "forwardingRules" | "securityPolicies">;

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
function addresses(spec: ClusterSpec, groups: FrontendGroup[], mode: GcpMode, name: Namer, fingerprint: string): GcpAddressPlan[] {
    const res = spec.resourceName;
    const perFamily = (family: Family): GcpAddressPlan => ({ key: family, family, logicalName: logicalName(res, family, "address"), name: name(family, fingerprint) });
    if (mode === "proxy") return spec.families.map(perFamily);
    const roles = ROLES.filter((role) => groups.some((g) => g.backend === role));
    return roles.flatMap((role) =>
        spec.families.map((family) =>
            role === "controllers"
                ? { ...perFamily(family), key: addressKey(role, family), role }
                : { key: addressKey(role, family), role, family, logicalName: logicalName(res, role, family, "address"), name: name(role, family, fingerprint) },
        ),
    );
}

const addressKey = (role: BackendRole, family: Family) => `${role}-${family}`;

/** One backend service per group, its forwarding rule per family carrying the group's ports. */
function passthroughFrontends(spec: ClusterSpec, groups: FrontendGroup[], name: Namer): FrontendPlans {
    const res = spec.resourceName;
    return {
        backendServices: groups.map((g) => ({
            key: g.key,
            logicalName: logicalName(res, g.key, "backend"),
            name: name(g.key, shortHash(`${spec.scheme}/${g.protocol}`, 4)),
            role: g.backend,
            protocol: g.protocol,
            healthCheck: g.key,
        })),
        targetProxies: [],
        securityPolicies: [],
        forwardingRules: groups.flatMap((g) =>
            forwardingRules(spec, name, g.key, g.protocol, sortedUnique(g.frontends.map((f) => f.port)), { backendService: g.key }, (family) => addressKey(g.backend, family)),
        ),
    };
}

/**
 * Per frontend a backend service on its named port, a target TCP proxy and a global forwarding
 * rule per family. The backend service's timeoutSec is the proxies' idle timeout
 * (https://cloud.google.com/load-balancing/docs/backend-service#timeout-setting); Google's
 * default of 30 seconds would cut quiet watches, exec, logs and port-forward.
 */
function proxyFrontends(spec: ClusterSpec, groups: FrontendGroup[], name: Namer): FrontendPlans {
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
            securityPolicy: securityPolicies.find((p) => p.key === groupKey(f))?.key,
        })),
        targetProxies: spec.frontends.map((f) => ({ key: f.key, logicalName: logicalName(res, f.key, "proxy"), name: name(f.key), backendService: f.key })),
        securityPolicies,
        forwardingRules: spec.frontends.flatMap((f) => forwardingRules(spec, name, f.key, f.protocol, [f.port], { targetProxy: f.key }, (family) => family)),
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
    if (spec.families.every((family) => clients(family).includes(ANYWHERE[family]))) return [];
    const rules = spec.families.flatMap((family) => {
        const all = clients(family);
        return Array.from({ length: Math.ceil(all.length / MAX_RANGES_PER_ARMOR_RULE) }, (_, i) => ({
            priority: ARMOR_PRIORITIES[family] + i,
            srcIpRanges: all.slice(i * MAX_RANGES_PER_ARMOR_RULE, (i + 1) * MAX_RANGES_PER_ARMOR_RULE),
            // Cloud Armor rule descriptions hold at most 64 characters; the policy names the group.
            description: `clients over ${family}`,
        }));
    });
    return [{ key: g.key, logicalName: logicalName(spec.resourceName, g.key, "armor"), name: name(g.key), rules }];
}

/** A forwarding rule per address family; they share the family's address. */
function forwardingRules(
    spec: ClusterSpec,
    name: Namer,
    key: string,
    protocol: TransportProtocol,
    ports: number[],
    target: Pick<GcpForwardingRulePlan, "backendService" | "targetProxy">,
    address: (family: Family) => string,
): GcpForwardingRulePlan[] {
    return spec.families.map((family) => ({
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

function namedPorts(spec: ClusterSpec, role: BackendRole): GcpNamedPort[] {
    return frontendsOf(spec, role)
        .map((f) => ({ name: namedPort(f), port: f.targetPort }))
        .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Passthrough keeps client IPs: per family, the clients' CIDRs (for the apiserver, with the
 * nodes' own sources) on the target ports and Google's probe ranges on the health-check port.
 * An internal apiserver short of everyone also admits the nodes by their network tags: source
 * tags match the internal addresses of tagged VMs in the network, which an internal
 * passthrough load balancer keeps as the packets' source
 * (https://cloud.google.com/compute/docs/reference/rest/v1/firewalls, sourceTags;
 * https://cloud.google.com/load-balancing/docs/internal). Proxy mode: the nodes see only
 * Google's proxies and probes, from the same ranges, on the target and health-check ports.
 */
function firewalls(spec: ClusterSpec, g: FrontendGroup, mode: GcpMode, sources: Record<Family, string[]>, name: Namer): GcpFirewallPlan[] {
    const [first] = g.frontends;
    const rule = (purpose: string, protocol: TransportProtocol, ports: number[], from: string[], description: string): GcpFirewallPlan => ({
        key: `${g.key}-${purpose}`,
        logicalName: logicalName(spec.resourceName, g.key, purpose, "fw"),
        name: name(g.key, purpose),
        role: g.backend,
        protocol: protocol === "UDP" ? "udp" : "tcp",
        ports: sortedUnique(ports),
        sources: from,
        description,
    });
    const targetPorts = g.frontends.map((f) => f.targetPort);
    if (mode === "proxy") {
        return [rule("proxy", "TCP", [...targetPorts, first.healthCheck.port], sources.ipv4, `${g.key}: Google's proxies and health checks`)];
    }
    const nodes =
        spec.scheme === "internal" && first.role === "apiserver" && !first.allowedCidrs.ipv4.includes(ANYWHERE.ipv4)
            ? [{ ...rule("nodes", "TCP", targetPorts, [], `${g.key}: the cluster's nodes`), sourceRoles: [...ROLES] }]
            : [];
    return [
        ...spec.families.flatMap((family) => {
            const clients = clientCidrs(spec, first, family);
            return [
                ...(clients.length > 0 ? [rule(`clients-${family}`, g.protocol, targetPorts, clients, `${g.key}: clients over ${family}`)] : []),
                rule(`health-${family}`, "TCP", [first.healthCheck.port], sources[family], `${g.key}: Google's health checks over ${family}`),
            ];
        }),
        ...nodes,
    ];
}

export function gcpInventory(plan: GcpPlan): PlanInventory {
    const named = (kind: string) => (x: { logicalName: string; name: string }): PlannedName => ({ kind, logicalName: x.logicalName, cloudName: x.name, rule: GCP_NAME });
    const knownGroups = ROLES.flatMap((role) => {
        const links = plan.targets[role].instances;
        return isKnown(links) && links.every(isKnown) ? gcpInstanceGroups(plan, role, links).groups : [];
    });
    return {
        names: [
            ...plan.addresses.map(named("address")),
            ...plan.healthChecks.map(named("health check")),
            ...plan.backendServices.map(named("backend service")),
            ...plan.targetProxies.map(named("target TCP proxy")),
            ...plan.securityPolicies.map(named("security policy")),
            ...plan.forwardingRules.map(named("forwarding rule")),
            ...knownGroups.map(named("instance group")),
            ...plan.firewalls.map(named("firewall rule")),
            ...plan.routes.map(named("route")),
        ],
        openings: plan.firewalls.map((f) => ({ logicalName: f.logicalName, protocol: f.protocol, ports: f.ports, sources: f.sources })),
        cloudSources: plan.googleSources,
    };
}
