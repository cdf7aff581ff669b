// NSG rules of an Azure cluster. Azure LB keeps the client IP, so the nodes' NSG admits the
// clients on the target ports, one rule per address family (Azure rejects a rule that mixes
// them), and the AzureLoadBalancer service tag on the probe ports.
//
// Priorities: an NSG refuses two inbound rules with one priority ("Rules cannot have the same
// Priority and Direction", SecurityRuleConflict), and a priority that moves can collide with
// a rule that has not moved yet. So a cluster owns the range priorityBase .. priorityBase +
// AZURE_PRIORITY_WIDTH - 1, and every rule's place in it depends on nothing that a service
// edit changes:
// - fixed slots for the apiserver, the probes (one rule, all probe ports), ingress, and the
//   services open to everyone (one rule per protocol and family whose port list grows in
//   place; a rule takes `destinationPortRanges`);
// - services with their own allowedCidrs share one rule per protocol, family and source set,
//   in a slot hashed from that set. The sources decide the rule, so no service name can
//   collide; two different source sets hashing alike are refused with a priorityBase that
//   separates them (every rule then moves in place to a range that does not overlap).
// Priorities run from 100 to 4096:
// https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#security-rules
import { ClusterSpec, Frontend } from "../cluster";
import { AZURE_NAME, cloudName, logicalName, shortHash } from "../naming";
import { ANYWHERE, Family } from "../net";
import { apiserverOf, clientCidrs, inputPath } from "../frontends";
import { IntRange, Reader } from "../read";
import { AzureSecurityProtocol, AzureSecurityRulePlan } from "./types";

export const AZURE_LB_TAG = "AzureLoadBalancer";

/**
 * The service tag of the virtual network's address space (with peered networks and
 * on-premises ranges), where the nodes of an internal cluster connect from:
 * https://learn.microsoft.com/azure/virtual-network/service-tags-overview#available-service-tags
 */
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
    "apiserver-vnet": 2,
    probes: 3,
    "ingress-ipv4": 4,
    "ingress-ipv6": 5,
    "services-tcp-ipv4": 6,
    "services-tcp-ipv6": 7,
    "services-udp-ipv4": 8,
    "services-udp-ipv6": 9,
} as const;

const HASHED_SLOTS = AZURE_PRIORITY_WIDTH - Object.keys(FIXED_SLOTS).length;

export interface AzureSecurityInputs {
    priorityBase: number;
    internal: boolean;
    /** Per family, the public IPs the nodes' outbound connections leave from (outbound rules). */
    nodePublicIps: Record<Family, string[]>;
}

const transport = (f: Frontend): AzureSecurityProtocol => (f.protocol === "UDP" ? "Udp" : "Tcp");

const sortedPorts = (ports: number[]) => [...new Set(ports)].sort((a, b) => a - b);

const everyone = (family: Family, sources: string[]) => sources.length === 1 && sources[0] === ANYWHERE[family];

/** The slot of a restricted source set; seeded with the base, so another base separates a clash. */
function hashedSlot(base: number, key: string): number {
    return Object.keys(FIXED_SLOTS).length + (parseInt(shortHash(`${base}/${key}`, 8), 16) % HASHED_SLOTS);
}

interface Group {
    key: string;
    protocol: AzureSecurityProtocol;
    family: Family;
    sources: string[];
    frontends: Frontend[];
}

/** Services grouped by protocol, family and source set, in a canonical order. */
function serviceGroups(spec: ClusterSpec): Group[] {
    const groups = new Map<string, Group>();
    for (const f of spec.frontends.filter((x) => x.role === "service")) {
        for (const family of f.families) {
            const sources = [...f.allowedCidrs[family]].sort();
            if (sources.length === 0) continue;
            const key = `${transport(f)} ${family} ${sources.join(",")}`;
            const group = groups.get(key) ?? { key, protocol: transport(f), family, sources, frontends: [] };
            group.frontends.push(f);
            groups.set(key, group);
        }
    }
    return [...groups.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** A base whose range differs from the current one and separates every restricted source set. */
function separatingBase(spec: ClusterSpec, base: number): number | undefined {
    const keys = serviceGroups(spec).filter((g) => !everyone(g.family, g.sources)).map((g) => g.key);
    for (let candidate = AZURE_PRIORITY_BASE.min; candidate <= AZURE_PRIORITY_BASE.max; candidate += 100) {
        if (Math.abs(candidate - base) < AZURE_PRIORITY_WIDTH) continue;
        if (new Set(keys.map((k) => hashedSlot(candidate, k))).size === keys.length) return candidate;
    }
    return undefined;
}

export function azureSecurityRules(r: Reader, spec: ClusterSpec, inputs: AzureSecurityInputs): AzureSecurityRulePlan[] {
    const base = inputs.priorityBase;
    const rules: AzureSecurityRulePlan[] = [];
    const add = (role: string, slot: number, protocol: AzureSecurityProtocol, ports: number[], sources: string[], description: string, publicIpSources: string[] = []) =>
        rules.push({
            logicalName: logicalName(spec.resourceName, "nsg", role),
            name: cloudName(AZURE_NAME, spec.clusterName, role),
            priority: base + slot,
            protocol,
            ports: sortedPorts(ports),
            sources,
            publicIpSources,
            description,
        });

    // The apiserver's clients and, where allowedCidrs is restricted, the nodes' own sources.
    const api = apiserverOf(spec);
    const restricted = api.families.filter((family) => !api.allowedCidrs[family].includes(ANYWHERE[family]));
    for (const family of api.families) {
        const sources = clientCidrs(spec, api, family);
        const publicIps = restricted.includes(family) ? inputs.nodePublicIps[family] : [];
        if (sources.length + publicIps.length > 0) {
            add(`apiserver-${family}`, FIXED_SLOTS[`apiserver-${family}`], "Tcp", [api.targetPort], sources, `apiserver clients over ${family}`, publicIps);
        }
    }
    if (inputs.internal && restricted.length > 0) {
        add("apiserver-vnet", FIXED_SLOTS["apiserver-vnet"], "Tcp", [api.targetPort], [AZURE_VNET_TAG], "the nodes of the virtual network reach the apiserver");
    }

    // HTTP and HTTPS probes run on TCP too.
    add("probes", FIXED_SLOTS.probes, "Tcp", spec.frontends.map((f) => f.healthCheck.port), [AZURE_LB_TAG], "Azure load balancer probes");

    const ingress = spec.frontends.filter((f) => f.role === "ingress");
    for (const family of ingress.length > 0 ? ingress[0].families : []) {
        const sources = ingress[0].allowedCidrs[family];
        if (sources.length > 0) add(`ingress-${family}`, FIXED_SLOTS[`ingress-${family}`], "Tcp", ingress.map((f) => f.targetPort), sources, `ingress clients over ${family}`);
    }

    const hashed = new Map<number, Group>();
    for (const g of serviceGroups(spec)) {
        const role = `services-${g.protocol.toLowerCase()}-${g.family}`;
        const ports = g.frontends.map((f) => f.targetPort);
        const description = `clients of ${g.frontends.map((f) => f.key).join(", ")} over ${g.family}`;
        if (everyone(g.family, g.sources)) {
            add(role, FIXED_SLOTS[role as keyof typeof FIXED_SLOTS], g.protocol, ports, g.sources, description);
            continue;
        }
        const slot = hashedSlot(base, g.key);
        const other = hashed.get(slot);
        if (other) {
            const suggestion = separatingBase(spec, base);
            r.problems.add(
                inputPath(g.frontends[0], "allowedCidrs"),
                `the NSG rule for ${g.sources.join(", ")} (${g.frontends[0].key}) and the one for ${other.sources.join(", ")} (${other.frontends[0].key}) hash to the same priority ${base + slot}`,
                suggestion === undefined
                    ? "give both services the same allowedCidrs, so that they share one rule"
                    : `set priorityBase to ${suggestion}: every rule of the cluster moves in place to ${suggestion}-${suggestion + AZURE_PRIORITY_WIDTH - 1}, where these sources do not clash (or give both services the same allowedCidrs)`,
            );
            continue;
        }
        hashed.set(slot, g);
        add(`${role}-${shortHash(g.sources.join(","), 6)}`, slot, g.protocol, ports, g.sources, description);
    }
    return rules;
}
