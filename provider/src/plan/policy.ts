// The front door's flow policy, read from the registered resources themselves (not from the
// plan): what each load balancer forwards where, which hop filters a flow (the load balancer's
// security group or Cloud Armor policy, the nodes' security group, NSG or firewall rules), and
// whose address the nodes see. The reachability view evaluates it; the kernel lab
// (tests/lab/reachability.lab.ts) compiles the same policy into nftables and sends packets.
import * as ipaddr from "ipaddr.js";
import { BackendRole } from "../generated/enums";
import { ClusterSpec } from "../model/cluster";
import { internalApiserverOf, ROLES } from "../model/frontends";
import { GOOGLE_SOURCES } from "../model/gcp/security";
import { ANYWHERE, Family } from "../model/net";
import { logicalName } from "../model/naming";
import { Registration } from "./mocks";

export type Proto = "tcp" | "udp";

/**
 * A rule's source: a CIDR, or a symbol for what a cloud names without an address:
 * `@lb` (the AWS load balancer's security group: its private addresses), `@probers` (Azure's
 * AzureLoadBalancer tag, Google's probe and proxy ranges), `@vnet` (Azure's VirtualNetwork tag),
 * `@nodes:<role>` (the nodes of a role, by security group or network tag), `@outbound` (an Azure
 * outbound rule's public IPs: the nodes' own connections).
 */
export type Source = string;

export interface PolicyRule {
    /** The rule's name in the cloud, for the view. */
    name: string;
    allow: boolean;
    protocol: Proto | "*";
    /** Inclusive port ranges; empty: every port. */
    ports: [number, number][];
    sources: Source[];
    /** The roles whose nodes the rule reaches. */
    roles: BackendRole[];
}

export interface PolicyFrontend {
    key: string;
    family: Family;
    protocol: Proto;
    port: number;
    targetPort: number;
    role: BackendRole;
    health: { protocol: "tcp" | "http" | "https"; port: number; path?: string };
    /** False where the nodes see the load balancer's or proxy's address instead of the client's. */
    keepsClient: boolean;
    /** False where the backend pool of the family has no member. */
    members: boolean;
}

type Attachment = "attached" | "assumed" | "missing";

export interface Policy {
    cloud: "aws" | "azure" | "gcp";
    scheme: ClusterSpec["scheme"];
    families: Family[];
    frontends: PolicyFrontend[];
    /** Rules the load balancer applies to clients before it forwards, on the frontend port. */
    lbFilter?: { hop: string; rules: PolicyRule[] };
    /** Rules on what the load balancer may send to the nodes (AWS: its group's egress rules). */
    lbEgress?: { hop: string; rules: PolicyRule[] };
    /** Node rules in evaluation order (first match decides); no match is a deny. */
    nodeFilter: { hop: string; rules: PolicyRule[]; attached: Record<BackendRole, Attachment> };
    /** The source a node's own connection to a frontend carries, per family. */
    nodeEgress: Record<Family, { source: Source; via: string }>;
    /** The source the nodes see for a flow whose client is replaced, and for the probes. */
    replacedBy: Source;
    /** AWS: a forwarded flow carries the load balancer's group identity, client kept or not. */
    lbIdentity?: Source;
    probeSource: Source;
    /** Google passthrough: the frontend addresses are local on the role's nodes. */
    localFrontends: boolean;
    /** Where a flow holds only if the nodes carry what the contract asks. */
    conditions: Record<BackendRole, string[]>;
}

const SOURCE_OF_NODES = (role: BackendRole) => `@nodes:${role}`;

/** A reference to another resource, as inline sub-resources hold it. */
type Ref = { id?: unknown };
/** The fields read of Azure's inline pools, NIC configurations, probes and rules. */
type AzurePool = { name: string; loadBalancerBackendAddresses?: { ipAddress: string }[] };
type NicConfig = { loadBalancerBackendAddressPools?: Ref[] };
type AzureProbe = { name: string; protocol: string; port: unknown; requestPath?: string };
type LbRule = {
    backendAddressPool?: Ref;
    probe?: Ref;
    protocol: unknown;
    frontendPort: unknown;
    backendPort: unknown;
};
/** The fields read of a Cloud Armor policy's rules. */
type ArmorRule = { action: unknown; match?: { config?: { srcIpRanges?: string[] } } };

/** The registered resource a reference names: the longest logical or cloud name in it. */
function resolver(resources: Registration[]) {
    return (value: unknown, type?: string): Registration | undefined => {
        if (typeof value !== "string") return undefined;
        let best: Registration | undefined;
        let length = 0;
        for (const r of resources) {
            if (type && r.type !== type) continue;
            const names = [r.name, r.inputs.name, r.inputs.networkSecurityGroupName].filter(
                (n): n is string => typeof n === "string" && n.length > 0,
            );
            for (const n of names)
                if (value.includes(n) && n.length > length) [best, length] = [r, n.length];
        }
        return best;
    };
}

const of = (resources: Registration[], type: string) => resources.filter((r) => r.type === type);

function portRanges(from: unknown, to: unknown): [number, number][] {
    const a = Number(from);
    const b = Number(to ?? from);
    return a === 0 && b === 65535 ? [] : [[a, b]];
}

/** `"80"`, `"30000-32767"` or `"*"` as ranges; `*` is every port. */
function azurePorts(list: unknown[]): [number, number][] {
    if (list.some((p) => p === "*")) return [];
    return list
        .map((p) => String(p).split("-").map(Number) as number[])
        .map(([a, b]) => [a, b ?? a]);
}

export const familyOfCidr = (cidr: string): Family => (cidr.includes(":") ? "ipv6" : "ipv4");

function healthOf(protocol: string, port: number, path?: string): PolicyFrontend["health"] {
    const p = protocol.toLowerCase();
    return { protocol: p === "http" || p === "https" ? p : "tcp", port, path };
}

/** Where the nodes' own connections to a public frontend leave from: the first nodeSourceCidr, or an address none lists. */
function natEgress(spec: ClusterSpec): Record<Family, { source: Source; via: string }> {
    const one = (family: Family) =>
        spec.nodeSourceCidrs[family].length > 0
            ? { source: spec.nodeSourceCidrs[family][0], via: "a NAT address in nodeSourceCidrs" }
            : { source: "@unlisted", via: "a NAT or public address nodeSourceCidrs does not list" };
    return { ipv4: one("ipv4"), ipv6: one("ipv6") };
}

const PRIVATE = { source: "@private", via: "their private addresses" };

// ---- AWS -----------------------------------------------------------------------------------

function aws(resources: Registration[], spec: ClusterSpec, wholeProgram: boolean): Policy {
    const ref = resolver(resources);
    // The cluster's own NLB; the private endpoint's second NLB (`apiserver.internal`) and its
    // group are left out of this single-load-balancer view (docs/endpoints.md).
    const nlbs = of(resources, "aws:lb/loadBalancer:LoadBalancer");
    const lb = nlbs.find((l) => Boolean(l.inputs.internal) === (spec.scheme === "internal"))!;
    const groupOf = (l: Registration) =>
        ref(
            (l.inputs.securityGroups as string[] | undefined)?.[0],
            "aws:ec2/securityGroup:SecurityGroup",
        );
    const lbGroup = groupOf(lb);
    const aside = nlbs.filter((l) => l !== lb);
    const asideGroups = aside.map(groupOf);
    const involvesAside = (r: Registration) =>
        [r.inputs.securityGroupId, r.inputs.referencedSecurityGroupId].some(
            (v) =>
                v !== undefined &&
                asideGroups.includes(ref(v, "aws:ec2/securityGroup:SecurityGroup")),
        );
    // A group the component creates is named for its role; a group given by ID is known by the
    // rules the component writes into it or towards it, which are named for the role.
    const givenRole = (value: unknown) =>
        ROLES.find((role) =>
            [
                ...of(resources, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"),
                ...of(resources, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"),
            ].some(
                (r) =>
                    (r.inputs.securityGroupId === value && r.name.includes(`-${role}-from-lb-`)) ||
                    (r.inputs.referencedSecurityGroupId === value &&
                        r.name.includes(`-lb-to-${role}-`)),
            ),
        );
    const groupRole = (value: unknown): BackendRole | "lb" | undefined => {
        const g = ref(value, "aws:ec2/securityGroup:SecurityGroup");
        if (g === lbGroup && g) return "lb";
        return (g && ROLES.find((role) => g.name.endsWith(`-${role}-sg`))) ?? givenRole(value);
    };
    const rule = (r: Registration, roles: BackendRole[]): PolicyRule => {
        const peer = r.inputs.referencedSecurityGroupId
            ? groupRole(r.inputs.referencedSecurityGroupId)
            : undefined;
        const source =
            peer === "lb"
                ? "@lb"
                : peer
                  ? SOURCE_OF_NODES(peer)
                  : String(r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6);
        return {
            name: r.name,
            allow: true,
            protocol: r.inputs.ipProtocol as Proto,
            ports: portRanges(r.inputs.fromPort, r.inputs.toPort),
            sources: [source],
            roles,
        };
    };
    const ingress = of(
        resources,
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    ).filter((r) => !involvesAside(r));
    const egress = of(resources, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").filter(
        (r) => !involvesAside(r),
    );
    const lbRules = ingress
        .filter((r) => groupRole(r.inputs.securityGroupId) === "lb")
        .map((r) => rule(r, [...ROLES]));
    const egressRules = egress
        .filter((r) => groupRole(r.inputs.securityGroupId) === "lb")
        .map((r) => {
            const peer = groupRole(r.inputs.referencedSecurityGroupId);
            return { ...rule(r, peer && peer !== "lb" ? [peer] : [...ROLES]), sources: ["@lb"] };
        });
    const nodeRules = ingress.flatMap((r) => {
        const role = groupRole(r.inputs.securityGroupId);
        return role && role !== "lb" ? [rule(r, [role])] : [];
    });
    // Target groups by their listener; a listener's port is the frontend's.
    const frontends: PolicyFrontend[] = [];
    for (const listener of of(resources, "aws:lb/listener:Listener").filter(
        (l) => !aside.includes(ref(l.inputs.loadBalancerArn, "aws:lb/loadBalancer:LoadBalancer")!),
    )) {
        const action = (listener.inputs.defaultActions as { targetGroupArn?: unknown }[])[0];
        const tg = ref(action.targetGroupArn, "aws:lb/targetGroup:TargetGroup");
        const f = spec.frontends.find((x) => x.port === listener.inputs.port);
        if (!tg || !f) continue;
        const hc = (tg.inputs.healthCheck ?? {}) as {
            protocol?: string;
            port?: string;
            path?: string;
        };
        for (const family of spec.families) {
            frontends.push({
                key: f.key,
                family,
                protocol: String(tg.inputs.protocol).toLowerCase() === "udp" ? "udp" : "tcp",
                port: Number(listener.inputs.port),
                targetPort: Number(tg.inputs.port),
                role: f.backend,
                health: healthOf(hc.protocol ?? "TCP", Number(hc.port ?? tg.inputs.port), hc.path),
                // Client IP preservation off: the targets see the NLB's private address
                // (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation).
                keepsClient: String(tg.inputs.preserveClientIp) === "true",
                members: true,
            });
        }
    }
    // Instances the program creates carry the role's group only if it says so; others are the
    // user's, under the contract.
    const attached = Object.fromEntries(
        ROLES.map((role) => {
            const attachments = of(resources, "aws:lb/targetGroupAttachment:TargetGroupAttachment");
            const created = of(resources, "aws:ec2/instance:Instance").filter((i) =>
                attachments.some(
                    (a) =>
                        ref(a.inputs.targetId, "aws:ec2/instance:Instance") === i &&
                        spec.frontends.some(
                            (f) => f.backend === role && a.name.includes(`-${f.key}-target-`),
                        ),
                ),
            );
            if (!wholeProgram || created.length === 0) return [role, "assumed"];
            const carries = created.every((i) =>
                ((i.inputs.vpcSecurityGroupIds as unknown[]) ?? []).some(
                    (g) => groupRole(g) === role,
                ),
            );
            return [role, carries ? "attached" : "missing"];
        }),
    ) as Record<BackendRole, Attachment>;
    return {
        cloud: "aws",
        scheme: spec.scheme,
        families: spec.families,
        frontends,
        // An NLB with a security group filters its clients by its inbound rules
        // (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html).
        lbFilter: { hop: "the load balancer's security group", rules: lbRules },
        // Its outbound rules govern what it sends to targets, health checks included (same page).
        lbEgress: { hop: "the load balancer's security group (outbound)", rules: egressRules },
        // A rule that references the NLB's group admits its traffic to the targets, client IP
        // preserved or not (same page, "target security groups").
        nodeFilter: { hop: "the node security group", rules: nodeRules, attached },
        nodeEgress: spec.scheme === "internal" ? { ipv4: PRIVATE, ipv6: PRIVATE } : natEgress(spec),
        replacedBy: "@lb",
        // "Referencing the security group associated with your Network Load Balancer in the
        // security groups associated with your targets ensures that your targets accept traffic
        // from your Network Load Balancer even if you enable client IP preservation" (same page).
        lbIdentity: "@lb",
        // Health checks come from the NLB's private addresses (same page).
        probeSource: "@lb",
        localFrontends: false,
        conditions: Object.fromEntries(
            ROLES.map((role) => [role, [`the ${role} carry the ${role}' security group`]]),
        ) as Record<BackendRole, string[]>,
    };
}

// ---- Azure ---------------------------------------------------------------------------------

/**
 * The default inbound rules of every NSG, after the user's: the virtual network, the load
 * balancer's probes, then deny
 * (https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#default-security-rules).
 */
const AZURE_DEFAULT_RULES: PolicyRule[] = [
    {
        name: "AllowVnetInBound (65000)",
        allow: true,
        protocol: "*",
        ports: [],
        sources: ["@vnet"],
        roles: [...ROLES],
    },
    {
        name: "AllowAzureLoadBalancerInBound (65001)",
        allow: true,
        protocol: "*",
        ports: [],
        sources: ["@probers"],
        roles: [...ROLES],
    },
    {
        name: "DenyAllInBound (65500)",
        allow: false,
        protocol: "*",
        ports: [],
        sources: [ANYWHERE.ipv4, ANYWHERE.ipv6, "@vnet", "@probers"],
        roles: [...ROLES],
    },
];

function azureSource(value: string, spec: ClusterSpec): Source {
    if (value === "AzureLoadBalancer") return "@probers";
    if (value === "VirtualNetwork") return "@vnet";
    if (value === "*" || value === "Internet") return value === "*" ? "*" : ANYWHERE.ipv4;
    // The inputs name CIDRs and tags only; any other source is one of the component's public
    // IPs (a reference, or the address it resolved to): the nodes' outbound address.
    const named = spec.frontends
        .flatMap((f) => [...f.allowedCidrs.ipv4, ...f.allowedCidrs.ipv6])
        .concat(spec.nodeSourceCidrs.ipv4, spec.nodeSourceCidrs.ipv6);
    return named.includes(value) ? value : "@outbound";
}

function azure(resources: Registration[], spec: ClusterSpec, wholeProgram: boolean): Policy {
    const ref = resolver(resources);
    const lb = of(resources, "azure-native:network:LoadBalancer")[0];
    const pools = (lb.inputs.backendAddressPools as AzurePool[]) ?? [];
    const nics = of(resources, "azure-native:network:NetworkInterface");
    const poolRole = (name: string): BackendRole =>
        name.startsWith("controllers") ? "controllers" : "workers";
    const nicInPool = (nic: Registration, pool: string) =>
        ((nic.inputs.ipConfigurations as NicConfig[]) ?? []).some((c) =>
            (c.loadBalancerBackendAddressPools ?? []).some((p) => String(p.id).includes(pool)),
        );
    const inline = (pool: string) =>
        pools.find((p) => p.name === pool)?.loadBalancerBackendAddresses?.length ?? 0;
    // A pool of a role given by IP has exactly its inline members; a NIC-based pool is filled by
    // the program's NICs, or, for a component alone, by the user under the contract.
    const byIp = (pool: string) =>
        pools.some((p) => poolRole(p.name) === poolRole(pool) && inline(p.name) > 0);
    const hasMembers = (pool: string) =>
        inline(pool) > 0 || nics.some((n) => nicInPool(n, pool)) || (!wholeProgram && !byIp(pool));
    const probes = (lb.inputs.probes as AzureProbe[]) ?? [];
    const frontends: PolicyFrontend[] = ((lb.inputs.loadBalancingRules as LbRule[]) ?? []).flatMap(
        (rule) => {
            const pool = String(rule.backendAddressPool?.id ?? "")
                .split("/")
                .pop()!;
            const probe = probes.find((p) => String(rule.probe?.id ?? "").endsWith(`/${p.name}`));
            const f = spec.frontends.find(
                (x) =>
                    x.port === rule.frontendPort &&
                    x.protocol.toLowerCase() === String(rule.protocol).toLowerCase(),
            );
            if (!f || !probe) return [];
            return [
                {
                    key: f.key,
                    family: pool.endsWith("ipv6") ? "ipv6" : "ipv4",
                    protocol: String(rule.protocol).toLowerCase() as Proto,
                    port: Number(rule.frontendPort),
                    targetPort: Number(rule.backendPort),
                    role: poolRole(pool),
                    health: healthOf(probe.protocol, Number(probe.port), probe.requestPath),
                    // A load-balancing rule without floating IP rewrites the destination to the
                    // backend and keeps the client's source address
                    // (https://learn.microsoft.com/azure/load-balancer/load-balancer-floating-ip).
                    keepsClient: true,
                    members: hasMembers(pool),
                } as PolicyFrontend,
            ];
        },
    );
    // Each role has an NSG of its own: the one the model creates for it (<res>-<role>-nsg), or
    // the user's, named by <role>.networkSecurityGroupName and not registered. So a rule's role
    // is that of the NSG holding it, else the one in the logical name the model gives every rule
    // it plans (<res>-nsg-<role>-<rule>); a user's own rule, by its destinations.
    const nsgs = of(resources, "azure-native:network:NetworkSecurityGroup");
    const createdFor = (role: BackendRole) =>
        nsgs.find((n) => n.name === logicalName(spec.resourceName, `${role}-nsg`));
    const nsgRoles = (r: Registration): BackendRole[] => {
        const nsg = ref(
            r.inputs.networkSecurityGroupName,
            "azure-native:network:NetworkSecurityGroup",
        );
        const own =
            ROLES.find((role) => nsg !== undefined && createdFor(role) === nsg) ??
            ROLES.find((role) =>
                r.name.startsWith(logicalName(spec.resourceName, "nsg", role, "")),
            );
        if (own) return [own];
        const dest = [
            r.inputs.destinationAddressPrefix,
            ...((r.inputs.destinationAddressPrefixes as string[]) ?? []),
        ].filter((d) => d !== undefined);
        if (dest.length === 0 || dest.includes("*") || dest.includes("VirtualNetwork"))
            return [...ROLES];
        const members = (role: BackendRole) =>
            pools
                .filter((p) => poolRole(p.name) === role)
                .flatMap((p) => (p.loadBalancerBackendAddresses ?? []).map((a) => a.ipAddress));
        return ROLES.filter((role) =>
            dest.some((d) => members(role).some((m: string) => cidrContains(String(d), m))),
        );
    };
    const userRules = of(resources, "azure-native:network:SecurityRule")
        .filter((r) => r.inputs.direction === "Inbound")
        .sort((a, b) => Number(a.inputs.priority) - Number(b.inputs.priority))
        .map((r) => ({
            name: `${r.inputs.securityRuleName} (${r.inputs.priority})`,
            allow: r.inputs.access === "Allow",
            protocol: (r.inputs.protocol === "*"
                ? "*"
                : String(r.inputs.protocol).toLowerCase()) as Proto | "*",
            ports: azurePorts(
                [
                    r.inputs.destinationPortRange,
                    ...((r.inputs.destinationPortRanges as unknown[]) ?? []),
                ].filter((p) => p !== undefined),
            ),
            sources: [
                r.inputs.sourceAddressPrefix,
                ...((r.inputs.sourceAddressPrefixes as string[]) ?? []),
            ]
                .filter((s) => s !== undefined)
                .flatMap((s) => {
                    const source = azureSource(String(s), spec);
                    return source === "*"
                        ? [ANYWHERE.ipv4, ANYWHERE.ipv6, "@vnet", "@probers"]
                        : [source];
                }),
            roles: nsgRoles(r),
        }));
    // A Standard load balancer passes inbound flows only where an NSG on the NIC or subnet
    // allows them ("secure by default":
    // https://learn.microsoft.com/azure/load-balancer/load-balancer-overview#securebydefault).
    // A whole program must associate the NSG itself; a component alone leaves it to the contract.
    // The NSG the component created for a role (<res>-<role>-nsg); none when the role's NSG is
    // the user's own (named by <role>.networkSecurityGroupName), whose association the
    // program does not show: the contract then stands for it.
    const nsgOf = (role: BackendRole) =>
        createdFor(role) ?? (nsgs.length === 1 ? nsgs[0] : undefined);
    const carries = (nsg: Registration) => (r: Registration) =>
        ref(
            (r.inputs.networkSecurityGroup as Ref | undefined)?.id,
            "azure-native:network:NetworkSecurityGroup",
        ) === nsg;
    const attached = Object.fromEntries(
        ROLES.map((role) => {
            const nsg = nsgOf(role);
            if (!wholeProgram || nsg === undefined) return [role, "assumed"];
            const rolePools = pools
                .filter((p) => poolRole(p.name) === role)
                .map((p) => p.name as string);
            const roleNics = nics.filter((n) => rolePools.some((p) => nicInPool(n, p)));
            const ok =
                of(resources, "azure-native:network:Subnet").some(carries(nsg)) ||
                (roleNics.length > 0 && roleNics.every(carries(nsg)));
            return [role, ok ? "attached" : "missing"];
        }),
    ) as Record<BackendRole, Attachment>;
    const outbound = ((lb.inputs.outboundRules as unknown[]) ?? []).length > 0;
    const egress = { source: "@outbound", via: "the load balancer's outbound rules" };
    return {
        cloud: "azure",
        scheme: spec.scheme,
        families: spec.families,
        frontends,
        nodeFilter: { hop: "the NSG", rules: [...userRules, ...AZURE_DEFAULT_RULES], attached },
        nodeEgress:
            spec.scheme === "internal"
                ? { ipv4: PRIVATE, ipv6: PRIVATE }
                : outbound
                  ? { ipv4: egress, ipv6: egress }
                  : natEgress(spec),
        replacedBy: "@lb",
        // Probes come from 168.63.129.16, the AzureLoadBalancer tag
        // (https://learn.microsoft.com/azure/load-balancer/load-balancer-custom-probe-overview#probe-source-ip-address).
        probeSource: "@probers",
        localFrontends: false,
        conditions: Object.fromEntries(
            ROLES.map((role) => [role, [`the NSG is associated with the ${role}' subnet or NICs`]]),
        ) as Record<BackendRole, string[]>,
    };
}

// ---- Google Cloud --------------------------------------------------------------------------

const GOOGLE_RANGES = new Set(Object.values(GOOGLE_SOURCES).flatMap((s) => [...s.ipv4, ...s.ipv6]));

function gcp(resources: Registration[], spec: ClusterSpec, wholeProgram: boolean): Policy {
    const ref = resolver(resources);
    const tagRole = (tag: string): BackendRole | undefined =>
        ROLES.find((role) => tag.endsWith(`-${role === "controllers" ? "controller" : "worker"}`));
    // The private endpoint (`apiserver.internal`) is left out of this one-load-balancer view:
    // its forwarding rule and its firewall rules, which only admit packets to its address.
    const privateKey = internalApiserverOf(spec)?.key;
    const ofPrivate = (r: Registration) =>
        privateKey !== undefined &&
        (r.name.includes(`-${privateKey}-`) ||
            (spec.scheme === "public" && r.inputs.loadBalancingScheme === "INTERNAL"));
    const nodeRules: PolicyRule[] = of(resources, "gcp:compute/firewall:Firewall")
        .filter((r) => (r.inputs.direction ?? "INGRESS") === "INGRESS" && !ofPrivate(r))
        .map((r) => {
            const allows = (r.inputs.allows as { protocol: string; ports?: string[] }[]) ?? [];
            const roles = ((r.inputs.targetTags as string[]) ?? [])
                .map(tagRole)
                .filter((x): x is BackendRole => x !== undefined);
            const sources = [
                ...((r.inputs.sourceRanges as string[]) ?? []).map((s) =>
                    GOOGLE_RANGES.has(s) ? "@probers" : s,
                ),
                ...((r.inputs.sourceTags as string[]) ?? [])
                    .map(tagRole)
                    .filter((x): x is BackendRole => x !== undefined)
                    .map(SOURCE_OF_NODES),
            ];
            return {
                name: String(r.inputs.name),
                allow: true,
                protocol: allows[0]?.protocol as Proto,
                ports: allows.flatMap((a) =>
                    (a.ports ?? [])
                        .map((p: string) => p.split("-").map(Number))
                        .map(([a1, b]: number[]) => [a1, b ?? a1] as [number, number]),
                ),
                sources: [...new Set(sources)],
                roles: roles.length > 0 ? roles : [...ROLES],
            };
        });
    const proxy = of(resources, "gcp:compute/targetTCPProxy:TargetTCPProxy").length > 0;
    const checks = [
        ...of(resources, "gcp:compute/regionHealthCheck:RegionHealthCheck"),
        ...of(resources, "gcp:compute/healthCheck:HealthCheck"),
    ];
    const frontends: PolicyFrontend[] = [];
    const armor: PolicyRule[] = [];
    for (const fr of [
        ...of(resources, "gcp:compute/forwardingRule:ForwardingRule").filter((r) => !ofPrivate(r)),
        ...of(resources, "gcp:compute/globalForwardingRule:GlobalForwardingRule"),
    ]) {
        const backend = fr.inputs.backendService
            ? ref(fr.inputs.backendService)
            : ref(ref(fr.inputs.target)?.inputs.backendService);
        const check =
            backend &&
            checks.find(
                (c) =>
                    c === ref(backend.inputs.healthChecks) ||
                    c === ref((backend.inputs.healthChecks as unknown[])?.[0]),
            );
        const ports = fr.inputs.ports
            ? (fr.inputs.ports as string[]).map(Number)
            : [Number(String(fr.inputs.portRange).split("-")[0])];
        if (!backend || !check) continue;
        const hc = (check.inputs.tcpHealthCheck ??
            check.inputs.httpHealthCheck ??
            check.inputs.httpsHealthCheck) as { port?: unknown; requestPath?: string } | undefined;
        const hcProtocol = check.inputs.httpHealthCheck
            ? "http"
            : check.inputs.httpsHealthCheck
              ? "https"
              : "tcp";
        for (const port of ports) {
            const f = spec.frontends.find(
                (x) => x.port === port && x.protocol === fr.inputs.ipProtocol,
            );
            if (!f) continue;
            frontends.push({
                key: f.key,
                family: fr.inputs.ipVersion === "IPV6" ? "ipv6" : "ipv4",
                protocol: String(fr.inputs.ipProtocol).toLowerCase() as Proto,
                port,
                // Passthrough keeps the destination port; the proxy sends to the named port.
                targetPort: proxy ? f.targetPort : port,
                role: f.backend,
                health: healthOf(hcProtocol, Number(hc?.port), hc?.requestPath),
                // A passthrough load balancer delivers the client's packets unchanged; a proxy
                // opens its own connection from Google's ranges
                // (https://cloud.google.com/load-balancing/docs/network/networklb-backend-service,
                // https://cloud.google.com/load-balancing/docs/tcp).
                keepsClient: !proxy,
                members: true,
            });
        }
        if (proxy) {
            const policy = ref(
                backend.inputs.securityPolicy,
                "gcp:compute/securityPolicy:SecurityPolicy",
            );
            const rules = ((policy?.inputs.rules as ArmorRule[]) ?? []).filter(
                (r) => r.action === "allow",
            );
            const sources = policy
                ? rules.flatMap((r) => r.match?.config?.srcIpRanges ?? [])
                : [ANYWHERE.ipv4, ANYWHERE.ipv6];
            armor.push({
                name: String(policy?.inputs.name ?? "no Cloud Armor policy"),
                allow: true,
                protocol: "tcp",
                ports: ports.map((p) => [p, p]),
                sources: sources.map(String),
                roles: [...ROLES],
            });
        }
    }
    const created = of(resources, "gcp:compute/instance:Instance");
    const attached = Object.fromEntries(
        ROLES.map((role) => {
            const mine = created.filter((i) =>
                of(resources, "gcp:compute/instanceGroup:InstanceGroup").some(
                    (g) =>
                        g.name.includes(`-${role}-`) &&
                        JSON.stringify(g.inputs.instances ?? []).includes(
                            String(i.inputs.name ?? i.name),
                        ),
                ),
            );
            if (!wholeProgram || mine.length === 0) return [role, "assumed"];
            const targeted = new Set(
                nodeRules.filter((r) => r.roles.includes(role)).length > 0 ? [role] : [],
            );
            const ok =
                targeted.size > 0 &&
                mine.every((i) =>
                    ((i.inputs.tags as string[]) ?? []).some((t) => tagRole(t) === role),
                );
            return [role, ok ? "attached" : "missing"];
        }),
    ) as Record<BackendRole, Attachment>;
    return {
        cloud: "gcp",
        scheme: spec.scheme,
        families: spec.families,
        frontends,
        // Cloud Armor backend policies judge the client's address at the proxy.
        lbFilter: proxy ? { hop: "the Cloud Armor policy", rules: armor } : undefined,
        // VPC firewall rules, implied deny ingress last
        // (https://cloud.google.com/firewall/docs/firewalls#default_firewall_rules).
        nodeFilter: { hop: "the VPC firewall", rules: nodeRules, attached },
        nodeEgress: spec.scheme === "internal" ? { ipv4: PRIVATE, ipv6: PRIVATE } : natEgress(spec),
        replacedBy: "@probers",
        probeSource: "@probers",
        // The guest environment makes each passthrough forwarding rule's address local on its
        // backends (https://cloud.google.com/compute/docs/images/guest-environment, "IP
        // forwarding"): a node's own connection to it never leaves the node.
        localFrontends: !proxy,
        conditions: Object.fromEntries(
            ROLES.map((role) => [
                role,
                [
                    `the ${role} carry their network tag${proxy ? " and their instance groups the named ports" : ""}`,
                ],
            ]),
        ) as Record<BackendRole, string[]>,
    };
}

export function cidrContains(cidr: string, address: string): boolean {
    try {
        const ip = ipaddr.parse(address);
        const [net, bits] = ipaddr.parseCIDR(
            cidr.includes("/") ? cidr : `${cidr}/${cidr.includes(":") ? 128 : 32}`,
        );
        return ip.kind() === net.kind() && ip.match(net, bits);
    } catch {
        return false;
    }
}

const COMPILERS = { aws, azure, gcp } as const;

function cloudOfType(type: string): Policy["cloud"] {
    return type.includes("Aws") ? "aws" : type.includes("Azure") ? "azure" : "gcp";
}

/**
 * The policy of one cluster's registrations. `wholeProgram`: the resources are a whole program
 * (the nodes' groups and associations are judged from them); otherwise the nodes are the
 * user's, and the contract is assumed to hold.
 */
export function policyOf(
    type: string,
    resources: Registration[],
    spec: ClusterSpec,
    wholeProgram: boolean,
): Policy {
    return COMPILERS[cloudOfType(type)](resources, spec, wholeProgram);
}
