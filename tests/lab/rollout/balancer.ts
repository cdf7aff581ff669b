// The lab's layer-4 load balancer for the rollout test: a userspace TCP proxy on loopback that
// probes its targets with the planned check at the planned interval and thresholds (scaled),
// sends new connections only to healthy targets, and keeps or cuts the established connections
// of a target that turns unhealthy as the modelled cloud does with the planned attributes.
import * as https from "https";
import * as net from "net";

export interface Check {
    protocol: "TCP" | "HTTP" | "HTTPS";
    path?: string;
    intervalSeconds: number;
    timeoutSeconds: number;
    healthyThreshold: number;
    unhealthyThreshold: number;
}

/**
 * What happens to established connections when their target turns unhealthy: reset at once
 * (an NLB by default), kept for a draining interval and then reset (an NLB with
 * enableUnhealthyConnectionTermination false), or kept (Azure, Google passthrough).
 */
type OnUnhealthy = { reset: true } | { keepSeconds: number } | { keep: true };

export interface Model {
    cloud: string;
    check: Check;
    onUnhealthy: OnUnhealthy;
    /** With every target unhealthy: send to all (fail open) or to none. */
    allUnhealthy: "all" | "none";
    /** Lab milliseconds per cloud second. */
    msPerSecond: number;
}

interface Target {
    name: string;
    port: number;
    healthy: boolean;
    ok: number;
    failed: number;
    /** Client and target sides of each established connection. */
    connections: Set<[net.Socket, net.Socket]>;
    drainTimer?: NodeJS.Timeout;
}

/** A reset (RST) where the socket is open; a socket still connecting is only destroyed. */
function reset(socket: net.Socket): void {
    if (socket.readyState === "open" && !socket.destroyed) socket.resetAndDestroy();
    else socket.destroy();
}

export class Balancer {
    readonly targets: Target[];
    private readonly server: net.Server;
    private readonly probeTimer: NodeJS.Timeout;
    private next = 0;
    /** Every socket the balancer holds, so that close() leaves none behind. */
    private readonly sockets = new Set<net.Socket>();
    port = 0;

    constructor(
        private readonly model: Model,
        targets: { name: string; port: number }[],
    ) {
        this.targets = targets.map((t) => ({
            ...t,
            healthy: false,
            ok: 0,
            failed: 0,
            connections: new Set(),
        }));
        this.server = net.createServer((client) => this.accept(client));
        this.probeTimer = setInterval(
            () => this.targets.forEach((t) => this.probe(t)),
            this.ms(model.check.intervalSeconds),
        );
    }

    async listen(): Promise<void> {
        await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
        this.port = (this.server.address() as net.AddressInfo).port;
    }

    close(): void {
        clearInterval(this.probeTimer);
        this.server.close();
        this.targets.forEach((t) => clearTimeout(t.drainTimer));
        this.sockets.forEach((s) => s.destroy());
    }

    /** Resolves once the named target is healthy, as a rollout waits for the new apiserver. */
    async healthy(name: string, timeoutMs: number): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        while (!this.targets.find((t) => t.name === name)!.healthy) {
            if (Date.now() > deadline)
                throw new Error(
                    `${name} did not turn healthy at the ${this.model.cloud} load balancer`,
                );
            await new Promise((r) => setTimeout(r, 10));
        }
    }

    private ms(seconds: number): number {
        return seconds * this.model.msPerSecond;
    }

    private pick(): Target | undefined {
        const healthy = this.targets.filter((t) => t.healthy);
        const pool =
            healthy.length > 0 ? healthy : this.model.allUnhealthy === "all" ? this.targets : [];
        return pool.length === 0 ? undefined : pool[this.next++ % pool.length];
    }

    private accept(client: net.Socket): void {
        this.hold(client);
        const target = this.pick();
        if (!target) return reset(client);
        const upstream = this.hold(net.connect(target.port, "127.0.0.1"));
        const pair: [net.Socket, net.Socket] = [client, upstream];
        target.connections.add(pair);
        client.pipe(upstream);
        upstream.pipe(client);
        // A refused or reset target reaches the client as a reset: these load balancers pass
        // packets through and do not end connections themselves.
        upstream.on("error", () => reset(client));
        client.on("error", () => upstream.destroy());
        upstream.on("close", () => target.connections.delete(pair));
    }

    private hold(socket: net.Socket): net.Socket {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        return socket;
    }

    private probe(t: Target): void {
        const check = this.model.check;
        const done = (ok: boolean) => this.record(t, ok);
        const timeout = this.ms(check.timeoutSeconds);
        if (check.protocol === "TCP") {
            const s = net.connect(t.port, "127.0.0.1");
            s.setTimeout(timeout, () => (s.destroy(), done(false)));
            s.once("connect", () => (s.destroy(), done(true)));
            s.once("error", () => done(false));
            return;
        }
        // HTTPS checks do not verify the certificate (AWS, Azure and Google alike); 200-399 is
        // healthy (AWS's default matcher; Azure and Google want 200, which /readyz answers).
        const req = https.get(
            {
                host: "127.0.0.1",
                port: t.port,
                path: check.path,
                rejectUnauthorized: false,
                agent: false,
                timeout,
            },
            (res) => {
                res.resume();
                done(res.statusCode! >= 200 && res.statusCode! < 400);
            },
        );
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.on("error", () => done(false));
    }

    private record(t: Target, ok: boolean): void {
        const check = this.model.check;
        if (ok) {
            t.ok++;
            t.failed = 0;
            if (!t.healthy && t.ok >= check.healthyThreshold) {
                t.healthy = true;
                clearTimeout(t.drainTimer);
            }
            return;
        }
        t.failed++;
        t.ok = 0;
        if (!t.healthy || t.failed < check.unhealthyThreshold) return;
        t.healthy = false;
        const cut = () => t.connections.forEach((pair) => pair.forEach(reset));
        const on = this.model.onUnhealthy;
        if ("reset" in on) cut();
        else if ("keepSeconds" in on) t.drainTimer = setTimeout(cut, this.ms(on.keepSeconds));
    }
}
