// Zero-drop apiserver rollouts, proved with real connections (docs/rollouts.md): three
// stand-in kube-apiservers (real HTTPS servers, rollout/apiserver.js) behind the lab's load
// balancer (rollout/balancer.ts), which takes each cloud's check, thresholds and connection
// handling from the component's own plan. Clients run a loop of short requests and three
// watches while the apiservers restart one by one, as an upgrade does. Time is scaled: one
// cloud second is MS_PER_SECOND lab milliseconds.
import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import { missingTools, requireHere } from "../support/tools";
import { mkdtempSync, rmSync } from "fs";
import * as https from "https";
import * as net from "net";
import { tmpdir } from "os";
import { join } from "path";
import { planAws } from "../../provider/src/model/aws";
import { planAzure } from "../../provider/src/model/azure";
import { planGcp } from "../../provider/src/model/gcp";
import { Problem } from "../../provider/src/model/problems";
import { mintCertificate } from "./certificate";
import { Balancer, Check, Model } from "./rollout/balancer";

const MS_PER_SECOND = 20;
const APISERVER = join(__dirname, "rollout", "apiserver.js");
const SHORT_LOOPS = 2;
const WATCHES = 3;
/** client-go retries a 429 with Retry-After up to 10 times (k8s.io/client-go/rest, maxRetries). */
const MAX_RETRIES = 10;
const REQUEST_TIMEOUT_MS = 2000;

type Apiserver = Record<string, unknown>;

function planned<T>(result: { plan?: T; problems: Problem[] }): T {
    if (!result.plan)
        throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    return result.plan;
}

interface Setup {
    model: Model;
    flags: string[];
}

// Each cloud's model, from the component's plan for the given apiserver input.
const CLOUDS: Record<string, (apiserver: Apiserver) => Setup> = {
    AWS: (apiserver) => {
        const plan = planned(
            planAws({ vpcId: "vpc-lab", subnetIds: ["subnet-lab"], apiserver }, "lab"),
        );
        const tg = plan.targetGroups.find((t) => t.frontend.key === "apiserver")!;
        const hc = tg.healthCheck;
        const draining = tg.draining!;
        return {
            model: {
                cloud: "AWS",
                check: { ...hc, timeoutSeconds: hc.timeoutSeconds! },
                // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health.html#unhealthy-target-connection-termination
                onUnhealthy: draining.terminateWhenUnhealthy
                    ? { reset: true }
                    : { keepSeconds: draining.unhealthyDrainingSeconds },
                // "If all targets fail health checks at the same time, the NLB fails open":
                // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html
                allUnhealthy: "all",
                msPerSecond: MS_PER_SECOND,
            },
            flags: plan.apiserverShutdown.flags,
        };
    },
    "Google Cloud": (apiserver) => {
        const plan = planned(planGcp({ region: "us-central1", network: "lab", apiserver }, "lab"));
        const hc = plan.healthChecks.find((h) => h.key === "apiserver")!;
        return {
            model: {
                cloud: "Google Cloud",
                check: { ...hc.check, timeoutSeconds: hc.timeoutSeconds },
                // connectionTrackingPolicy DEFAULT_FOR_PROTOCOL keeps TCP connections on an
                // unhealthy backend, and with every backend unhealthy traffic goes to all:
                // https://cloud.google.com/compute/docs/reference/rest/v1/regionBackendServices
                onUnhealthy: { keep: true },
                allUnhealthy: "all",
                msPerSecond: MS_PER_SECOND,
            },
            flags: plan.apiserverShutdown.flags,
        };
    },
    Azure: (apiserver) => {
        const plan = planned(planAzure({ resourceGroupName: "rg", apiserver }, "lab"));
        const rule = plan.loadBalancer.rules.find((r) => r.frontendKey === "apiserver")!;
        const probe = plan.loadBalancer.probes.find((p) => p.name === rule.probeName)!;
        const check: Check = {
            protocol: ({ Tcp: "TCP", Http: "HTTP", Https: "HTTPS" } as const)[probe.protocol],
            path: probe.requestPath,
            intervalSeconds: probe.intervalInSeconds,
            // No timeout setting: an unanswered probe has failed by the next one.
            timeoutSeconds: probe.intervalInSeconds,
            healthyThreshold: probe.probeThreshold,
            unhealthyThreshold: probe.probeThreshold,
        };
        return {
            model: {
                cloud: "Azure",
                check,
                // "All probes down, all TCP flows continue" and no new flows when every
                // instance is down (noHealthyBackendsBehavior AllProbedDown, the default):
                // https://learn.microsoft.com/azure/load-balancer/load-balancer-custom-probe-overview
                onUnhealthy: { keep: true },
                allUnhealthy: "none",
                msPerSecond: MS_PER_SECOND,
            },
            flags: plan.apiserverShutdown.flags,
        };
    },
};

interface Figures {
    requests: number;
    failed: number;
    longestGapMs: number;
    watchReconnects: number;
    watchBroken: number;
    longestWatchGapMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Short requests and watches through the load balancer, counted as kubectl and kubelets see them. */
class Clients {
    readonly figures: Figures = {
        requests: 0,
        failed: 0,
        longestGapMs: 0,
        watchReconnects: 0,
        watchBroken: 0,
        longestWatchGapMs: 0,
    };
    private stopped = false;
    private lastOk = Date.now();
    private readonly loops: Promise<void>[] = [];
    private readonly watchRequests = new Set<ReturnType<typeof https.get>>();

    constructor(private readonly port: number) {}

    async start(): Promise<void> {
        // One watch per apiserver: round robin spreads them before the loops begin.
        for (let i = 0; i < WATCHES; i++) {
            this.watch(Date.now());
            await sleep(20);
        }
        this.lastOk = Date.now();
        for (let i = 0; i < SHORT_LOOPS; i++) this.loops.push(this.loop());
    }

    async stop(): Promise<Figures> {
        this.stopped = true;
        await Promise.all(this.loops);
        this.watchRequests.forEach((r) => r.destroy());
        return this.figures;
    }

    private async loop(): Promise<void> {
        while (!this.stopped) {
            this.figures.requests++;
            if (await this.request()) {
                const now = Date.now();
                this.figures.longestGapMs = Math.max(this.figures.longestGapMs, now - this.lastOk);
                this.lastOk = now;
            } else {
                this.figures.failed++;
            }
            await sleep(5);
        }
    }

    /** One request, retried on 429 after its Retry-After as client-go does. */
    private async request(): Promise<boolean> {
        for (let attempt = 0; attempt <= MAX_RETRIES; attempt++) {
            const status = await this.get("/api");
            if (status === 200) return true;
            if (status !== 429) return false;
            await sleep(MS_PER_SECOND);
        }
        return false;
    }

    private get(path: string): Promise<number> {
        return new Promise((resolve) => {
            const req = https.get(
                {
                    host: "127.0.0.1",
                    port: this.port,
                    path,
                    rejectUnauthorized: false,
                    agent: false,
                    timeout: REQUEST_TIMEOUT_MS,
                },
                (res) => {
                    res.resume();
                    res.on("end", () => resolve(res.complete ? res.statusCode! : -1));
                    res.on("error", () => resolve(-1));
                },
            );
            req.on("timeout", () => req.destroy(new Error("timeout")));
            req.on("error", () => resolve(-1));
        });
    }

    /**
     * A watch that re-lists when the server ends it cleanly (the reflector's documented
     * reconnect); a reset or a refused watch counts as broken.
     */
    private watch(since: number): void {
        if (this.stopped) return;
        let last = since;
        const seen = () => {
            const now = Date.now();
            this.figures.longestWatchGapMs = Math.max(this.figures.longestWatchGapMs, now - last);
            last = now;
        };
        const again = (broken: boolean) => {
            this.watchRequests.delete(req);
            if (this.stopped) return;
            if (broken) this.figures.watchBroken++;
            else this.figures.watchReconnects++;
            setImmediate(() => this.watch(last));
        };
        let answered = false;
        const req = https.get(
            {
                host: "127.0.0.1",
                port: this.port,
                path: "/watch",
                rejectUnauthorized: false,
                agent: false,
            },
            (res) => {
                answered = true;
                if (res.statusCode !== 200) {
                    res.resume();
                    // A 429 from a draining apiserver: the reflector retries after its backoff.
                    res.on("end", () =>
                        setTimeout(() => again(res.statusCode !== 429), MS_PER_SECOND),
                    );
                    return;
                }
                res.on("data", seen);
                res.on("close", () => again(!res.complete));
            },
        );
        req.on("error", () => {
            if (!answered) again(true);
        });
        this.watchRequests.add(req);
    }
}

function freePort(): Promise<number> {
    return new Promise((resolve) => {
        const s = net.createServer().listen(0, "127.0.0.1", () => {
            const { port } = s.address() as net.AddressInfo;
            s.close(() => resolve(port));
        });
    });
}

const children = new Set<ChildProcess>();

async function startApiserver(
    name: string,
    port: number,
    tls: { cert: string; key: string },
    flags: string[],
): Promise<ChildProcess> {
    const child = spawn(
        process.execPath,
        [
            APISERVER,
            name,
            String(port),
            tls.cert,
            tls.key,
            JSON.stringify(flags),
            String(MS_PER_SECOND),
        ],
        {
            stdio: ["ignore", "pipe", "inherit"],
        },
    );
    children.add(child);
    child.on("exit", () => children.delete(child));
    await new Promise<void>((resolve, reject) => {
        child.stdout!.on("data", (d) => String(d).includes("ready") && resolve());
        child.on("exit", (code) => reject(new Error(`${name} exited ${code} before listening`)));
    });
    return child;
}

async function stopApiserver(child: ChildProcess, timeoutMs: number): Promise<void> {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const late = await Promise.race([exited.then(() => false), sleep(timeoutMs).then(() => true)]);
    if (late) {
        child.kill("SIGKILL");
        throw new Error("a stand-in apiserver did not exit after its drain");
    }
}

/**
 * Three apiservers behind the model, clients throughout, and a rolling restart of the first
 * `rolls` of them (all three for the component's settings; one shows a setting's failures).
 */
async function rollout(
    model: Model,
    flags: string[],
    tls: { cert: string; key: string },
    rolls = 3,
): Promise<Figures> {
    const names = ["api-1", "api-2", "api-3"];
    const ports = [await freePort(), await freePort(), await freePort()];
    const servers = await Promise.all(names.map((n, i) => startApiserver(n, ports[i], tls, flags)));
    const lb = new Balancer(
        model,
        names.map((name, i) => ({ name, port: ports[i] })),
    );
    await lb.listen();
    const clients = new Clients(lb.port);
    try {
        // A bound for a busy machine, not a figure: the load balancer decides when it is up.
        const upWithin = 10_000;
        for (const n of names) await lb.healthy(n, upWithin);
        await clients.start();
        await sleep(10 * MS_PER_SECOND);
        for (const [i, name] of names.slice(0, rolls).entries()) {
            await stopApiserver(servers[i], 5000);
            servers[i] = await startApiserver(name, ports[i], tls, flags);
            await lb.healthy(name, upWithin);
        }
        await sleep(10 * MS_PER_SECOND);
        return await clients.stop();
    } finally {
        await clients.stop();
        lb.close();
        servers.forEach((s) => s.kill("SIGKILL"));
    }
}

const withoutDelay = (flags: string[]) =>
    flags.map((f) => f.replace(/^--shutdown-delay-duration=.*/, "--shutdown-delay-duration=0s"));

const show = (cloud: string, what: string, f: Figures) =>
    console.log(
        `      ${cloud}, ${what}: ${f.requests} requests, ${f.failed} failed, longest gap ${f.longestGapMs} ms; ` +
            `watches: ${f.watchReconnects} clean reconnects, ${f.watchBroken} broken, longest gap ${f.longestWatchGapMs} ms`,
    );

describe(`apiserver rollouts through each cloud's load balancer (1 cloud second = ${MS_PER_SECOND} ms)`, function () {
    let dir = "";
    let tls = { cert: "", key: "" };

    before(function () {
        requireHere(
            this,
            "the rollout lab",
            missingTools(["openssl"]).length > 0
                ? "it needs openssl for its apiservers' certificate"
                : undefined,
            "install openssl, as CI does",
        );
        dir = mkdtempSync(join(tmpdir(), "hacluster-rollout-"));
        tls = mintCertificate(dir, "lab-apiserver");
    });

    after(() => {
        children.forEach((c) => c.kill("SIGKILL"));
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    for (const [cloud, setup] of Object.entries(CLOUDS)) {
        describe(cloud, function () {
            this.timeout(30_000);

            it("drops nothing with the component's check, draining and published shutdown flags", async () => {
                const { model, flags } = setup({});
                assert.notStrictEqual(model.check.protocol, "TCP");
                const f = await rollout(model, flags, tls);
                show(cloud, "component's settings", f);
                assert.ok(f.requests > 100, `only ${f.requests} requests ran`);
                assert.strictEqual(f.failed, 0, "failed requests");
                assert.strictEqual(f.watchBroken, 0, "broken watches");
                assert.ok(
                    f.watchReconnects >= WATCHES,
                    "every apiserver ended its watches cleanly",
                );
            });

            it("drops requests with a TCP check, which stays green while the apiserver drains", async () => {
                const { model, flags } = setup({ healthCheck: { protocol: "TCP" } });
                const f = await rollout(model, flags, tls, 1);
                show(cloud, "TCP check, one restart", f);
                assert.ok(f.failed + f.watchBroken > 0, "a TCP check should let requests fail");
            });

            it("drops requests without the shutdown delay", async () => {
                const { model, flags } = setup({});
                const f = await rollout(model, withoutDelay(flags), tls, 1);
                show(cloud, "no shutdown delay, one restart", f);
                assert.ok(f.failed + f.watchBroken > 0, "no delay should let requests fail");
            });
        });
    }

    it("breaks streams on AWS when unhealthy targets' connections are reset (the NLB default, #5475)", async function () {
        this.timeout(30_000);
        const { model, flags } = CLOUDS.AWS({});
        const f = await rollout({ ...model, onUnhealthy: { reset: true } }, flags, tls, 1);
        show("AWS", "unhealthy connections reset, one restart", f);
        assert.ok(f.watchBroken > 0, "the NLB's default reset should break the watches");
    });
});
