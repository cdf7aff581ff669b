// `--format reachability` (and the `reachability` of each cluster in `--format json`): who
// reaches what, evaluated on the policy the registered resources make (policy.ts). Per
// frontend and family, each client class (its allowedCidrs, the rest of the internet,
// nodeSourceCidrs, each node role, a peered network on Azure) with the role that answers and
// the hop that admits or stops it; per role, the health checks; per role and port, who reaches
// the node directly. The kernel lab holds these answers to real packets.
import * as ipaddr from "ipaddr.js";
import { BackendRole } from "../generated/enums";
import { ClusterSpec } from "../model/cluster";
import { ROLES } from "../model/frontends";
import { ANYWHERE, Family } from "../model/net";
import {
    cidrContains,
    familyOfCidr,
    Policy,
    PolicyFrontend,
    policyOf,
    PolicyRule,
    Proto,
    Source,
} from "./policy";
import { ClusterRun } from "./run";
import { Paint } from "./text";

type ClientKind =
    "allowed" | "internet" | "nodeSource" | "peered" | "node" | "probers" | "loadBalancer";

/** A class of clients, stood for by one address (or by symbols where the cloud names no address). */
export interface Client {
    label: string;
    kind: ClientKind;
    family: Family;
    /** The representative address; absent for the cloud's own sources, which match only "everyone" CIDRs. */
    address?: string;
    symbols: string[];
    role?: BackendRole;
}

interface Verdict {
    /** The role whose node answers, or absent when the flow is stopped. */
    reaches?: BackendRole;
    /** What admitted or stopped it. */
    hop: string;
    conditions: string[];
}

interface FrontendFlow extends Verdict {
    frontend: string;
    family: Family;
    protocol: Proto;
    port: number;
    targetPort: number;
    client: string;
}

interface PortFlow extends Verdict {
    role: BackendRole;
    protocol: Proto;
    port: number;
    family: Family;
    client: string;
    /** Why the port is in the matrix: a target, a health check, or a port nobody asked for. */
    purpose: string;
}

export interface ClusterReachability {
    frontends: FrontendFlow[];
    probes: PortFlow[];
    nodes: PortFlow[];
}

/** Ports nobody asks the front door to open: ssh and the kubelet. */
const UNASKED_PORTS = [22, 10250];

// Stand-in addresses for sources the clouds name without an address, in test ranges
// (RFC 2544 benchmarking, RFC 9637 IPv6 documentation, private ranges), so that a lab can
// give them to a namespace: they match only rules for "everyone" or for their symbol.
export const STAND_INS: Record<string, Record<Family, string>> = {
    "@probers": { ipv4: "198.18.0.16", ipv6: "3fff:ff::16" },
    "@outbound": { ipv4: "198.19.0.1", ipv6: "3fff:fe::1" },
    "@unlisted": { ipv4: "198.19.255.1", ipv6: "3fff:fd::1" },
    "@peered": { ipv4: "10.99.0.2", ipv6: "fd99::2" },
};
/**
 * A private address standing for a role's nodes (the lab gives it to the node that dials as the
 * role): it matches rules for the private ranges that contain it, as the nodes' subnet would.
 */
const NODE_STAND_INS: Record<BackendRole, Record<Family, string>> = {
    controllers: { ipv4: "10.77.2.2", ipv6: "fd77:2::2" },
    workers: { ipv4: "10.77.4.2", ipv6: "fd77:4::2" },
};
const INTERNET_CANDIDATES: Record<Family, string[]> = {
    ipv4: ["192.0.2.200", "198.51.100.200", "203.0.113.200", "198.18.200.200"],
    ipv6: ["3fff:abc::200", "2001:db8:ffff::200", "fd00:ffff::200"],
};

/** The first host of a CIDR (the address itself for a host route). */
function firstHost(cidr: string): string {
    const [net, bits] = ipaddr.parseCIDR(cidr);
    const bytes = net.toByteArray();
    if (bits < bytes.length * 8) bytes[bytes.length - 1] |= 1;
    return ipaddr.fromByteArray(bytes).toString();
}

const listed = (c: string, family: Family) => familyOfCidr(c) === family && c !== ANYWHERE[family];

/** Every restricted CIDR the cluster names, per family. */
function namedCidrs(spec: ClusterSpec, family: Family): string[] {
    return [
        ...new Set([
            ...spec.frontends.flatMap((f) => f.allowedCidrs[family]),
            ...spec.nodeSourceCidrs[family],
        ]),
    ].filter((c) => listed(c, family));
}

/** An address of the internet that no CIDR of the cluster lists. */
function internetAddress(spec: ClusterSpec, family: Family): string {
    const cidrs = namedCidrs(spec, family);
    return (
        INTERNET_CANDIDATES[family].find((a) => !cidrs.some((c) => cidrContains(c, a))) ??
        INTERNET_CANDIDATES[family].at(-1)!
    );
}

/** The client classes of one frontend and family. */
export function clientsOf(
    spec: ClusterSpec,
    policy: Policy,
    key: string,
    family: Family,
): Client[] {
    const f = spec.frontends.find((x) => x.key === key)!;
    const out: Client[] = f.allowedCidrs[family]
        .filter((c) => listed(c, family))
        .map((c) => ({
            label: `client ${c}`,
            kind: "allowed",
            family,
            address: firstHost(c),
            symbols: [],
        }));
    out.push({
        label: "internet",
        kind: "internet",
        family,
        address: internetAddress(spec, family),
        symbols: [],
    });
    for (const c of spec.nodeSourceCidrs[family])
        out.push({
            label: `nodeSource ${c}`,
            kind: "nodeSource",
            family,
            address: firstHost(c),
            symbols: [],
        });
    if (policy.cloud === "azure")
        out.push({
            label: "peered network",
            kind: "peered",
            family,
            address: STAND_INS["@peered"][family],
            symbols: ["@vnet"],
        });
    for (const role of ROLES)
        out.push({
            label: role,
            kind: "node",
            family,
            role,
            address: NODE_STAND_INS[role][family],
            symbols: nodeSymbols(role),
        });
    return out;
}

const nodeSymbols = (role: BackendRole) => ["@private", `@nodes:${role}`, "@vnet"];

/** The sources that reach a node directly: every client class of the cluster, the load balancer, the probers, the nodes. */
export function directClients(spec: ClusterSpec, policy: Policy, family: Family): Client[] {
    const seen = new Map<string, Client>();
    for (const f of spec.frontends) {
        for (const c of clientsOf(spec, policy, f.key, family))
            if (c.kind !== "node") seen.set(c.label, c);
    }
    const out = [...seen.values()];
    out.push({
        label: "probers",
        kind: "probers",
        family,
        address: STAND_INS["@probers"][family],
        symbols: ["@probers"],
    });
    if (policy.cloud === "aws")
        out.push({ label: "load balancer", kind: "loadBalancer", family, symbols: ["@lb"] });
    for (const role of ROLES)
        out.push({
            label: role,
            kind: "node",
            family,
            role,
            address: NODE_STAND_INS[role][family],
            symbols: nodeSymbols(role),
        });
    return out;
}

function matches(
    source: Source,
    client: { address?: string; symbols: string[] },
    family: Family,
): boolean {
    if (source.startsWith("@")) return client.symbols.includes(source);
    if (familyOfCidr(source) !== family) return false;
    // Sources without an address (private nodes, the cloud's own) fall under "everyone" only.
    return client.address === undefined
        ? source === ANYWHERE[family]
        : cidrContains(source, client.address);
}

const inPorts = (rule: PolicyRule, port: number) =>
    rule.ports.length === 0 || rule.ports.some(([a, b]) => port >= a && port <= b);

/** The first rule that matches, in the policy's order. */
function firstMatch(
    rules: PolicyRule[],
    protocol: Proto,
    port: number,
    role: BackendRole,
    client: { address?: string; symbols: string[] },
    family: Family,
): PolicyRule | undefined {
    return rules.find(
        (r) =>
            (r.protocol === "*" || r.protocol === protocol) &&
            inPorts(r, port) &&
            r.roles.includes(role) &&
            r.sources.some((s) => matches(s, client, family)),
    );
}

/** The source a node's own connection carries once it leaves (NAT, outbound rules, private). */
export function egressOf(
    policy: Policy,
    role: BackendRole,
    family: Family,
): { address?: string; symbols: string[]; via: string } {
    const egress = policy.nodeEgress[family];
    if (egress.source === "@private")
        return {
            address: NODE_STAND_INS[role][family],
            symbols: nodeSymbols(role),
            via: egress.via,
        };
    if (egress.source === "@unlisted")
        return { address: STAND_INS["@unlisted"][family], symbols: [], via: egress.via };
    if (egress.source === "@outbound") return { symbols: ["@outbound"], via: egress.via };
    return { address: firstHost(egress.source), symbols: [], via: egress.via };
}

/** The node's own hop: attachment, then its rules, for a source that reaches it. */
function atNode(
    policy: Policy,
    role: BackendRole,
    protocol: Proto,
    port: number,
    source: { address?: string; symbols: string[] },
    family: Family,
): Verdict {
    const { hop, rules, attached } = policy.nodeFilter;
    if (attached[role] === "missing")
        return {
            hop: `stopped: ${policy.conditions[role].join("; ")} does not hold in this program`,
            conditions: [],
        };
    const rule = firstMatch(rules, protocol, port, role, source, family);
    const conditions = attached[role] === "assumed" ? policy.conditions[role] : [];
    if (rule?.allow)
        return { reaches: role, hop: `admitted by ${hop} rule ${rule.name}`, conditions };
    return {
        hop: rule ? `stopped by ${hop} rule ${rule.name}` : `stopped by ${hop}: no rule admits it`,
        conditions,
    };
}

function frontendVerdict(policy: Policy, f: PolicyFrontend, client: Client): Verdict {
    let source: { address?: string; symbols: string[] } = client;
    let via = "";
    if (client.kind === "node") {
        if (policy.localFrontends && client.role === f.role)
            return {
                reaches: f.role,
                hop: "local: the frontend address is the node's own",
                conditions: [],
            };
        const egress = egressOf(policy, client.role!, f.family);
        source = egress;
        via = ` (from ${egress.via})`;
    }
    if (!f.members)
        return { hop: `stopped: the ${f.role}' ${f.family} pool has no member`, conditions: [] };
    if (policy.lbFilter) {
        const rule = policy.lbFilter.rules.find(
            (r) =>
                r.protocol === f.protocol &&
                inPorts(r, f.port) &&
                r.sources.some((s) => matches(s, source, f.family)),
        );
        if (!rule) return { hop: `stopped by ${policy.lbFilter.hop}${via}`, conditions: [] };
    }
    const toNode =
        policy.lbEgress &&
        firstMatch(
            policy.lbEgress.rules,
            f.protocol,
            f.targetPort,
            f.role,
            { symbols: ["@lb"] },
            f.family,
        );
    if (policy.lbEgress && !toNode)
        return { hop: `stopped by ${policy.lbEgress.hop}`, conditions: [] };
    const kept = f.keepsClient ? source : { symbols: [policy.replacedBy] };
    const seen = policy.lbIdentity
        ? { ...kept, symbols: [...kept.symbols, policy.lbIdentity] }
        : kept;
    const verdict = atNode(policy, f.role, f.protocol, f.targetPort, seen, f.family);
    return { ...verdict, hop: verdict.hop + via };
}

export function reachabilityOf(policy: Policy, spec: ClusterSpec): ClusterReachability {
    const frontends: FrontendFlow[] = policy.frontends.flatMap((f) =>
        clientsOf(spec, policy, f.key, f.family).map((client) => ({
            frontend: f.key,
            family: f.family,
            protocol: f.protocol,
            port: f.port,
            targetPort: f.targetPort,
            client: client.label,
            ...frontendVerdict(policy, f, client),
        })),
    );
    const probeSource = (family: Family) => ({
        address: policy.probeSource === "@probers" ? STAND_INS["@probers"][family] : undefined,
        symbols: [policy.probeSource],
    });
    const probes: PortFlow[] = [];
    const seenProbe = new Set<string>();
    for (const f of policy.frontends) {
        const id = `${f.role} ${f.health.port} ${f.family}`;
        if (seenProbe.has(id)) continue;
        seenProbe.add(id);
        const toNode =
            !policy.lbEgress ||
            policy.probeSource !== "@lb" ||
            firstMatch(
                policy.lbEgress.rules,
                "tcp",
                f.health.port,
                f.role,
                { symbols: ["@lb"] },
                f.family,
            );
        const verdict: Verdict = toNode
            ? atNode(policy, f.role, "tcp", f.health.port, probeSource(f.family), f.family)
            : { hop: `stopped by ${policy.lbEgress!.hop}`, conditions: [] };
        probes.push({
            role: f.role,
            protocol: "tcp",
            port: f.health.port,
            family: f.family,
            client: "probers",
            purpose: `${f.health.protocol} health check`,
            ...verdict,
        });
    }
    return { frontends, probes, nodes: nodeFlows(policy, spec) };
}

/** Every port of the matrix per role, with why it is there. */
export function portsOf(policy: Policy): { protocol: Proto; port: number; purpose: string }[] {
    const ports = new Map<string, { protocol: Proto; port: number; purpose: string }>();
    const add = (protocol: Proto, port: number, purpose: string) =>
        ports.has(`${protocol}/${port}`) ||
        ports.set(`${protocol}/${port}`, { protocol, port, purpose });
    for (const f of policy.frontends) {
        add(f.protocol, f.targetPort, `${f.key} target`);
        add("tcp", f.health.port, `${f.key} health check`);
    }
    for (const port of UNASKED_PORTS) add("tcp", port, "not asked for");
    return [...ports.values()].sort(
        (a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port,
    );
}

function nodeFlows(policy: Policy, spec: ClusterSpec): PortFlow[] {
    const out: PortFlow[] = [];
    for (const family of policy.families) {
        const clients = directClients(spec, policy, family);
        for (const role of ROLES) {
            for (const p of portsOf(policy)) {
                for (const client of clients) {
                    if (client.role === role) continue;
                    // The load balancer's own connections pass its outbound rules first.
                    const blocked =
                        client.kind === "loadBalancer" &&
                        policy.lbEgress &&
                        !firstMatch(
                            policy.lbEgress.rules,
                            p.protocol,
                            p.port,
                            role,
                            client,
                            family,
                        );
                    const verdict = blocked
                        ? { hop: `stopped by ${policy.lbEgress!.hop}`, conditions: [] }
                        : atNode(policy, role, p.protocol, p.port, client, family);
                    out.push({ role, ...p, family, client: client.label, ...verdict });
                }
            }
        }
    }
    return out;
}

/**
 * A planned cluster's reachability. The plan sees only the component's own resources, so the
 * nodes' side is the contract's: each flow that needs it names it as a condition.
 */
export function reachabilityOfRun(run: ClusterRun): ClusterReachability | undefined {
    if (run.invalid || !run.spec) return undefined;
    return reachabilityOf(policyOf(run.declaration.type, run.resources, run.spec, false), run.spec);
}

// ---- text ----------------------------------------------------------------------------------

export function renderReachability(
    name: string,
    type: string,
    r: ClusterReachability,
    paint: Paint,
): string {
    const lines = [`${paint("bold", name)}  ${paint("dim", type)}  reachability`];
    const mark = (v: Verdict) =>
        v.reaches ? paint("green", `✓ ${v.reaches}`) : paint("red", "✗ stopped");
    const groups = new Map<string, FrontendFlow[]>();
    for (const flow of r.frontends) {
        const id = `${flow.frontend} ${flow.protocol}/${flow.port} -> ${flow.targetPort} over ${flow.family}`;
        groups.set(id, [...(groups.get(id) ?? []), flow]);
    }
    const width = Math.max(20, ...r.frontends.map((f) => f.client.length));
    for (const [id, flows] of groups) {
        lines.push(`  ${paint("cyan", id)}`);
        for (const f of flows)
            lines.push(
                `    ${f.client.padEnd(width)}  ${mark(f)}  ${f.hop}${f.conditions.length ? paint("dim", `  if ${f.conditions.join("; ")}`) : ""}`,
            );
    }
    lines.push(`  ${paint("cyan", "health checks")}`);
    for (const p of r.probes)
        lines.push(
            `    ${`${p.role} tcp/${p.port} over ${p.family}`.padEnd(width)}  ${p.reaches ? paint("green", "✓ open") : paint("red", "✗ closed")}  ${p.hop}`,
        );
    lines.push(`  ${paint("cyan", "node ports, reached directly")}`);
    const byPort = new Map<string, PortFlow[]>();
    for (const n of r.nodes) {
        const id = `${n.role} ${n.protocol}/${n.port} over ${n.family}`;
        byPort.set(id, [...(byPort.get(id) ?? []), n]);
    }
    for (const [id, flows] of byPort) {
        const open = flows.filter((f) => f.reaches).map((f) => f.client);
        lines.push(
            `    ${id.padEnd(width + 10)}  ${paint("dim", flows[0].purpose.padEnd(28))}  ${open.length ? open.join(", ") : paint("dim", "nobody")}`,
        );
    }
    return lines.join("\n");
}
