// The Azure plan (README "Azure: AzureHaCluster"): one Standard regional load balancer
// whose frontends, backend pools, probes, load-balancing rules and outbound rules are inline,
// its public IPs, NSG rules and routes. Pure: the azure folder only turns it into resources.
import { BackendRole } from "../../generated/enums";
import { CloudLimits, ClusterSpec, Frontend, HealthCheckSpec, readCluster } from "../cluster";
import { AZURE_LB_TAG, AZURE_PRIORITY_BASE, AZURE_VNET_TAG, azureSecurityRules, AzureSecurityRulePlan } from "./security";
import { AzureRoutePlan, readAzureRoutes } from "./routes";
import { PlanInventory, PlannedName } from "../inventory";
import { Family, formatAddress, parseAddress } from "../net";
import { AZURE_NAME, cidrSlug, cloudName, logicalName, shortHash, slug } from "../naming";
import { checkNodeAccess, frontendsOf, ROLES } from "../plan";
import { Problem } from "../problems";
import { indexPath, Raw, Reader } from "../read";
import { isKnown, Maybe } from "../unknown";

export { AZURE_LB_TAG, AzureSecurityRulePlan, AzureRoutePlan };

export const AZURE_LIMITS: CloudLimits = {
    cloud: "Azure",
    // Every frontend may bring a source set of its own per family, each an NSG rule in the
    // cluster's range of 400 priorities (see security.ts); an NSG holds at most 1000 rules.
    maxFrontends: 300,
    interval: { min: 5, max: 2147483646, what: "an Azure probe interval (5 seconds or more)" },
    timeout: { unsupported: "Azure load balancer probes have no timeout setting" },
    // probeThreshold: consecutive probes that take a backend out of rotation, and back in.
    threshold: { min: 1, max: 100, what: "an Azure probe threshold (1-100)" },
    oneThreshold: "an Azure probe has one threshold (probeThreshold) for both directions",
    // idleTimeoutInMinutes, 4 to 100 minutes for load-balancing rules, in whole minutes (see
    // checkIdleTimeouts): https://learn.microsoft.com/azure/load-balancer/load-balancer-tcp-idle-timeout
    // The REST model's description of the field still says 4-30; the current documentation
    // page, which names load-balancing, outbound and inbound NAT rules, is followed here.
    idleTimeout: { min: 240, max: 6000, what: "an Azure idle timeout (240-6000 seconds, 4-100 minutes)" },
};

export type AzureTransport = "Tcp" | "Udp";
export type AzureProbeProtocol = "Tcp" | "Http" | "Https";

export interface AzureFrontendPlan {
    family: Family;
    /** Name of the frontend IP configuration. */
    name: string;
    /** Set on a frontend that carries only this role's outbound SNAT, no load-balancing rule. */
    outboundRole?: BackendRole;
    /** Public only: the Standard static public IP behind the frontend. */
    publicIp?: { logicalName: string; name: string; dnsLabel?: string };
}

export interface AzurePoolPlan {
    role: BackendRole;
    family: Family;
    name: string;
}

export interface AzureProbePlan {
    /** Named by its health-check identity, so that frontends with the same check share it. */
    name: string;
    protocol: AzureProbeProtocol;
    port: number;
    requestPath?: string;
    intervalInSeconds: number;
    probeThreshold: number;
}

export interface AzureRulePlan {
    name: string;
    frontendKey: string;
    family: Family;
    frontendName: string;
    poolName: string;
    probeName: string;
    protocol: AzureTransport;
    frontendPort: number;
    backendPort: number;
    /** True with outbound rules: outbound SNAT comes from them. */
    disableOutboundSnat: boolean;
    /** TCP only; unset: Azure's default of 4 minutes. */
    idleTimeoutInMinutes?: number;
}

export interface AzureOutboundRulePlan {
    name: string;
    /** One frontend of its own per rule: Azure allows one outbound rule per frontend and protocol. */
    frontendNames: string[];
    poolName: string;
}

export type AzureExisting = { existingName: Maybe<string> } | { create: { logicalName: string; name: string } };

export interface AzurePlan {
    cluster: ClusterSpec;
    resourceGroupName: Maybe<string>;
    location?: Maybe<string>;
    zones?: Maybe<Maybe<string>[]>;
    subnetId?: Maybe<string>;
    virtualNetworkId?: Maybe<string>;
    loadBalancer: {
        logicalName: string;
        name: string;
        internal: boolean;
        frontends: AzureFrontendPlan[];
        pools: AzurePoolPlan[];
        probes: AzureProbePlan[];
        rules: AzureRulePlan[];
        outboundRules: AzureOutboundRulePlan[];
    };
    /** IP-based pool members per role; each joins the pool of its address family. */
    targets: Record<BackendRole, Maybe<Maybe<string>[]>>;
    securityGroup: AzureExisting;
    securityRules: AzureSecurityRulePlan[];
    /** Absent without routes. */
    routeTable?: AzureExisting;
    routes: AzureRoutePlan[];
}

// Domain name labels of public IPs: 3 to 63 lowercase letters, digits and hyphens.
const DNS_LABEL = /^[a-z][a-z0-9-]{1,61}[a-z0-9]$/;
const ZONES = ["1", "2", "3"];

/** Validates a pool member; also called once a deploy-time address becomes known. */
export function azureTargetAddressProblem(address: string, path: string, ipv6: boolean): Problem | undefined {
    const parsed = parseAddress(address);
    if (!parsed) {
        return { path, message: `${JSON.stringify(address)} is not an IP address`, fix: "give the node's private IPv4 or IPv6 address, without a prefix length" };
    }
    if (parsed.family === "ipv6" && !ipv6) {
        return { path, message: `${formatAddress(parsed)} is an IPv6 address but ipv6 is false`, fix: "set ipv6: true, or remove the address" };
    }
    return undefined;
}

export interface AzurePoolMember {
    name: string;
    ipAddress: string;
}

/** The members of one family's pool, named by their address so that each keeps its entry. */
export function azurePoolMembers(addresses: string[], family: Family): AzurePoolMember[] {
    return addresses.flatMap((text) => {
        const address = parseAddress(text);
        if (address?.family !== family) return [];
        const ipAddress = formatAddress(address);
        return [{ name: cloudName(AZURE_NAME, cidrSlug(ipAddress)), ipAddress }];
    });
}

/** The ID of an Azure resource, for references to what the component does not create. */
export function azureResourceId(subscriptionId: string, resourceGroupName: string, type: string, name: string): string {
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.Network/${type}/${name}`;
}

const given = (list: Maybe<Maybe<string>[]>) => !isKnown(list) || list.length > 0;

function readTargets(r: Reader, raw: Raw, role: BackendRole, ipv6: boolean): Maybe<Maybe<string>[]> {
    const path = `${role}.ipAddresses`;
    const list = r.refs((r.object(raw, role) ?? {}).ipAddresses, path) ?? [];
    if (!isKnown(list)) return list;
    const seen = new Map<string, string>();
    list.forEach((a, i) => {
        if (!isKnown(a)) return;
        const itemPath = indexPath(path, i);
        const problem = azureTargetAddressProblem(a, itemPath, ipv6);
        if (problem) return r.problems.add(problem.path, problem.message, problem.fix);
        const canonical = formatAddress(parseAddress(a)!);
        const first = seen.get(canonical);
        if (first) r.problems.add(itemPath, `${canonical} is also ${first}`, "remove the duplicate");
        seen.set(canonical, itemPath);
    });
    return list;
}

/** `ingress.httpPort` -> `ingress.httpTargetPort`, `services[2].port` -> `services[2].targetPort`. */
const targetPortPath = (f: Frontend) => f.portPath.replace(/([pP])ort$/, (_, p: string) => (p === "p" ? "targetPort" : "TargetPort"));

// Azure refuses two load-balancing rules with the same protocol and backend port on one pool
// (RulesUseSameBackendPortProtocolAndPool).
function checkBackendPorts(r: Reader, spec: ClusterSpec): void {
    for (const role of ROLES) {
        const byPort = new Map<string, Frontend>();
        for (const f of frontendsOf(spec, role)) {
            const key = `${f.protocol}/${f.targetPort}`;
            const first = byPort.get(key);
            if (first) {
                r.problems.add(
                    targetPortPath(f),
                    `${key} on the ${role} is already the target of ${first.key} (${targetPortPath(first)}), and Azure allows one load-balancing rule per backend port and protocol in a pool`,
                    "give every frontend of a pool its own target port",
                );
            } else {
                byPort.set(key, f);
            }
        }
    }
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

function planFrontends(spec: ClusterSpec, lbName: string, internal: boolean, outbound: boolean, dnsLabel: string | undefined): AzureFrontendPlan[] {
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
function nodePublicIps(frontends: AzureFrontendPlan[], outbound: boolean): Record<Family, string[]> {
    const of = (family: Family) => (outbound ? frontends.filter((f) => f.family === family && f.publicIp).map((f) => f.publicIp!.logicalName) : []);
    return { ipv4: of("ipv4"), ipv6: of("ipv6") };
}

/** `apiserver.port` -> `apiserver.idleTimeoutSeconds`, `ingress.httpsPort` -> `ingress.idleTimeoutSeconds`. */
const idleTimeoutPath = (f: Frontend) => f.portPath.replace(/\.\w*[pP]ort$/, ".idleTimeoutSeconds");

// Azure takes idleTimeoutInMinutes, which "is only used when the protocol is set to TCP":
// https://learn.microsoft.com/python/api/azure-mgmt-network/azure.mgmt.network.models.loadbalancingrulepropertiesformat
function checkIdleTimeouts(r: Reader, spec: ClusterSpec): void {
    const reported = new Set<string>();
    const { min, max } = AZURE_LIMITS.idleTimeout;
    for (const f of spec.frontends) {
        const seconds = f.idleTimeoutSeconds;
        const path = idleTimeoutPath(f);
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

function loadBalancerChildren(spec: ClusterSpec, outbound: boolean) {
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

export function planAzure(raw: Raw, resourceName: string): { plan?: AzurePlan; problems: Problem[] } {
    const r = new Reader();
    const spec = readCluster(r, raw, resourceName, AZURE_LIMITS);
    const args = r.object(raw, "") ?? {};
    const internal = spec.scheme === "internal";

    const resourceGroupName = r.required(
        r.ref(args.resourceGroupName, "resourceGroupName"),
        args.resourceGroupName,
        "resourceGroupName",
        "give the resource group the component creates its resources in",
    );
    const location = r.ref(args.location, "location");
    const subnetId = r.ref(args.subnetId, "subnetId");
    if (internal && subnetId === undefined && (args.subnetId === undefined || args.subnetId === null)) {
        r.problems.add("subnetId", "is required when scheme is internal", "give the subnet of the private frontends");
    }
    if (!internal && subnetId !== undefined) {
        r.problems.add("subnetId", "is set, but public frontends take no subnet", 'remove subnetId, or set scheme "internal"');
    }
    const virtualNetworkId = r.ref(args.virtualNetworkId, "virtualNetworkId");

    const targets = {
        controllers: readTargets(r, args.controllers, "controllers", spec.ipv6),
        workers: readTargets(r, args.workers, "workers", spec.ipv6),
    };
    const byIp = ROLES.filter((role) => given(targets[role]));
    if (byIp.length > 0 && virtualNetworkId === undefined) {
        r.problems.add(
            "virtualNetworkId",
            `is required when targets are given by IP (${byIp.map((role) => `${role}.ipAddresses`).join(", ")})`,
            "give the virtual network of the nodes",
        );
    }
    if (given(targets.workers) && frontendsOf(spec, "workers").length === 0) {
        r.problems.add("workers.ipAddresses", "has no pool to join: no ingress and no service forwards to the workers", "add ingress or a workers service, or remove the workers");
    }

    const outboundRules = r.bool(args.outboundRules, "outboundRules") ?? !internal;
    if (internal && outboundRules) {
        r.problems.add(
            "outboundRules",
            "internal load balancers give no outbound SNAT",
            'remove outboundRules and give the nodes outbound access another way (a NAT gateway), or set scheme "public"',
        );
    }
    const dnsLabel = r.string(args.dnsLabel, "dnsLabel");
    if (dnsLabel !== undefined && internal) {
        r.problems.add("dnsLabel", "labels a public IP, and internal load balancers have none", 'remove dnsLabel, or set scheme "public"');
    } else if (dnsLabel !== undefined && !DNS_LABEL.test(dnsLabel)) {
        r.problems.add(
            "dnsLabel",
            `${JSON.stringify(dnsLabel)} is not a domain name label`,
            "use 3 to 63 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
        );
    }
    const zones = r.refs(args.zones, "zones");
    if (zones !== undefined && isKnown(zones)) {
        zones.forEach((z, i) => {
            if (!isKnown(z)) return;
            const path = indexPath("zones", i);
            if (!ZONES.includes(z)) r.problems.add(path, `${JSON.stringify(z)} is not an availability zone`, 'use "1", "2" or "3"');
            else if (zones.indexOf(z) !== i) r.problems.add(path, `zone ${JSON.stringify(z)} is listed twice`, "remove the duplicate");
        });
    }

    checkBackendPorts(r, spec);
    checkIdleTimeouts(r, spec);
    // Public: kubelets reach the apiserver through outbound SNAT, from the addresses admitted
    // below; without outbound rules they come from addresses only nodeSourceCidrs can name.
    checkNodeAccess(r, spec, outboundRules ? "the load balancer's outbound addresses" : undefined);
    const lbName = cloudName(AZURE_NAME, spec.clusterName, "lb");
    const frontends = planFrontends(spec, lbName, internal, outboundRules, dnsLabel);
    const networkSecurityGroupName = r.ref(args.networkSecurityGroupName, "networkSecurityGroupName");
    const priorityBase = r.int(args.priorityBase, "priorityBase", AZURE_PRIORITY_BASE) ?? AZURE_PRIORITY_BASE.default;
    const securityRules = azureSecurityRules(r, spec, { priorityBase, internal, nodePublicIps: nodePublicIps(frontends, outboundRules) });
    const routeTableName = r.ref(args.routeTableName, "routeTableName");
    const routes = readAzureRoutes(r, args.routes, spec.resourceName);

    if (!r.problems.empty) return { problems: r.problems.list };

    const res = spec.resourceName;
    const children = loadBalancerChildren(spec, outboundRules);
    const created = (role: string, ...cloud: string[]) => ({ create: { logicalName: logicalName(res, role), name: cloudName(AZURE_NAME, spec.clusterName, ...cloud) } });
    const plan: AzurePlan = {
        cluster: spec,
        resourceGroupName: resourceGroupName!,
        location,
        zones,
        subnetId,
        virtualNetworkId,
        loadBalancer: {
            logicalName: logicalName(res, "lb"),
            name: lbName,
            internal,
            frontends,
            pools: children.pools,
            probes: children.probes,
            rules: children.rules,
            outboundRules: children.outboundRules,
        },
        targets,
        securityGroup: networkSecurityGroupName !== undefined ? { existingName: networkSecurityGroupName } : created("nsg", "nsg"),
        securityRules,
        routeTable: routes.length === 0 ? undefined : routeTableName !== undefined ? { existingName: routeTableName } : created("routes", "routes"),
        routes,
    };
    return { plan, problems: [] };
}

const publicIpSource = (logicalName: string) => `address of ${logicalName}`;

export function azureInventory(plan: AzurePlan): PlanInventory {
    const lb = plan.loadBalancer;
    const child = (kind: string, collection: string) => (c: { name: string }): PlannedName => ({
        kind,
        logicalName: `${lb.logicalName}/${collection}/${c.name}`,
        cloudName: c.name,
        rule: AZURE_NAME,
        scope: `${lb.name}/${collection}`,
    });
    const createdName = (kind: string, g: AzureExisting | undefined): PlannedName[] =>
        g && "create" in g ? [{ kind, logicalName: g.create.logicalName, cloudName: g.create.name, rule: AZURE_NAME }] : [];
    const names: PlannedName[] = [
        { kind: "load balancer", logicalName: lb.logicalName, cloudName: lb.name, rule: AZURE_NAME },
        ...lb.frontends.flatMap((f) => [
            child("frontend IP configuration", "frontendIPConfigurations")(f),
            ...(f.publicIp ? [{ kind: "public IP", logicalName: f.publicIp.logicalName, cloudName: f.publicIp.name, rule: AZURE_NAME }] : []),
        ]),
        ...lb.pools.map(child("backend pool", "backendAddressPools")),
        ...lb.probes.map(child("probe", "probes")),
        ...lb.rules.map(child("load-balancing rule", "loadBalancingRules")),
        ...lb.outboundRules.map(child("outbound rule", "outboundRules")),
        ...createdName("network security group", plan.securityGroup),
        ...plan.securityRules.map((s) => ({ kind: "NSG rule", logicalName: s.logicalName, cloudName: s.name, rule: AZURE_NAME, scope: "network security group" })),
        ...createdName("route table", plan.routeTable),
        // Route names are the user's own, checked against Azure's rules in readAzureRoutes.
        ...plan.routes.map((route) => ({ kind: "route", logicalName: route.logicalName })),
    ];
    const openings = plan.securityRules.map((s) => ({
        logicalName: s.logicalName,
        protocol: s.protocol === "Udp" ? ("udp" as const) : ("tcp" as const),
        ports: s.ports,
        // The load balancer's own outbound addresses, known once its public IPs exist.
        sources: [...s.sources, ...s.publicIpSources.map(publicIpSource)],
    }));
    const ownAddresses = lb.frontends.flatMap((f) => (f.publicIp ? [publicIpSource(f.publicIp.logicalName)] : []));
    return { names, openings, cloudSources: [AZURE_LB_TAG, AZURE_VNET_TAG, ...ownAddresses] };
}
