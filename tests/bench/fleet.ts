// `npm run bench -- fleet`: many clusters in one stack, as a platform team keeps them (AWS,
// Azure and Google Cloud in turn, 10 services each), through the real engine: a TypeScript
// program against the same resources declared directly (preview and up), and a Pulumi YAML
// program through the provider process, whose peak memory and CPU time it records. Then the
// same at a larger count, to show how each grows per cluster. Every operation records the CPU
// time of each process that worked on it (the CLI with its plugins, the bench's process where
// an inline program runs, the fake clouds): where the time goes.
import * as auto from "@pulumi/pulumi/automation";
import * as fs from "fs";
import * as path from "path";
import { writeYamlProgram } from "../support/yamlProgram";
import { cluster, CLUSTER_ARGS, TOKENS } from "./clusters";
import { BenchEngine, Cloud, EngineFigure, Operation, PARALLEL, timeline } from "./engine";
import { declareDirectly, DirectResource, registrationsByCloud } from "./direct";
import { perUnitGrowth, Spread, spread } from "./stats";

const SERVICES = 10;
const SIZES = (process.env.BENCH_FLEET_SIZES ?? "20,50").split(",").map(Number);
/** How many times each operation runs at each size, in turn with the other sides of its comparison. */
const RUNS = (process.env.BENCH_FLEET_RUNS ?? "2,1").split(",").map(Number);
const runsAt = (n: number) => RUNS[SIZES.indexOf(n)] ?? RUNS[RUNS.length - 1];
/** `typescript`, `yaml` or both. */
const PARTS = (process.env.BENCH_FLEET_PARTS ?? "typescript,yaml").split(",");
/** The sizes at which the TypeScript fleet is compared with the same resources declared directly. */
const DIRECT_SIZES = (process.env.BENCH_FLEET_DIRECT ?? String(SIZES[0])).split(",").map(Number);
/**
 * The file backend writes the whole state after every step, which grows with the square of a
 * stack's resources (1.4 MB per write at 20 clusters); the engine's own experimental switch
 * keeps only the final write, so that the figures show the programs, not the backend.
 */
const ENV = { PULUMI_SKIP_CHECKPOINTS: "true" };
const ORDER: Cloud[] = ["aws", "azure", "gcp"];
const COMMANDS = ["preview", "up"] as const;
type Command = (typeof COMMANDS)[number];

const members = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ cloud: ORDER[i % ORDER.length], name: `c${i}` }));
const fleet = (n: number) => () => members(n).forEach((m) => cluster(m.cloud, SERVICES, m.name)());
const declared = (byCloud: Record<Cloud, DirectResource[]>) => () =>
    ORDER.forEach((c) => declareDirectly(c, byCloud[c]));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The fleet as a Pulumi YAML program on this checkout's provider, in `dir`. */
export function fleetYaml(dir: string, n: number): string {
    return writeYamlProgram(
        dir,
        "fleet",
        Object.fromEntries(
            members(n).map((m) => [
                m.name,
                { type: TOKENS[m.cloud], properties: CLUSTER_ARGS[m.cloud](SERVICES) },
            ]),
        ),
    );
}

/** What usage.js records of the hacluster provider process during one operation. */
interface Usage {
    constructs: number;
    idleRssKb: number;
    peakRssKb: number;
    cpuMs: number;
}

type Runs = Record<Command, Operation[]>;
type Side = "typescript" | "direct" | "yaml";
const SIDE_NAMES: Record<Side, string> = {
    typescript: "TypeScript",
    direct: "TypeScript, the same resources declared directly",
    yaml: "YAML",
};

interface Measured {
    resources: number;
    sides: Partial<Record<Side, Runs>>;
    /** The YAML side's provider, per operation in the order of `sides.yaml`'s previews then ups. */
    usage: Usage[];
}

/** Each command `runs` times, the stacks in turn; every up is destroyed after. */
async function inTurn(
    engine: BenchEngine,
    runs: number,
    stacks: auto.Stack[],
    after: (k: number, op: Operation) => void = () => undefined,
): Promise<Runs[]> {
    const out = stacks.map((): Runs => ({ preview: [], up: [] }));
    for (const command of COMMANDS)
        for (let i = 0; i < runs; i++)
            for (const [k, stack] of stacks.entries()) {
                const op = await engine.operation(stack, command);
                // Before the destroy, whose own provider process would overwrite the usage file.
                after(k, op);
                if (command === "up") await stack.destroy({ parallel: PARALLEL });
                out[k][command].push(op);
            }
    return out;
}

const times = (ops: Operation[]) => spread(ops.map((o) => o.ms));
const loads = (ops: Operation[]) => {
    const l = ops.map((o) => o.load);
    return `load ${Math.min(...l).toFixed(1)}-${Math.max(...l).toFixed(1)}`;
};
const showSpread = (s: Spread, per = 1) =>
    `median ${seconds(s.median / per)}, min ${seconds(s.min / per)}, max ${seconds(s.max / per)}`;
/** Median CPU seconds of each process over `ops`, and the program's GC and heap, divided by `per`. */
const cpu = (ops: Operation[], per = 1) => {
    const median = (f: (o: Operation) => number) => spread(ops.map(f)).median / per;
    const heap = ops.every((o) => o.program) ? median((o) => o.program!.heapMb) : undefined;
    return [
        ...(["cli", "program", "fakes"] as const).map(
            (p) => `${p} ${seconds(median((o) => o.cpu[p]))}`,
        ),
        `program's GC ${seconds(median((o) => o.gcMs))}`,
        ...(heap === undefined ? [] : [`heap after the constructors ${heap.toFixed(1)} MB`]),
    ].join(", ");
};

export async function fleetFigures(report: (f: EngineFigure) => void): Promise<void> {
    // Registrations first: the mock runtime and the engine's inline programs share @pulumi/pulumi's settings.
    const direct = new Map<number, Record<Cloud, DirectResource[]>>();
    for (const n of SIZES) direct.set(n, await registrationsByCloud(fleet(n)));
    const count = (n: number) => ORDER.reduce((sum, c) => sum + direct.get(n)![c].length, 0);
    const engine = new BenchEngine();
    await engine.start();
    const measured = new Map<number, Measured>();
    try {
        // Unmeasured: the first inline program of a process pays one-time costs (the first
        // full-scale deploy's constructors took 9.4 s, the same program's next 6.0 s).
        await engine.operation(
            await engine.stack("fleet-warm-up", ORDER, fleet(3), ENV),
            "preview",
        );
        for (const n of SIZES) {
            const m: Measured = { resources: count(n), sides: {}, usage: [] };
            measured.set(n, m);
            if (PARTS.includes("typescript")) {
                const ours = await engine.stack(`fleet-${n}`, ORDER, fleet(n), ENV);
                const stacks = [ours];
                if (DIRECT_SIZES.includes(n))
                    stacks.push(
                        await engine.stack(
                            `fleet-${n}-direct`,
                            ORDER,
                            declared(direct.get(n)!),
                            ENV,
                        ),
                    );
                const [typescript, theirs] = await inTurn(engine, runsAt(n), stacks);
                m.sides.typescript = typescript;
                if (theirs) {
                    m.sides.direct = theirs;
                    reportDirect(report, n, m);
                }
            }
            if (PARTS.includes("yaml")) await yamlFleet(engine, n, m);
        }
    } finally {
        engine.stop();
    }
    reportGrowth(report, measured);
}

function reportDirect(report: (f: EngineFigure) => void, n: number, m: Measured): void {
    const [ours, theirs] = [m.sides.typescript!, m.sides.direct!];
    for (const command of COMMANDS) {
        const [a, b] = [times(ours[command]), times(theirs[command])];
        report({
            figure: `fleet of ${n}: ${command} / the same resources declared directly`,
            value: a.median / b.median,
            unit: "x",
            target: "<= 1.10",
            detail:
                `TypeScript program with ${n} clusters (AWS, Azure, Google Cloud in turn, ${SERVICES} services each; ${m.resources} resources) ${showSpread(a)} ` +
                `/ the same resources declared directly ${showSpread(b)}; min/min ${(a.min / b.min).toFixed(2)}x; ${runsAt(n)} each in turn, the CLI command only; ` +
                `CPU medians, component: ${cpu(ours[command])}; direct: ${cpu(theirs[command])}; ${loads([...ours[command], ...theirs[command]])}`,
        });
    }
}

function reportGrowth(report: (f: EngineFigure) => void, measured: Map<number, Measured>): void {
    const [ns, nl] = SIZES;
    // One size (BENCH_FLEET_SIZES=20) measures against the direct twin only.
    if (nl === undefined) return;
    const [small, large] = [measured.get(ns)!, measured.get(nl)!];
    for (const side of ["typescript", "direct", "yaml"] as const) {
        const [a, b] = [small.sides[side], large.sides[side]];
        if (!a || !b) continue;
        for (const command of COMMANDS) {
            const [s, l] = [times(a[command]), times(b[command])];
            const usage =
                side === "yaml"
                    ? `; provider ${providerCpu(small, ns, command)} with ${ns}, ${providerCpu(large, nl, command)} with ${nl}`
                    : "";
            report({
                figure: `fleet ${nl} vs ${ns}: ${command} time per cluster (${SIDE_NAMES[side]})`,
                value: perUnitGrowth(s.median, ns, l.median, nl),
                unit: "x",
                // The same resources declared directly are the engine's own growth: a reference, not a target.
                ...(side === "direct" ? {} : { target: "<= 1.10" }),
                detail:
                    `per cluster with ${nl} (${large.resources} resources): ${showSpread(l, nl)}; with ${ns} (${small.resources}): ${showSpread(s, ns)}; min/min ${perUnitGrowth(s.min, ns, l.min, nl).toFixed(2)}x; ` +
                    `CPU medians per cluster with ${nl}: ${cpu(b[command], nl)}; with ${ns}: ${cpu(a[command], ns)}${usage}; ` +
                    `${loads(a[command])} at ${ns}, ${loads(b[command])} at ${nl}; ` +
                    `the last at ${nl}: ${timeline(b[command].at(-1)!)}; at ${ns}: ${timeline(a[command].at(-1)!)}`,
            });
        }
    }
    if (!small.usage.length || !large.usage.length) return;
    const growth = (m: Measured, n: number) =>
        spread(m.usage.map((u) => (u.peakRssKb - u.idleRssKb) / n));
    const [gs, gl] = [growth(small, ns), growth(large, nl)];
    const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;
    report({
        figure: `provider peak memory per cluster, ${nl} vs ${ns}`,
        value: gl.median / gs.median,
        unit: "x",
        target: "<= 1.10",
        detail:
            `YAML program through the provider: peak resident memory above the provider's own before its first Construct, per cluster, ` +
            `with ${nl}: median ${mb(gl.median)} (min ${mb(gl.min)}, max ${mb(gl.max)}); with ${ns}: median ${mb(gs.median)} (min ${mb(gs.min)}, max ${mb(gs.max)}); ` +
            `peaks ${mb(spread(large.usage.map((u) => u.peakRssKb)).median)} and ${mb(spread(small.usage.map((u) => u.peakRssKb)).median)}, ` +
            `${mb(small.usage[0].idleRssKb)} before the first Construct; medians over every preview and up`,
    });
}

/** The provider's median CPU per cluster in `command`s (YAML only; also in the CLI's figure). */
function providerCpu(m: Measured, n: number, command: Command): string {
    const first = command === "preview" ? 0 : m.sides.yaml!.preview.length;
    const ops = m.sides.yaml![command].length;
    return seconds(spread(m.usage.slice(first, first + ops).map((u) => u.cpuMs)).median / n);
}

/** Preview and up of the YAML fleet, with the provider's usage in each (one provider per operation). */
async function yamlFleet(engine: BenchEngine, n: number, m: Measured): Promise<void> {
    const dir = fleetYaml(path.join(engine.home, `fleet-yaml-${n}`), n);
    const usageFile = path.join(dir, "usage.json");
    const env = {
        ...ENV,
        // BENCH_PROVIDER_NODE_OPTIONS: more for the provider, such as `--cpu-prof --cpu-prof-dir=...`.
        NODE_OPTIONS: [
            `--require ${path.join(__dirname, "usage.js")}`,
            process.env.BENCH_PROVIDER_NODE_OPTIONS,
        ]
            .filter(Boolean)
            .join(" "),
        HACLUSTER_BENCH_USAGE: usageFile,
    };
    const stack = await engine.directoryStack(`fleet-yaml-${n}`, dir, ORDER, env);
    const [runs] = await inTurn(engine, runsAt(n), [stack], () => {
        const files = fs
            .readdirSync(dir)
            .filter((f) => f.startsWith(`${path.basename(usageFile)}.`))
            .map((f) => path.join(dir, f));
        const usages: Usage[] = files.map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
        files.forEach((f) => fs.rmSync(f));
        // The up's provider does the same Constructs as the preview's and then registers for real.
        const working = usages.filter((u) => u.constructs > 0);
        if (working.length !== 1 || working[0].constructs !== n)
            throw new Error(
                `expected one provider with ${n} Constructs, saw ${usages.map((u) => u.constructs).join(", ")}`,
            );
        m.usage.push(working[0]);
    });
    m.sides.yaml = runs;
}
