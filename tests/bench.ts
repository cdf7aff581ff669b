// `npm run bench`: the performance figures, as ratios of two things measured side by side in
// one run (medians), so that the machine's speed cancels out. Each figure prints as a JSON
// line, and all of them as a table at the end. Not a test: nothing here asserts a time.
import * as pulumi from "@pulumi/pulumi";
import { execFileSync, spawn } from "child_process";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { buildExecutable, HOST } from "../provider/scripts/dist";
import { AwsHaCluster } from "../provider/src/aws/awsHaCluster";
import { GcpHaCluster } from "../provider/src/gcp/gcpHaCluster";
import { build, Registered } from "./support/harness";
import { COMPONENT_CASES } from "./support/componentCases";
import { LAUNCHER, ProviderSession } from "./provider/client";
import { COSTS, TYPHOON_AWS } from "./support/typhoonCost";
import { deployFigures } from "./bench/deploy";
import { engineFigures } from "./bench/engineFigures";
import { fleetFigures } from "./bench/fleet";
import { planViewFigures } from "./bench/planView";

const ROOT = path.resolve(__dirname, "..");
const RUNS = 7;

interface Figure {
    figure: string;
    value: number;
    unit: "x" | "ms" | "count";
    target?: string;
    detail: string;
    /** The machine's load averages (1, 5, 15 minutes) when the figure was reported. */
    load?: number[];
}

const loadAverages = () => os.loadavg().map((l) => Number(l.toFixed(2)));

const figures: Figure[] = [];
function report(f: Figure): void {
    const withLoad = { ...f, load: loadAverages() };
    figures.push(withLoad);
    console.log(JSON.stringify(withLoad));
}

async function median(runs: number, once: () => Promise<number>): Promise<number> {
    return (await sideBySide(runs, once))[0];
}

/** Medians of things measured in turn, so that a busy moment of the machine weighs on each alike. */
async function sideBySide(runs: number, ...measures: (() => Promise<number>)[]): Promise<number[]> {
    const times = measures.map((): number[] => []);
    for (let i = 0; i < runs; i++)
        for (const [k, once] of measures.entries()) times[k].push(await once());
    return times.map((t) => t.sort((a, b) => a - b)[Math.floor(runs / 2)]);
}

async function timed(program: () => unknown): Promise<{ ms: number; resources: Registered[] }> {
    const start = performance.now();
    const { recorder } = await build(program);
    return { ms: performance.now() - start, resources: recorder.resources };
}

const services = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ name: `svc-${i}`, port: 20000 + i }));

const fullAws = {
    ...TYPHOON_AWS,
    services: services(10),
    routeTableIds: ["rtb-a", "rtb-b"],
    routes: [{ destinationCidr: "10.200.0.0/16", natGatewayId: "nat-1" }],
    dns: { zoneId: "Z1", name: "k8s.example.com" },
};

/**
 * The same resources as a user would declare them without the component: the same @pulumi/aws
 * classes (aws:lb/targetGroup:TargetGroup is TargetGroup of @pulumi/aws/lb) with the inputs the
 * component gave them, under a plain component.
 */
function registerDirectly(resources: Registered[]): void {
    const parent = new pulumi.ComponentResource("bench:index:Direct", "direct");
    for (const r of resources.filter((x) => x.type.startsWith("aws:"))) {
        const [, module, className] = /^aws:([^/:]+)\/[^:]+:(\w+)$/.exec(r.type)!;
        const Class: new (
            name: string,
            args: unknown,
            opts: pulumi.CustomResourceOptions,
        ) => pulumi.CustomResource = require(`@pulumi/aws/${module}`)[className];
        new Class(r.name, r.inputs, { parent });
    }
}

/** Spawn to printed port, in milliseconds. */
function coldStart(command: string, args: string[]): Promise<number> {
    return new Promise((resolve, reject) => {
        const start = performance.now();
        const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
        child.once("error", reject);
        child.stdout!.once("data", () => {
            resolve(performance.now() - start);
            child.kill();
        });
    });
}

/**
 * Everything but the full-scale deploy, or one part: `engine` (the figures measured through the
 * real engine), `fleet`, `plan`, or `deploy` (the full-scale deploy, which takes minutes).
 */
async function main() {
    const part = process.argv[2];
    const parts = ["engine", "fleet", "plan", "deploy"];
    if (part !== undefined && !parts.includes(part))
        throw new Error(`npm run bench -- [${parts.join("|")}]: unknown part ${part}`);
    console.log(
        JSON.stringify({
            load: loadAverages(),
            cores: os.cpus().length,
        }),
    );
    if (part === undefined) await mockAndProviderFigures();
    if (part === undefined || part === "plan") await planViewFigures(report);
    if (part !== "plan") {
        // The Pulumi CLI for the real engine (returns at once when cached; a cold build takes ~15 min).
        execFileSync("bash", [path.join(__dirname, "e2e", "tools", "build.sh")], {
            stdio: ["ignore", "ignore", "inherit"],
        });
    }
    if (part === undefined || part === "engine") await engineFigures(report);
    if (part === undefined || part === "fleet") await fleetFigures(report);
    if (part === "deploy") await deployFigures(report);
    console.log(JSON.stringify({ load: loadAverages() }));
    printTable();
}

async function mockAndProviderFigures() {
    const { resources } = await timed(() => new AwsHaCluster("bench", fullAws));
    const [component, direct] = await sideBySide(
        RUNS,
        async () => (await timed(() => new AwsHaCluster("bench", fullAws))).ms,
        async () => (await timed(() => registerDirectly(resources))).ms,
    );
    report({
        figure: "construct overhead under mocks",
        value: component / direct,
        unit: "x",
        target: "<= 1.5",
        detail: `AwsHaCluster ${component.toFixed(0)} ms / the same ${resources.length - 1} @pulumi/aws resources declared directly ${direct.toFixed(0)} ms`,
    });

    const gcp = (n: number) => () =>
        new GcpHaCluster("bench", {
            region: "us-central1",
            network: "default",
            services: services(n),
        });
    const [t10, t100] = await sideBySide(
        3,
        async () => (await timed(gcp(10))).ms,
        async () => (await timed(gcp(100))).ms,
    );
    const [at10, at100] = [t10 / 10, t100 / 100];
    report({
        figure: "scaling per service, 100 vs 10",
        value: at100 / at10,
        unit: "x",
        target: "<= 1.5",
        detail: `GcpHaCluster ${at100.toFixed(1)} ms vs ${at10.toFixed(1)} ms per service`,
    });

    const node = path.join(ROOT, "node_modules", "node", "bin", "node");
    const bare = [
        "-e",
        'require("@pulumi/pulumi/provider").main({ version: "0.0.0" }, process.argv.slice(1))',
        "127.0.0.1:1",
    ];
    const standalone = await buildExecutable(HOST);
    const [ours, launcher, baseline] = await sideBySide(
        RUNS,
        () => coldStart(standalone, ["127.0.0.1:1"]),
        () => coldStart(LAUNCHER, ["127.0.0.1:1"]),
        () => coldStart(node, bare),
    );
    report({
        figure: "provider cold start",
        value: ours / baseline,
        unit: "x",
        target: "<= 1.0",
        detail: `standalone plugin ${ours.toFixed(0)} ms / empty provider on the same @pulumi/pulumi, unbundled, ${baseline.toFixed(0)} ms (checkout launcher ${launcher.toFixed(0)} ms)`,
    });

    const session = new ProviderSession();
    await session.start();
    const aws = COMPONENT_CASES.find((c) => c.cloud === "aws")!;
    let n = 0;
    const roundTrip = await median(RUNS, async () => {
        const start = performance.now();
        await session.construct(aws.token, `round-trip-${n++}`, aws.args);
        return performance.now() - start;
    });
    session.stop();
    report({
        figure: "one Construct over gRPC",
        value: roundTrip,
        unit: "ms",
        detail: `AwsHaCluster through the checkout's provider, median of ${RUNS}`,
    });

    for (const c of COMPONENT_CASES) {
        const child = path.join(__dirname, "support", "isolation-child.ts");
        const out = execFileSync(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", child, c.cloud, "package"],
            { encoding: "utf8" },
        );
        const loaded: string[] = JSON.parse(out.trim().split("\n").pop()!).afterConstruct;
        report({
            figure: `SDKs loaded (${c.cloud})`,
            value: loaded.length,
            unit: "count",
            target: "1",
            detail: loaded.join(", "),
        });
    }

    for (const cost of COSTS) {
        const { recorder } = await build(cost.build);
        const ours = cost.count(recorder.resources);
        const sum = (items: Record<string, number>) =>
            Object.values(items).reduce((a, b) => a + b, 0);
        const show = (items: Record<string, number>) =>
            Object.entries(items)
                .map(([k, v]) => `${v} ${k}`)
                .join(", ");
        report({
            figure: `billable LB items (${cost.cloud}) vs Typhoon`,
            value: sum(ours) / sum(cost.typhoon),
            unit: "x",
            target: "<= 1.0",
            detail: `ours ${show(ours)}; Typhoon ${show(cost.typhoon)} (${cost.source})`,
        });
    }
}

function printTable(): void {
    console.log("\n| figure | value | target | what was measured |\n|---|---|---|---|");
    for (const f of figures)
        console.log(
            `| ${f.figure} | ${f.unit === "x" ? `${f.value.toFixed(2)}x` : f.unit === "ms" ? `${f.value.toFixed(0)} ms` : f.value} | ${f.target ?? ""} | ${f.detail} (load ${f.load?.join(", ")}) |`,
        );
}

main().then(
    () => process.exit(0),
    (e) => {
        console.error(e);
        process.exit(1);
    },
);
