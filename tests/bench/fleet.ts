// `npm run bench -- fleet`: many clusters in one stack, as a platform team keeps them (AWS,
// Azure and Google Cloud in turn, 10 services each), through the real engine: a TypeScript
// program against the same resources declared directly (preview and up), and a Pulumi YAML
// program through the provider process, whose peak memory and CPU time it records. Then the
// same at a larger count, to show how each grows per cluster.
import * as fs from "fs";
import * as path from "path";
import { Registered } from "../support/harness";
import { writeYamlProgram } from "../support/yamlProgram";
import { cluster, CLUSTER_ARGS, TOKENS } from "./clusters";
import {
    BenchEngine,
    Cloud,
    commandTime,
    declareDirectly,
    EngineFigure,
    inTurnOf,
    PARALLEL,
    registrationsByCloud,
} from "./engine";

const SERVICES = 10;
const SIZES = (process.env.BENCH_FLEET_SIZES ?? "20,50").split(",").map(Number);
/** Previews in turn at the first size; every other operation runs once (an up of 50 clusters takes minutes). */
const RUNS = Number(process.env.BENCH_FLEET_RUNS ?? 2);
/**
 * The file backend writes the whole state after every step, which grows with the square of a
 * stack's resources (1.4 MB per write at 20 clusters); the engine's own experimental switch
 * keeps only the final write, so that the figures show the programs, not the backend.
 */
const ENV = { PULUMI_SKIP_CHECKPOINTS: "true" };
const ORDER: Cloud[] = ["aws", "azure", "gcp"];
/**
 * `yaml` measures only the YAML programs. At 50 clusters the TypeScript program's synchronous
 * construction (minutes on a busy machine) holds the bench's event loop, which also serves the
 * fake clouds, past the engine's wait for a plugin to answer.
 */
const ONLY_YAML = process.env.BENCH_FLEET_PARTS === "yaml";

const members = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ cloud: ORDER[i % ORDER.length], name: `c${i}` }));
const fleet = (n: number) => () => members(n).forEach((m) => cluster(m.cloud, SERVICES, m.name)());
const declared = (byCloud: Record<Cloud, Registered[]>) => () =>
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

interface Usage {
    constructs: number;
    idleRssKb: number;
    peakRssKb: number;
    cpuMs: number;
}

interface Measured {
    preview?: number;
    up?: number;
    resources: number;
    yaml: { preview: number; up: number; usage: Usage };
}

export async function fleetFigures(report: (f: EngineFigure) => void): Promise<void> {
    // Registrations first: the mock runtime and the engine's inline programs share @pulumi/pulumi's settings.
    const direct = new Map<number, Record<Cloud, Registered[]>>();
    for (const n of SIZES) direct.set(n, await registrationsByCloud(fleet(n)));
    const count = (n: number) => ORDER.reduce((sum, c) => sum + direct.get(n)![c].length, 0);
    const engine = new BenchEngine();
    await engine.start();
    const measured = new Map<number, Measured>();
    try {
        for (const n of SIZES) {
            const resources = count(n);
            if (ONLY_YAML) {
                measured.set(n, { resources, yaml: await yamlFleet(engine, n) });
                continue;
            }
            const ours = await engine.stack(`fleet-${n}`, ORDER, fleet(n), ENV);
            const theirs = await engine.stack(
                `fleet-${n}-direct`,
                ORDER,
                declared(direct.get(n)!),
                ENV,
            );
            // The direct side only at the first size: the growth figures compare the component with itself.
            const first = n === SIZES[0];
            const preview = (stack: typeof ours) => () =>
                commandTime(stack, (s) => s.preview({ parallel: PARALLEL }));
            const up = (stack: typeof ours) => async () => {
                const ms = await commandTime(stack, (s) => s.up({ parallel: PARALLEL }));
                await stack.destroy({ parallel: PARALLEL });
                return ms;
            };
            const previews = await inTurnOf(
                first ? RUNS : 1,
                preview(ours),
                ...(first ? [preview(theirs)] : []),
            );
            const ups = await inTurnOf(1, up(ours), ...(first ? [up(theirs)] : []));
            if (first) {
                for (const [op, ms] of [
                    ["preview", previews],
                    ["up", ups],
                ] as const) {
                    report({
                        figure: `fleet of ${n}: ${op} / the same resources declared directly`,
                        value: ms[0] / ms[1],
                        unit: "x",
                        target: "<= 1.10",
                        detail: `TypeScript program with ${n} clusters (AWS, Azure, Google Cloud in turn, ${SERVICES} services each; ${resources} resources) ${seconds(ms[0])} / the same resources declared directly ${seconds(ms[1])}; ${op === "preview" ? `medians of ${RUNS} in turn` : "one each, in turn"}; the CLI command only`,
                    });
                }
            }
            measured.set(n, {
                preview: previews[0],
                up: ups[0],
                resources,
                yaml: await yamlFleet(engine, n),
            });
        }
    } finally {
        engine.stop();
    }
    const [small, large] = SIZES.map((n) => measured.get(n)!);
    const [ns, nl] = SIZES;
    const programs = [
        ["TypeScript", (m: Measured) => m],
        ["YAML", (m: Measured) => m.yaml],
    ] as const;
    for (const [language, times] of programs) {
        for (const op of ["preview", "up"] as const) {
            const [a, b] = [times(small)[op], times(large)[op]];
            if (a === undefined || b === undefined) continue;
            report({
                figure: `fleet ${nl} vs ${ns}: ${op} time per cluster (${language})`,
                value: b / nl / (a / ns),
                unit: "x",
                target: "<= 1.10",
                detail: `${language} ${op} ${(b / nl).toFixed(0)} ms per cluster with ${nl} (${seconds(b)}, ${large.resources} resources) against ${(a / ns).toFixed(0)} ms with ${ns} (${seconds(a)}, ${small.resources} resources)`,
            });
        }
    }
    const growth = (m: Measured, n: number) =>
        (m.yaml.usage.peakRssKb - m.yaml.usage.idleRssKb) / n;
    report({
        figure: `provider peak memory per cluster, ${nl} vs ${ns}`,
        value: growth(large, nl) / growth(small, ns),
        unit: "x",
        target: "<= 1.10",
        detail:
            `YAML program through the provider: peak resident memory above the provider's own before its first Construct, ` +
            `${(growth(large, nl) / 1024).toFixed(1)} MB per cluster with ${nl} (peak ${(large.yaml.usage.peakRssKb / 1024).toFixed(0)} MB) ` +
            `against ${(growth(small, ns) / 1024).toFixed(1)} MB with ${ns} (peak ${(small.yaml.usage.peakRssKb / 1024).toFixed(0)} MB; ` +
            `${(small.yaml.usage.idleRssKb / 1024).toFixed(0)} MB before the first Construct)`,
    });
    for (const [n, m] of measured) {
        report({
            figure: `fleet of ${n} from YAML: provider CPU time`,
            value: m.yaml.usage.cpuMs,
            unit: "ms",
            detail: `the provider process over preview and up (${m.yaml.usage.constructs} Constructs, concurrent from the YAML host): ${(m.yaml.usage.cpuMs / n).toFixed(0)} ms per cluster; preview ${seconds(m.yaml.preview)}, up ${seconds(m.yaml.up)}, peak ${(m.yaml.usage.peakRssKb / 1024).toFixed(0)} MB`,
        });
    }
}

/** Preview and up of the YAML fleet, with the provider's usage over both (one provider per operation). */
async function yamlFleet(engine: BenchEngine, n: number): Promise<Measured["yaml"]> {
    const dir = fleetYaml(path.join(engine.home, `fleet-yaml-${n}`), n);
    const usageFile = path.join(dir, "usage.json");
    const env = {
        ...ENV,
        NODE_OPTIONS: `--require ${path.join(__dirname, "usage.js")}`,
        HACLUSTER_BENCH_USAGE: usageFile,
    };
    const stack = await engine.directoryStack(`fleet-yaml-${n}`, dir, ORDER, env);
    const read = (): Usage => JSON.parse(fs.readFileSync(usageFile, "utf8"));
    const preview = await commandTime(stack, (s) => s.preview({ parallel: PARALLEL }));
    const previewUsage = read();
    fs.rmSync(usageFile);
    const up = await commandTime(stack, (s) => s.up({ parallel: PARALLEL }));
    const upUsage = read();
    await stack.destroy({ parallel: PARALLEL });
    // The up's provider does the same Constructs as the preview's and then registers for real.
    if (upUsage.constructs !== n || previewUsage.constructs !== n)
        throw new Error(
            `expected ${n} Constructs, saw ${previewUsage.constructs} and ${upUsage.constructs}`,
        );
    return { preview, up, usage: { ...upUsage, cpuMs: upUsage.cpuMs + previewUsage.cpuMs } };
}
