// NSG rules of an Azure cluster, one NSG per role as Typhoon has (security.tf: a controller
// and a worker NSG), so that each rule opens its ports on its own role's nodes only. A Standard
// load balancer passes no inbound flow that no NSG on the subnet or NIC allows ("secure by
// default": https://learn.microsoft.com/azure/load-balancer/load-balancer-overview#securebydefault).
// Azure LB keeps the client IP, so each NSG admits the clients on its role's target ports, one
// rule per address family (Azure rejects a rule that mixes them), and the AzureLoadBalancer
// service tag on the role's probe ports.
//
// Priorities: an NSG refuses two inbound rules with one priority ("Rules cannot have the same
// Priority and Direction", SecurityRuleConflict), and a priority that moves can collide with
// a rule that has not moved yet. So a cluster owns the range priorityBase .. priorityBase +
// AZURE_PRIORITY_WIDTH - 1, and every rule's place in it depends on nothing that a service
// edit changes:
// - fixed slots (per NSG) for the apiserver, the probes (one rule, all the role's probe ports), ingress, and the
//   services open to everyone (one rule per protocol and family whose port list grows in
//   place; a rule takes `destinationPortRanges`);
// - services with their own allowedCidrs share one rule per protocol, family and source set,
//   in a slot hashed from that set. The sources decide the rule, so no service name can
//   collide; two different source sets hashing alike are refused with a priorityBase that
//   separates them (every rule then moves in place to a range that does not overlap).
// - the last slot of the range for the Deny rule of a restricted internal apiserver (below).
// Priorities run from 100 to 4096:
// https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#security-rules
import { BackendRole } from "../../generated/enums";
import { ClusterSpec, Frontend } from "../cluster";
import { AZURE_NAME, cloudName, logicalName, shortHash } from "../naming";
import { ANYWHERE, Family } from "../net";
import {
    apiserverOf,
    clientCidrs,
    frontendsOf,
    inputPath,
    internalApiserverOf,
    restrictedApiserverCidrs,
    ROLES,
} from "../frontends";
import { IntRange, Reader } from "../read";
import { AZURE_RULE_DESCRIPTION_LENGTH } from "./limits";
import { AzureSecurityProtocol, AzureSecurityRulePlan } from "./types";

export const AZURE_LB_TAG = "AzureLoadBalancer";
export const AZURE_VNET_TAG = "VirtualNetwork";

/** Priorities a cluster owns from priorityBase on; clusters sharing an NSG take disjoint ranges. */
export const AZURE_PRIORITY_WIDTH = 400;

export const AZURE_PRIORITY_BASE: IntRange & { default: number } = {
    default: 1000,
    min: 100,
    max: 4096 - AZURE_PRIORITY_WIDTH + 1,
    what: `an NSG priority base (100-${4096 - AZURE_PRIORITY_WIDTH + 1}, so that its ${AZURE_PRIORITY_WIDTH} priorities end by 4096)`,
};

const FIXED_SLOTS = {
    "apiserver-ipv4": 0,
    "apiserver-ipv6": 1,
    // Once the VirtualNetwork rule of a restricted internal apiserver (which now admits the
    // nodes in its own rule); now the private endpoint's clients (`apiserver.internal`).
    "apiserver-int-ipv4": 2,
    probes: 3,
    "ingress-ipv4": 4,
    "ingress-ipv6": 5,
    "services-tcp-ipv4": 6,
    "services-tcp-ipv6": 7,
    "services-udp-ipv4": 8,
    "services-udp-ipv6": 9,
} as const;

const HASHED_SLOTS = AZURE_PRIORITY_WIDTH - Object.keys(FIXED_SLOTS).length;

/**
 * The apiserver's Deny rule takes the range's last priority, so it comes after every allow rule
 * of the cluster (clients, nodes, probes). It is not one of FIXED_SLOTS, whose count places the
 * hashed slots: adding it there would move every hashed rule. A hashed rule of the apiserver's
 * role landing on it is refused with a priorityBase that separates them, as two hashed rules are.
 */
const DENY_SLOT = AZURE_PRIORITY_WIDTH - 1;

export interface AzureSecurityInputs {
    priorityBase: number;
    internal: boolean;
    /** Per family, the public IPs the nodes' outbound connections leave from (outbound rules). */
    nodePublicIps: Record<Family, string[]>;
}

const transport = (f: Frontend): AzureSecurityProtocol => (f.protocol === "UDP" ? "Udp" : "Tcp");

const sortedPorts = (ports: number[]) => [...new Set(ports)].sort((a, b) => a - b);

const everyone = (family: Family, sources: string[]) =>
    sources.length === 1 && sources[0] === ANYWHERE[family];

/** The slot of a restricted source set; seeded with the base, so another base separates a clash. */
function hashedSlot(base: number, key: string): number {
    return (
        Object.keys(FIXED_SLOTS).length +
        (parseInt(shortHash(`${base}/${key}`, 8), 16) % HASHED_SLOTS)
    );
}

/**
 * "clients of a, b, c over ipv4", as many names as fit Azure's 140 characters (the rest
 * counted): a rule shared by many services would otherwise be refused.
 */
function describeClients(keys: string[], family: Family): string {
    const tail = ` over ${family}`;
    for (let n = keys.length; n >= 1; n--) {
        const more = keys.length - n;
        const text = `clients of ${keys.slice(0, n).join(", ")}${more > 0 ? ` and ${more} more` : ""}${tail}`;
        if (text.length <= AZURE_RULE_DESCRIPTION_LENGTH) return text;
    }
    return `clients of ${keys.length} services${tail}`;
}

interface Group {
    key: string;
    protocol: AzureSecurityProtocol;
    family: Family;
    sources: string[];
    frontends: Frontend[];
}

/** One role's services grouped by protocol, family and source set, in a canonical order. */
function serviceGroups(spec: ClusterSpec, role: BackendRole): Group[] {
    const groups = new Map<string, Group>();
    for (const f of frontendsOf(spec, role).filter((x) => x.role === "service")) {
        for (const family of f.families) {
            const sources = [...f.allowedCidrs[family]].sort();
            if (sources.length === 0) continue;
            const key = `${transport(f)} ${family} ${sources.join(",")}`;
            const group = groups.get(key) ?? {
                key,
                protocol: transport(f),
                family,
                sources,
                frontends: [],
            };
            group.frontends.push(f);
            groups.set(key, group);
        }
    }
    return [...groups.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** A base whose range differs from the current one and separates every role's restricted source sets. */
function separatingBase(
    spec: ClusterSpec,
    base: number,
    denies: BackendRole | undefined,
): number | undefined {
    const keysOf = (role: BackendRole) =>
        serviceGroups(spec, role)
            .filter((g) => !everyone(g.family, g.sources))
            .map((g) => g.key);
    const taken = (role: BackendRole) => (role === denies ? [DENY_SLOT] : []);
    for (
        let candidate = AZURE_PRIORITY_BASE.min;
        candidate <= AZURE_PRIORITY_BASE.max;
        candidate += 100
    ) {
        if (Math.abs(candidate - base) < AZURE_PRIORITY_WIDTH) continue;
        if (
            ROLES.every(
                (role) =>
                    new Set([...taken(role), ...keysOf(role).map((k) => hashedSlot(candidate, k))])
                        .size ===
                    taken(role).length + keysOf(role).length,
            )
        )
            return candidate;
    }
    return undefined;
}

/**
 * Kubelets dial the apiserver's frontend, so a restricted internal apiserver must admit the
 * nodes themselves. Internal pools are NIC-based (see index.ts), so the component knows no node
 * address: nodeSourceCidrs (the nodes' subnets) names them. Not the VirtualNetwork tag, which
 * also covers peered networks, on-premises prefixes and the prefixes of user-defined routes, so
 * with a 0.0.0.0/0 route it admits everyone
 * (https://learn.microsoft.com/azure/virtual-network/service-tags-overview#available-service-tags).
 */
function checkInternalNodeAccess(r: Reader, spec: ClusterSpec): void {
    const restricted = restrictedApiserverCidrs(spec).ipv4;
    if (restricted.length === 0 || spec.nodeSourceCidrs.ipv4.length > 0) return;
    r.problems.add(
        "apiserver.allowedCidrs",
        `restricts an internal apiserver to ${restricted.join(", ")}, so the kubelets, which dial its frontend from their own addresses, would be locked out`,
        "list the nodes' subnets in nodeSourceCidrs, or leave apiserver.allowedCidrs out",
    );
}

export function azureSecurityRules(
    r: Reader,
    spec: ClusterSpec,
    inputs: AzureSecurityInputs,
): AzureSecurityRulePlan[] {
    const base = inputs.priorityBase;
    const rules: AzureSecurityRulePlan[] = [];
    const add = (
        role: BackendRole,
        name: string,
        slot: number,
        protocol: AzureSecurityProtocol,
        ports: number[],
        sources: string[],
        description: string,
        family?: Family,
        publicIpSources: string[] = [],
        access: "Allow" | "Deny" = "Allow",
    ) =>
        rules.push({
            role,
            logicalName: logicalName(spec.resourceName, "nsg", role, name),
            name: cloudName(AZURE_NAME, spec.clusterName, name),
            priority: base + slot,
            access,
            protocol,
            ports: sortedPorts(ports),
            sources,
            family,
            publicIpSources,
            description,
        });

    // The apiserver's clients and, where allowedCidrs is restricted, the nodes' own sources.
    const api = apiserverOf(spec);
    const restricted = api.families.filter(
        (family) => !api.allowedCidrs[family].includes(ANYWHERE[family]),
    );
    if (inputs.internal) checkInternalNodeAccess(r, spec);
    for (const family of api.families) {
        const sources = clientCidrs(spec, api, family);
        const publicIps = restricted.includes(family) ? inputs.nodePublicIps[family] : [];
        if (sources.length + publicIps.length > 0) {
            const slot = FIXED_SLOTS[`apiserver-${family}`];
            add(
                api.backend,
                `apiserver-${family}`,
                slot,
                "Tcp",
                [api.targetPort],
                sources,
                `apiserver clients over ${family}`,
                family,
                publicIps,
            );
        }
    }

    // Every NSG ends with AllowVnetInBound (65000: source VirtualNetwork, every port), and the
    // VirtualNetwork tag covers peered networks, on-premises prefixes, the host's virtual IP and
    // the prefixes of user-defined routes, 0.0.0.0/0 included
    // (https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#default-security-rules,
    // https://learn.microsoft.com/azure/virtual-network/service-tags-overview#available-service-tags).
    // So a restricted internal apiserver denies that tag on its port once its own allow rules
    // have admitted the clients, the nodes and the probes. One rule serves both families: a
    // family left open is admitted earlier by its own rule. Not on public clusters: there the
    // default rule admits private addresses straight to the nodes, which is how pods reach the
    // apiserver (the `kubernetes` Service's endpoints), and nodeSourceCidrs lists the NAT
    // addresses, not those (docs/azure.md).
    const denies = inputs.internal && restricted.length > 0 ? api.backend : undefined;
    if (denies)
        add(
            denies,
            "apiserver-deny-vnet",
            DENY_SLOT,
            "Tcp",
            [api.targetPort],
            [AZURE_VNET_TAG],
            "the virtual network beyond apiserver clients and nodes",
            undefined,
            [],
            "Deny",
        );

    // The private endpoint's clients, on the same target port of the same controllers: Azure
    // hands a flow to the backend's own address, so the NSG cannot tell the two frontends apart
    // (docs/endpoints.md), and these sources reach the public frontend's port too.
    const internal = internalApiserverOf(spec);
    if (internal) {
        add(
            "controllers",
            "apiserver-int-ipv4",
            FIXED_SLOTS["apiserver-int-ipv4"],
            "Tcp",
            [internal.targetPort],
            internal.allowedCidrs.ipv4,
            "private apiserver endpoint clients over ipv4",
            "ipv4",
        );
    }

    // Each role's probe ports; HTTP and HTTPS probes run on TCP too.
    for (const role of ROLES) {
        const served = frontendsOf(spec, role);
        if (served.length > 0)
            add(
                role,
                "probes",
                FIXED_SLOTS.probes,
                "Tcp",
                served.map((f) => f.healthCheck.port),
                [AZURE_LB_TAG],
                `Azure load balancer probes of the ${role}`,
            );
    }

    const ingress = spec.frontends.filter((f) => f.role === "ingress");
    for (const family of ingress.length > 0 ? ingress[0].families : []) {
        const sources = ingress[0].allowedCidrs[family];
        const slot = FIXED_SLOTS[`ingress-${family}`];
        if (sources.length > 0)
            add(
                ingress[0].backend,
                `ingress-${family}`,
                slot,
                "Tcp",
                ingress.map((f) => f.targetPort),
                sources,
                `ingress clients over ${family}`,
                family,
            );
    }

    for (const role of ROLES) {
        const hashed = new Map<number, Group | "deny">(
            role === denies ? [[DENY_SLOT, "deny"]] : [],
        );
        for (const g of serviceGroups(spec, role)) {
            const name = `services-${g.protocol.toLowerCase()}-${g.family}`;
            const ports = g.frontends.map((f) => f.targetPort);
            const description = describeClients(
                g.frontends.map((f) => f.key),
                g.family,
            );
            if (everyone(g.family, g.sources)) {
                add(
                    role,
                    name,
                    FIXED_SLOTS[name as keyof typeof FIXED_SLOTS],
                    g.protocol,
                    ports,
                    g.sources,
                    description,
                    g.family,
                );
                continue;
            }
            const slot = hashedSlot(base, g.key);
            const other = hashed.get(slot);
            if (other) {
                const suggestion = separatingBase(spec, base, denies);
                const clash =
                    other === "deny"
                        ? "the apiserver's Deny rule for the VirtualNetwork tag take"
                        : `the one for ${other.sources.join(", ")} (${other.frontends[0].key}) hash to`;
                r.problems.add(
                    inputPath(g.frontends[0], "allowedCidrs"),
                    `the NSG rule for ${g.sources.join(", ")} (${g.frontends[0].key}) and ${clash} the same priority ${base + slot}`,
                    suggestion === undefined
                        ? "give both services the same allowedCidrs, so that they share one rule"
                        : `set priorityBase to ${suggestion}: every rule of the cluster moves in place to ${suggestion}-${suggestion + AZURE_PRIORITY_WIDTH - 1}, where these sources do not clash (or give both services the same allowedCidrs)`,
                );
                continue;
            }
            hashed.set(slot, g);
            add(
                role,
                `${name}-${shortHash(g.sources.join(","), 6)}`,
                slot,
                g.protocol,
                ports,
                g.sources,
                description,
                g.family,
            );
        }
    }
    return rules;
}
