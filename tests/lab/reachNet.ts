// The reachability lab's network: a fixed set of namespaces, reused by every cluster, into
// which a cluster's policy (read from its registered resources, provider/src/plan/policy.ts)
// is compiled as nftables, and through which real TCP, UDP and HTTP packets walk.
//
//   out (clients, probers) ── lb (load balancer + router) ── c0, w0 (the nodes that answer)
//                                 └── nat (NAT gateway / outbound rules) ── c1, w1 (dialling nodes)
//
// Every address lives inside these namespaces: private ranges for nodes and frontends,
// documentation and benchmarking ranges for clients (reachability.ts STAND_INS).
import { ChildProcess } from "child_process";
import { BackendRole } from "../../provider/src/generated/enums";
import { Family } from "../../provider/src/model/net";
import { Policy, PolicyRule } from "../../provider/src/plan/policy";
import { STAND_INS } from "../../provider/src/plan/reachability";
import {
    addNamespace,
    addressDevice,
    addVeth,
    defaultRoutes,
    deleteNamespaces,
    makeRouter,
    must,
    spawnNodeIn,
} from "./netns";

const NODES = { c0: 1, c1: 2, w0: 3, w1: 4 } as const;
export type NodeName = keyof typeof NODES;
/** The node that answers for a role, and the one that dials as that role. */
export const ANSWERS: Record<BackendRole, NodeName> = { controllers: "c0", workers: "w0" };
export const DIALS: Record<BackendRole, NodeName> = { controllers: "c1", workers: "w1" };

/** c1 and w1 carry reachability.ts's NODE_STAND_INS: the view's node clients dial from them. */
export const nodeAddress = (n: NodeName, family: Family) =>
    family === "ipv4" ? `10.77.${NODES[n]}.2` : `fd77:${NODES[n]}::2`;
export const VIP: Record<BackendRole, Record<Family, string>> = {
    controllers: { ipv4: "10.76.1.1", ipv6: "fd76:1::1" },
    workers: { ipv4: "10.76.2.1", ipv6: "fd76:2::1" },
};
export const LB_ADDRESS: Record<Family, string> = { ipv4: "10.77.0.1", ipv6: "fd77::1" };
const FAMILIES: Family[] = ["ipv4", "ipv6"];
const ip = (family: Family) => (family === "ipv4" ? "ip" : "ip6");
const host = (a: string) => (a.includes(":") ? `${a}/128` : `${a}/32`);
/** A dial that gets no answer within this is stopped: every hop is a local veth. */
const DIAL_TIMEOUT_MS = 500;

export interface Dial {
    id: string;
    proto: "tcp" | "udp";
    src?: string;
    dst: string;
    port: number;
    /** HTTP health check: send a GET for this path and expect 200. */
    path?: string;
}

// Answers each TCP connection with an HTTP 200 naming the node's role, and each UDP datagram
// with the role: a dial learns who answered.
const LISTENER = `
const net = require("net"), dgram = require("dgram"), readline = require("readline");
const role = process.argv[1];
let open = [];
readline.createInterface({ input: process.stdin }).on("line", async (line) => {
    const { tcp, udp, hosts } = JSON.parse(line);
    // A server stops listening at once; its callback would wait for connections to end.
    await Promise.all(open.map((s) => new Promise((r) => (s instanceof net.Server ? (s.close(), r()) : s.close(() => r())))));
    open = [];
    await Promise.all([
        ...tcp.map((port) => new Promise((r) => {
            const s = net.createServer((c) => { c.on("error", () => {}); c.end("HTTP/1.0 200 OK\\r\\n\\r\\n" + role + "\\n"); });
            s.on("error", (e) => { console.error(e.message); process.exit(1); });
            open.push(s);
            s.listen({ host: "::", port, ipv6Only: false }, r);
        })),
        // One UDP socket per local address, so that an answer leaves from the address dialled.
        ...udp.flatMap((port) => hosts.map((host) => new Promise((r) => {
            const u = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
            u.on("error", () => {});
            u.on("message", (m, from) => u.send(role, from.port, from.address));
            open.push(u);
            u.bind(port, host, r);
        }))),
    ]);
    console.log("ready");
});`;

// Runs every dial at once, each bounded by the timeout; prints { id: answer | "" }.
const DIALER = `
const net = require("net"), dgram = require("dgram");
const timeout = Number(process.argv[1]);
let out = {};
const one = (d) => new Promise((done) => {
    const finish = (v) => { if (!(d.id in out)) { out[d.id] = v; done(); } };
    setTimeout(() => finish(""), timeout);
    if (d.proto === "udp") {
        const s = dgram.createSocket(d.dst.includes(":") ? "udp6" : "udp4");
        s.on("error", () => finish(""));
        s.on("message", (m) => { finish(String(m)); s.close(); });
        s.bind({ address: d.src, port: 0 }, () => s.send("hello", d.port, d.dst));
        setTimeout(() => { try { s.close(); } catch {} }, timeout + 10);
        return;
    }
    const s = net.connect({ host: d.dst, port: d.port, localAddress: d.src });
    let data = "";
    s.on("connect", () => { if (d.path) s.write("GET " + d.path + " HTTP/1.0\\r\\n\\r\\n"); });
    s.on("data", (c) => (data += c));
    s.on("end", () => finish(/^HTTP\\/1\\.[01] 200/.test(data) ? data.trim().split("\\n").pop() : ""));
    s.on("error", () => finish(""));
    setTimeout(() => s.destroy(), timeout + 10);
});
require("readline").createInterface({ input: process.stdin }).on("line", (line) => {
    out = {};
    Promise.all(JSON.parse(line).map(one)).then(() => process.stdout.write(JSON.stringify(out) + "\\n"));
});`;

export class ReachNet {
    readonly prefix = `hr${process.pid.toString(36)}${Math.random().toString(36).slice(2, 5)}`;
    private readonly spaces: string[] = [];
    private readonly listeners = new Map<NodeName, ChildProcess>();
    private readonly dialers = new Map<string, ChildProcess>();
    /** Client addresses added for the current cluster, per namespace. */
    private owned = new Map<string, string[]>();
    dials = 0;
    private localVips = false;

    ns(name: string): string {
        return `${this.prefix}-${name}`;
    }

    constructor() {
        // Whatever was made is removed when the topology cannot be built, and when the process ends.
        process.once("exit", () => this.destroy());
        try {
            this.build();
        } catch (error) {
            this.destroy();
            throw error;
        }
    }

    private build(): void {
        for (const name of ["out", "lb", "nat", ...Object.keys(NODES)]) {
            // Recorded first, so that destroy() removes a namespace half made.
            this.spaces.push(this.ns(name));
            addNamespace(this.ns(name));
        }
        for (const name of ["lb", "nat"]) makeRouter(this.ns(name));
        this.link("lb", "o0", "out", {
            ipv4: ["10.78.0.1", "10.78.0.2"],
            ipv6: ["fd78::1", "fd78::2"],
        });
        this.link("lb", "n0", "nat", {
            ipv4: ["10.79.0.1", "10.79.0.2"],
            ipv6: ["fd79::1", "fd79::2"],
        });
        for (const [node, i] of Object.entries(NODES)) {
            const router = node.endsWith("0") ? "lb" : "nat";
            this.link(router, `e${i}`, node, {
                ipv4: [`10.77.${i}.1`, `10.77.${i}.2`],
                ipv6: [`fd77:${i}::1`, `fd77:${i}::2`],
            });
            defaultRoutes(this.ns(node), `10.77.${i}.1`, `fd77:${i}::1`);
        }
        defaultRoutes(this.ns("out"), "10.78.0.1", "fd78::1");
        defaultRoutes(this.ns("nat"), "10.79.0.1", "fd79::1");
        // The load balancer's own address; the dialling nodes' subnets behind the NAT gateway.
        this.sh(
            "lb",
            `ip addr add ${LB_ADDRESS.ipv4}/32 dev lo && ip addr add ${LB_ADDRESS.ipv6}/128 dev lo nodad
            ip route add default via 10.78.0.2 && ip -6 route add default via fd78::2
            ip route add 10.77.2.0/24 via 10.79.0.2 && ip route add 10.77.4.0/24 via 10.79.0.2
            ip -6 route add fd77:2::/64 via fd79::2 && ip -6 route add fd77:4::/64 via fd79::2`,
        );
    }

    /** A veth pair from `router` to `other`'s eth0, addresses [router's, other's] per family. */
    private link(
        router: string,
        side: string,
        other: string,
        addresses: Record<Family, [string, string]>,
    ): void {
        addVeth(this.ns(router), side, this.ns(other));
        addressDevice(this.ns(router), side, `${addresses.ipv4[0]}/24`, `${addresses.ipv6[0]}/64`);
        addressDevice(this.ns(other), "eth0", `${addresses.ipv4[1]}/24`, `${addresses.ipv6[1]}/64`);
        // Permanent neighbours: a burst of hundreds of dials to an unresolved neighbour overflows
        // its queue (64 KiB), and each dropped SYN would retry only after the dial's timeout.
        const mac = (name: string, dev: string) =>
            this.sh(name, `cat /sys/class/net/${dev}/address`).trim();
        const [routerMac, otherMac] = [mac(router, side), mac(other, "eth0")];
        this.sh(
            router,
            `ip neigh replace ${addresses.ipv4[1]} lladdr ${otherMac} dev ${side} nud permanent && ip neigh replace ${addresses.ipv6[1]} lladdr ${otherMac} dev ${side} nud permanent`,
        );
        this.sh(
            other,
            `ip neigh replace ${addresses.ipv4[0]} lladdr ${routerMac} dev eth0 nud permanent && ip neigh replace ${addresses.ipv6[0]} lladdr ${routerMac} dev eth0 nud permanent`,
        );
    }

    sh(name: string, script: string): string {
        return must(["ip", "netns", "exec", this.ns(name), "sh", "-ec", script]);
    }

    private nft(name: string, ruleset: string): void {
        must(["ip", "netns", "exec", this.ns(name), "nft", "-f", "-"], `flush ruleset\n${ruleset}`);
    }

    /** Gives each client address to the namespace it dials from (on lo), routed there from the load balancer. */
    setClients(owners: Map<string, string>): void {
        for (const [name, addresses] of this.owned) {
            this.sh(
                name,
                addresses.map((a) => `ip addr del ${host(a)} dev lo`).join("\n") || "true",
            );
            if (name !== "out")
                this.sh("lb", addresses.map((a) => `ip route del ${host(a)}`).join("\n") || "true");
        }
        this.owned = new Map();
        for (const [address, name] of owners)
            this.owned.set(name, [...(this.owned.get(name) ?? []), address]);
        for (const [name, addresses] of this.owned) {
            this.sh(
                name,
                addresses
                    .map((a) => `ip addr add ${host(a)} dev lo${a.includes(":") ? " nodad" : ""}`)
                    .join("\n"),
            );
            // The NAT gateway's addresses route to it; everything else the load balancer does not know goes out.
            if (name === "nat")
                this.sh(
                    "lb",
                    addresses
                        .map(
                            (a) =>
                                `ip route add ${host(a)} via ${a.includes(":") ? "fd79::2" : "10.79.0.2"}`,
                        )
                        .join("\n"),
                );
        }
    }

    /** Compiles the policy into the namespaces; `egress` is the source the NAT gateway gives node connections. */
    configure(
        policy: Policy,
        egress: Partial<Record<Family, string>>,
        ports: { tcp: number[]; udp: number[] },
    ): Promise<void> {
        this.nft("lb", lbRuleset(policy));
        this.nft("nat", natRuleset(egress));
        for (const node of Object.keys(NODES) as NodeName[])
            this.nft(node, nodeRuleset(policy, node));
        // Google's guest environment makes the role's passthrough frontend addresses local.
        for (const node of Object.keys(NODES) as NodeName[]) {
            const role: BackendRole = node.startsWith("c") ? "controllers" : "workers";
            const local = policy.localFrontends
                ? FAMILIES.map(
                      (f) =>
                          `ip addr replace ${host(VIP[role][f])} dev lo${f === "ipv6" ? " nodad" : ""}`,
                  )
                : FAMILIES.map(
                      (f) => `ip addr del ${host(VIP[role][f])} dev lo 2>/dev/null || true`,
                  );
            this.sh(node, local.join("\n"));
        }
        // Passthrough: the load balancer routes each frontend address to the answering node unchanged.
        this.sh(
            "lb",
            FAMILIES.flatMap((f) =>
                (["controllers", "workers"] as BackendRole[]).map(
                    (role) =>
                        `ip ${f === "ipv6" ? "-6 " : ""}route replace ${host(VIP[role][f])} via ${nodeAddress(ANSWERS[role], f)}`,
                ),
            ).join("\n"),
        );
        this.localVips = policy.localFrontends;
        return this.listen(ports);
    }

    /** Each node's one listener process rebinds to the cluster's ports. */
    private async listen(ports: { tcp: number[]; udp: number[] }): Promise<void> {
        await Promise.all(
            (Object.keys(NODES) as NodeName[]).map(async (node) => {
                let child = this.listeners.get(node);
                if (!child) {
                    const role = node.startsWith("c") ? "controllers" : "workers";
                    child = spawnNodeIn(this.ns(node), LISTENER, [role], ["pipe", "pipe", "pipe"]);
                    this.listeners.set(node, child);
                }
                const c = child;
                let err = "";
                const onErr = (d: Buffer) => (err += d);
                c.stderr!.on("data", onErr);
                await new Promise<void>((resolve, reject) => {
                    const timer = setTimeout(
                        () => reject(new Error(`listeners of ${node} not ready: ${err}`)),
                        10_000,
                    );
                    const onExit = (code: number) => (
                        clearTimeout(timer),
                        reject(new Error(`listeners of ${node} exited ${code}: ${err}`))
                    );
                    const onData = (d: Buffer) => {
                        if (!String(d).includes("ready")) return;
                        clearTimeout(timer);
                        c.stdout!.off("data", onData);
                        c.off("exit", onExit);
                        resolve();
                    };
                    c.stdout!.on("data", onData);
                    c.once("exit", onExit);
                    const role: BackendRole = node.startsWith("c") ? "controllers" : "workers";
                    const hosts = [
                        ...FAMILIES.map((f) => nodeAddress(node, f)),
                        ...(this.localVips ? FAMILIES.map((f) => VIP[role][f]) : []),
                    ];
                    c.stdin!.write(JSON.stringify({ ...ports, hosts }) + "\n");
                });
                c.stderr!.off("data", onErr);
            }),
        );
    }

    /** Runs the dials of each namespace at once, every namespace in parallel: id -> answer ("" when stopped). */
    async dial(byNamespace: Map<string, Dial[]>): Promise<Record<string, string>> {
        const results = await Promise.all(
            [...byNamespace].map(([name, dials]) => this.dialFrom(name, dials)),
        );
        for (const dials of byNamespace.values()) this.dials += dials.length;
        return Object.assign({}, ...results);
    }

    /** One dialler process per namespace, kept for every cluster: a line of dials in, a line of answers out. */
    private dialFrom(name: string, dials: Dial[]): Promise<Record<string, string>> {
        let child = this.dialers.get(name);
        if (!child) {
            child = spawnNodeIn(
                this.ns(name),
                DIALER,
                [String(DIAL_TIMEOUT_MS)],
                ["pipe", "pipe", "inherit"],
            );
            this.dialers.set(name, child);
        }
        const c = child;
        return new Promise((resolve, reject) => {
            let buffer = "";
            const onExit = (code: number) =>
                reject(new Error(`the dialler in ${name} exited ${code}`));
            const onData = (d: Buffer) => {
                buffer += d;
                if (!buffer.endsWith("\n")) return;
                c.stdout!.off("data", onData);
                c.off("exit", onExit);
                resolve(JSON.parse(buffer));
            };
            c.stdout!.on("data", onData);
            c.once("exit", onExit);
            c.stdin!.write(JSON.stringify(dials) + "\n");
        });
    }

    destroy(): void {
        for (const child of [...this.listeners.values(), ...this.dialers.values()])
            if (child.exitCode === null) child.kill("SIGKILL");
        deleteNamespaces(this.spaces);
        this.spaces.length = 0;
    }
}

// ---- nftables ------------------------------------------------------------------------------

/** The addresses a source stands for in the lab, per family. */
function sourceAddresses(source: string, family: Family): string[] {
    const nodes = (role: BackendRole) =>
        (role === "controllers" ? ["c0", "c1"] : ["w0", "w1"]).map((n) =>
            nodeAddress(n as NodeName, family),
        );
    switch (source) {
        case "@lb":
            return [LB_ADDRESS[family]];
        case "@probers":
        case "@outbound":
            return [STAND_INS[source][family]];
        // The virtual network: the nodes' subnets and a peered network.
        case "@vnet":
            return family === "ipv4"
                ? ["10.77.0.0/16", STAND_INS["@peered"].ipv4]
                : ["fd77::/16", STAND_INS["@peered"].ipv6];
        case "@nodes:controllers":
            return nodes("controllers");
        case "@nodes:workers":
            return nodes("workers");
        default:
            if (source.startsWith("@")) return [];
            return source.includes(":") === (family === "ipv6") ? [source] : [];
    }
}

/** One nftables match per family for a rule: protocol, ports and sources. */
function ruleMatches(rule: PolicyRule, family: Family, identity?: string): string[] {
    const addresses = [...new Set(rule.sources.flatMap((s) => sourceAddresses(s, family)))];
    const l4 = rule.protocol === "*" ? "" : `meta l4proto ${rule.protocol} `;
    const ports =
        rule.ports.length === 0
            ? ""
            : `th dport { ${rule.ports.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(", ")} } `;
    const out =
        addresses.length > 0
            ? [`${l4}${ports}${ip(family)} saddr { ${addresses.join(", ")} }`]
            : [];
    // AWS: what the load balancer forwards carries its group's identity (a DSCP mark here).
    if (identity && rule.sources.includes(identity))
        out.push(`${l4}${ports}${ip(family)} dscp cs1`);
    return out;
}

function nodeRuleset(policy: Policy, node: NodeName): string {
    const role: BackendRole = node.startsWith("c") ? "controllers" : "workers";
    const lines = [
        'iifname != "eth0" accept',
        "ct state established,related accept",
        "meta l4proto ipv6-icmp accept",
    ];
    if (policy.nodeFilter.attached[role] !== "missing") {
        for (const rule of policy.nodeFilter.rules.filter((r) => r.roles.includes(role))) {
            for (const family of FAMILIES)
                for (const m of ruleMatches(rule, family, policy.lbIdentity))
                    lines.push(`${m} ${rule.allow ? "accept" : "drop"}`);
        }
    }
    return `table inet node { chain c_in { type filter hook input priority filter; policy drop;\n${lines.join("\n")}\n}\n}`;
}

function natRuleset(egress: Partial<Record<Family, string>>): string {
    const vips = (family: Family) =>
        Object.values(VIP)
            .map((v) => v[family])
            .join(", ");
    const lines = FAMILIES.filter((f) => egress[f]).map(
        (f) => `${ip(f)} daddr { ${vips(f)} } snat ${ip(f)} to ${egress[f]}`,
    );
    return `table inet natgw { chain c_post { type nat hook postrouting priority srcnat;\n${lines.join("\n")}\n}\n}`;
}

function lbRuleset(policy: Policy): string {
    const dnat: string[] = [];
    const snat: string[] = [];
    const forward = ["ct state established,related accept"];
    const output = [
        "ct state established,related accept",
        'oifname "lo" accept',
        "meta l4proto ipv6-icmp accept",
    ];
    const egressRules = (l4: string, port: number, role: BackendRole) =>
        (policy.lbEgress?.rules ?? []).some(
            (r) =>
                (r.protocol === "*" || r.protocol === l4) &&
                r.roles.includes(role) &&
                (r.ports.length === 0 || r.ports.some(([a, b]) => port >= a && port <= b)),
        );
    for (const f of policy.frontends) {
        const v = ip(f.family);
        const match = `${v} daddr ${VIP[f.role][f.family]} ${f.protocol} dport ${f.port}`;
        const node = nodeAddress(ANSWERS[f.role], f.family);
        if (!f.members) {
            dnat.push(`${match} drop`);
            continue;
        }
        if (!policy.localFrontends)
            dnat.push(
                `${match} dnat ${v} to ${f.family === "ipv6" ? `[${node}]` : node}:${f.targetPort}`,
            );
        const original = `meta l4proto ${f.protocol} ct original ${v} daddr ${VIP[f.role][f.family]} ct original proto-dst ${f.port}`;
        if (policy.lbFilter) {
            const rules = policy.lbFilter.rules.filter(
                (r) =>
                    r.protocol === f.protocol &&
                    r.ports.some(([a, b]) => f.port >= a && f.port <= b),
            );
            const sources = [
                ...new Set(
                    rules.flatMap((r) => r.sources.flatMap((s) => sourceAddresses(s, f.family))),
                ),
            ];
            if (sources.length > 0)
                forward.push(
                    `${original} ${v} saddr { ${sources.join(", ")} } jump admitted_${f.protocol}_${f.port}_${f.family}`,
                );
            forward.push(`${original} drop`);
        }
        if (!f.keepsClient)
            snat.push(
                `${original} snat ${v} to ${sourceAddresses(policy.replacedBy, f.family)[0]}`,
            );
    }
    // After the client filter: the load balancer's outbound rules, then its identity mark.
    const chains: string[] = [];
    for (const f of policy.frontends) {
        const name = `admitted_${f.protocol}_${f.port}_${f.family}`;
        if (chains.some((c) => c.startsWith(`chain ${name} `))) continue;
        chains.push(
            `chain ${name} {\n${policy.lbIdentity ? `${ip(f.family)} dscp set cs1\n` : ""}accept\n}`,
        );
    }
    if (!policy.lbFilter)
        forward.push(
            ...(policy.lbIdentity
                ? FAMILIES.map((f) => `meta nfproto ${f} ct status dnat ${ip(f)} dscp set cs1`)
                : []),
        );
    if (policy.lbEgress) {
        for (const f of policy.frontends) {
            if (!egressRules(f.protocol, f.targetPort, f.role))
                forward.unshift(
                    `ct status dnat ${ip(f.family)} daddr ${nodeAddress(ANSWERS[f.role], f.family)} ${f.protocol} dport ${f.targetPort} drop`,
                );
        }
        // The load balancer's own connections (health checks) leave through its outbound rules.
        for (const rule of policy.lbEgress.rules) {
            for (const family of FAMILIES) {
                const nodes = rule.roles.map((r) => nodeAddress(ANSWERS[r], family)).join(", ");
                const ports =
                    rule.ports.length === 0
                        ? ""
                        : `th dport { ${rule.ports.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(", ")} }`;
                output.push(
                    `${ip(family)} daddr { ${nodes} } meta l4proto ${rule.protocol === "*" ? "{ tcp, udp }" : rule.protocol} ${ports} accept`,
                );
            }
        }
        output.push(`ip daddr 10.77.0.0/16 drop`, `ip6 daddr fd77::/16 drop`);
    }
    return `table inet lb {
        ${chains.join("\n")}
        chain c_pre { type nat hook prerouting priority dstnat;\n${dnat.join("\n")}\n}
        chain c_fwd { type filter hook forward priority filter; policy accept;\n${forward.join("\n")}\n}
        chain c_post { type nat hook postrouting priority srcnat;\n${snat.join("\n")}\n}
        chain c_out { type filter hook output priority filter; policy accept;\n${output.join("\n")}\n}
    }`;
}
