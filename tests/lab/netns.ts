// A small network built from Linux network namespaces, so that the node-side hairpin scripts
// run against a real kernel: one namespace per node, a "load balancer" namespace that routes
// between them (each node on its own veth pair, so every flow crosses it and its conntrack sees
// both directions), and a client. Names carry a per-run prefix, so reruns never collide, and
// everything a lab made is removed by destroy(), which also runs on exit and on signals.
import { ChildProcess, spawn, spawnSync } from "child_process";
import { missingTools, requireHere } from "../support/tools";

export interface Result {
    status: number;
    stdout: string;
    stderr: string;
}

const COMMAND_TIMEOUT_MS = 10_000;

// Every live lab is destroyed when the process ends, however it ends (the trap).
const live = new Set<{ destroy(): void }>();
const destroyAll = () => [...live].forEach((lab) => lab.destroy());
process.on("exit", destroyAll);
for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
] as const)
    process.once(signal, () => (destroyAll(), process.exit(code)));
/** A dial that gets no answer within this is a timeout: every hop is a local veth. */
const CONNECT_TIMEOUT_S = 1.5;

/** Runs argv, bounded in time. */
function run(argv: string[], input?: string): Result {
    const r = spawnSync(argv[0], argv.slice(1), {
        input,
        encoding: "utf8",
        timeout: COMMAND_TIMEOUT_MS,
    });
    if (r.error) throw r.error;
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Runs argv and returns its output; fails with both streams when it fails. */
export function must(argv: string[], input?: string): string {
    const r = run(argv, input);
    if (r.status !== 0)
        throw new Error(`${argv.join(" ")} exited ${r.status}: ${r.stderr}${r.stdout}`);
    return r.stdout;
}

// ---- Namespace plumbing shared by the labs (this Lab and reachNet.ts's ReachNet) ----------

/** A namespace with its loopback up and no duplicate address detection. */
export function addNamespace(ns: string): void {
    must(["ip", "netns", "add", ns]);
    must(["ip", "-n", ns, "link", "set", "lo", "up"]);
    // No duplicate address detection: a tentative link-local address delays the first IPv6 flows.
    for (const sysctl of ["net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0"])
        must(["ip", "netns", "exec", ns, "sysctl", "-qw", sysctl]);
}

/** Makes a namespace forward both families, whatever path a reply takes back. */
export function makeRouter(ns: string): void {
    for (const sysctl of [
        "net.ipv4.ip_forward=1",
        "net.ipv6.conf.all.forwarding=1",
        "net.ipv4.conf.all.rp_filter=0",
        "net.ipv4.conf.default.rp_filter=0",
    ])
        must(["ip", "netns", "exec", ns, "sysctl", "-qw", sysctl]);
}

/** A veth pair: `side` in namespace `from`, its peer the eth0 of namespace `to`. */
export function addVeth(from: string, side: string, to: string): void {
    must([
        "ip",
        "-n",
        from,
        "link",
        "add",
        side,
        "type",
        "veth",
        "peer",
        "name",
        "eth0",
        "netns",
        to,
    ]);
}

/** Gives a device one address per family (CIDRs) and brings it up. */
export function addressDevice(ns: string, dev: string, ipv4: string, ipv6: string): void {
    must(["ip", "-n", ns, "addr", "add", ipv4, "dev", dev]);
    must(["ip", "-n", ns, "addr", "add", ipv6, "dev", dev, "nodad"]);
    must(["ip", "-n", ns, "link", "set", dev, "up"]);
}

/** A default route per family. */
export function defaultRoutes(ns: string, ipv4: string, ipv6: string): void {
    must(["ip", "-n", ns, "route", "add", "default", "via", ipv4]);
    must(["ip", "-n", ns, "-6", "route", "add", "default", "via", ipv6]);
}

/** Runs a Node.js script (`node -e script ...args`) inside a namespace. */
export function spawnNodeIn(
    ns: string,
    script: string,
    args: string[],
    stdio: ("pipe" | "ignore" | "inherit")[],
): ChildProcess {
    return spawn("ip", ["netns", "exec", ns, process.execPath, "-e", script, ...args], { stdio });
}

/** Deletes namespaces, ignoring those already gone: safe in exit handlers. */
export function deleteNamespaces(spaces: Iterable<string>): void {
    for (const ns of spaces) spawnSync("ip", ["netns", "del", ns], { timeout: COMMAND_TIMEOUT_MS });
}

const LAB_TOOLS = ["ip", "nft", "iptables", "ip6tables"];

/** Why the lab cannot run here, or undefined when it can. */
function unavailable(): string | undefined {
    if (process.getuid?.() !== 0) return "it needs root (it creates network namespaces)";
    const missing = missingTools(LAB_TOOLS);
    if (missing.length > 0)
        return `it needs ${missing.join(", ")} (Debian: apt-get install iproute2 nftables iptables)`;
    const probe = spawnSync("ip", ["netns", "list"], {
        encoding: "utf8",
        timeout: COMMAND_TIMEOUT_MS,
    });
    if (probe.error || probe.status !== 0)
        return `it needs \`ip netns\`: ${probe.error?.message ?? probe.stderr}`;
    return undefined;
}

/** Call in a lab suite's before(): skips it with one line where the lab cannot run, fails in CI. */
export function requireLab(ctx: Mocha.Context, suite: string): void {
    requireHere(
        ctx,
        suite,
        unavailable(),
        "run `npm run test:lab` as root with those tools, as CI does",
    );
}

/** What a TCP dial got: the listener's answer, "refused" (a reset) or "timeout" (no answer). */
export type Dialled = string;

export interface Endpoint {
    host: string;
    port: number;
    answer: string;
}

// A listener that answers each connection with a fixed text and closes it, so a dial tells who
// answered. Prints "ready" once every endpoint listens.
const LISTENER = `
const net = require("net");
const endpoints = JSON.parse(process.argv[1]);
let pending = endpoints.length;
for (const e of endpoints) {
    net.createServer((s) => s.end(e.answer + "\\n"))
        .listen({ host: e.host, port: e.port, ipv6Only: e.host.includes(":") }, () => { if (--pending === 0) console.log("ready"); });
}`;

export interface NodeAddress {
    /** Short name inside the lab: also what its listeners answer. */
    name: string;
    ipv4: string;
    ipv6: string;
}

/**
 * A star of point-to-point links around the load-balancer namespace. Node i has 10.77.i.2/24
 * and fd77:i::2/64 on its eth0, with the load balancer at .1 / ::1 as its default gateway.
 */
export class Lab {
    readonly prefix = `hc${process.pid.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    readonly lb = this.ns("lb");
    private readonly spaces = new Set<string>();
    private readonly listeners = new Map<string, ChildProcess>();
    private readonly indexes = new Map<string, number>();
    private incarnation = 0;

    constructor() {
        live.add(this);
        this.addNamespace(this.lb);
        makeRouter(this.lb);
    }

    ns(name: string): string {
        return `${this.prefix}-${name}`;
    }

    address(name: string): NodeAddress {
        const i = this.indexes.get(name);
        if (i === undefined) throw new Error(`no node ${name} in the lab`);
        return { name, ipv4: `10.77.${i}.2`, ipv6: `fd77:${i}::2` };
    }

    /** Adds (or, after a simulated reboot, re-adds) a node namespace linked to the load balancer. */
    addNode(name: string): NodeAddress {
        const i = this.indexes.get(name) ?? this.indexes.size + 1;
        this.indexes.set(name, i);
        const ns = this.ns(name);
        this.addNamespace(ns);
        // The load balancer's side gets a fresh name per boot: the old one vanishes asynchronously.
        const side = `n${i}b${this.incarnation++}`;
        addVeth(this.lb, side, ns);
        addressDevice(this.lb, side, `10.77.${i}.1/24`, `fd77:${i}::1/64`);
        addressDevice(ns, "eth0", `10.77.${i}.2/24`, `fd77:${i}::2/64`);
        defaultRoutes(ns, `10.77.${i}.1`, `fd77:${i}::1`);
        return this.address(name);
    }

    /**
     * A pod behind `node`: its own namespace on a veth to the node (10.78.i.2/24, fd78:i::2/64,
     * the node at .1 / ::1 as its gateway), the node forwarding for it and masquerading what
     * leaves eth0 to its own address, as CNI plugins do for destinations outside the pod
     * network (Calico's natOutgoing, Cilium's and flannel's masquerade).
     */
    addPod(node: string, name: string): NodeAddress {
        const i = this.indexes.size + 1;
        this.indexes.set(name, i);
        const [ns, host] = [this.ns(name), this.ns(node)];
        this.addNamespace(ns);
        addVeth(host, `pod${i}`, ns);
        addressDevice(host, `pod${i}`, `10.78.${i}.1/24`, `fd78:${i}::1/64`);
        addressDevice(ns, "eth0", `10.78.${i}.2/24`, `fd78:${i}::2/64`);
        defaultRoutes(ns, `10.78.${i}.1`, `fd78:${i}::1`);
        for (const sysctl of ["net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1"])
            must(["ip", "netns", "exec", host, "sysctl", "-qw", sysctl]);
        must(
            ["ip", "netns", "exec", host, "nft", "-f", "-"],
            `table inet cni { chain out { type nat hook postrouting priority srcnat; policy accept;
            oifname "eth0" ip saddr 10.78.${i}.0/24 masquerade
            oifname "eth0" ip6 saddr fd78:${i}::/64 masquerade
        }
        }`,
        );
        return { name, ipv4: `10.78.${i}.2`, ipv6: `fd78:${i}::2` };
    }

    /**
     * Resolves the load balancer's IPv6 neighbours before any test dials: the first forwarded
     * flow to a fresh veth waits about a second for neighbour discovery, near the dial timeout.
     */
    warm(names: string[]): void {
        const dials = names
            .map(
                (n) =>
                    `timeout 3 bash -c 'exec 3<>/dev/tcp/${this.address(n).ipv6}/9' 2>/dev/null &`,
            )
            .join("\n");
        run(["ip", "netns", "exec", this.lb, "bash", "-c", `${dials}\nwait`]);
    }

    /** Deletes a node's namespace, as a reboot loses every address, route and rule. */
    async removeNode(name: string): Promise<void> {
        await this.stopListener(name);
        const ns = this.ns(name);
        must(["ip", "netns", "del", ns]);
        this.spaces.delete(ns);
        const i = this.indexes.get(name)!;
        // The peer in the load balancer goes with the namespace; wait for it, bounded.
        const deadline = Date.now() + 5000;
        while (must(["ip", "-n", this.lb, "-o", "addr", "show"]).includes(`10.77.${i}.1/`)) {
            if (Date.now() > deadline)
                throw new Error(`the link of ${name} outlived its namespace`);
            await new Promise((r) => setTimeout(r, 50));
        }
    }

    /** Runs a shell command in a node's namespace (as root unless `as` names another uid). */
    sh(
        name: string,
        command: string,
        opts: { input?: string; env?: Record<string, string>; uid?: number } = {},
    ): Result {
        const env = Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${v}`);
        const user =
            opts.uid === undefined
                ? []
                : ["setpriv", `--reuid=${opts.uid}`, `--regid=${opts.uid}`, "--clear-groups"];
        return run(
            ["ip", "netns", "exec", this.ns(name), ...user, "env", ...env, "sh", "-c", command],
            opts.input,
        );
    }

    /** Runs a script file's text in a node's namespace with sh, as cloud-init or systemd would. */
    script(name: string, text: string, env: Record<string, string>, uid?: number): Result {
        return this.sh(name, "sh -s", { input: text, env, uid });
    }

    /** Starts the node's listeners and waits until they listen. */
    async listen(name: string, endpoints: Endpoint[]): Promise<void> {
        const child = spawnNodeIn(
            this.ns(name),
            LISTENER,
            [JSON.stringify(endpoints)],
            ["ignore", "pipe", "pipe"],
        );
        this.listeners.set(name, child);
        let stderr = "";
        child.stderr!.on("data", (d) => (stderr += d));
        await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(
                () => reject(new Error(`listeners of ${name} not ready: ${stderr}`)),
                COMMAND_TIMEOUT_MS,
            );
            child.stdout!.on(
                "data",
                (d) => String(d).includes("ready") && (clearTimeout(timer), resolve()),
            );
            child.on(
                "exit",
                (code) => (
                    clearTimeout(timer),
                    reject(new Error(`listeners of ${name} exited ${code}: ${stderr}`))
                ),
            );
        });
    }

    private async stopListener(name: string): Promise<void> {
        const child = this.listeners.get(name);
        this.listeners.delete(name);
        if (!child || child.exitCode !== null) return;
        const exited = new Promise((r) => child.once("exit", r));
        child.kill();
        await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    }

    /** Dials host:port over TCP from a namespace: who answered, "refused" or "timeout". */
    dial(from: string, host: string, port: number): Dialled {
        const r = run([
            "ip",
            "netns",
            "exec",
            this.ns(from),
            "timeout",
            String(CONNECT_TIMEOUT_S),
            "bash",
            "-c",
            'exec 3<>"/dev/tcp/$0/$1" && cat <&3',
            host,
            String(port),
        ]);
        if (r.status === 0) return r.stdout.trim();
        if (r.status === 124) return "timeout";
        if (/refused/.test(r.stderr)) return "refused";
        throw new Error(`dialling ${host}:${port} from ${from} failed: ${r.stderr}`);
    }

    /** nftables rules for the load-balancer namespace, as one atomic ruleset. */
    nft(ruleset: string): void {
        must(["ip", "netns", "exec", this.lb, "nft", "-f", "-"], ruleset);
    }

    inLb(argv: string[]): string {
        return must(["ip", "netns", "exec", this.lb, ...argv]);
    }

    private addNamespace(ns: string): void {
        addNamespace(ns);
        this.spaces.add(ns);
    }

    /** Stops every listener and deletes every namespace this lab made; safe to call twice. */
    destroy(): void {
        for (const child of this.listeners.values())
            if (child.exitCode === null) child.kill("SIGKILL");
        this.listeners.clear();
        deleteNamespaces(this.spaces);
        this.spaces.clear();
        live.delete(this);
    }
}

/** iptables-save / ip6tables-save of the nat table without counters or timestamps. */
export function natRules(lab: Lab, node: string): string {
    return ["iptables-save", "ip6tables-save"]
        .map((cmd) => must(["ip", "netns", "exec", lab.ns(node), cmd, "-t", "nat"]))
        .join("")
        .split("\n")
        .filter((l) => !l.startsWith("#"))
        .map((l) => l.replace(/\[\d+:\d+\]/, ""))
        .join("\n");
}

/** A node's addresses and local routes, the state the Google Cloud script changes. */
export function addressState(lab: Lab, node: string): string {
    return must([
        "ip",
        "netns",
        "exec",
        lab.ns(node),
        "sh",
        "-c",
        "ip -o address show; ip route show table local; ip -6 route show table local",
    ]);
}
