// `npm run bench -- deploy`: one `pulumi up` per cloud with the fake clouds taking each type's
// typical create time at full scale (1 s = 1 s), against the longest chain of create times
// that the deployed resources' dependencies require; and, from the deployed state alone, the
// component's dependency chain against the chain the cloud's API requires. Takes minutes.
// Beside it, the same up with no create times (the component's and the same resources
// declared directly) and an empty program's up: the engine's fixed start, measured apart.
import * as os from "os";
import {
    apiEdges,
    engineEdges,
    extraEdges,
    longestChain,
    scheduledSpan,
    StateResource,
} from "./chains";
import { cluster } from "./clusters";
import { createSeconds, fakeDelays } from "./createTimes";
import { spread } from "./stats";
import { BenchEngine, Cloud, EngineFigure, Operation, PARALLEL, timeline } from "./engine";
import { declareDirectly, registrations } from "./direct";

const SERVICES = 10;
/** Full-scale ups per cloud (each destroyed after); the figure is of their median. */
const RUNS = Number(process.env.BENCH_DEPLOY_RUNS ?? 1);
/** The clouds to deploy, in order. */
const CLOUDS = (process.env.BENCH_DEPLOY_CLOUDS ?? "aws,azure,gcp").split(",") as Cloud[];
/** Milliseconds of fake create time per second of typical create time: full scale unless set. */
const SCALE = Number(process.env.BENCH_DEPLOY_SCALE ?? 1000);
/**
 * The CLI's default `--parallel`: four per GOMAXPROCS, the CPUs Go may use
 * (`defaultParallel`, pkg/cmd/pulumi/operations/up.go in pulumi/pulumi at v3.259.0).
 */
const DEFAULT_PARALLEL = os.availableParallelism() * 4;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The component's dependency chain against the API's, weighed by create seconds (no timing). */
export function chainFigure(cloud: Cloud, resources: StateResource[]): EngineFigure {
    const ours = longestChain(resources, createSeconds, engineEdges);
    const api = longestChain(resources, createSeconds, apiEdges);
    const extra = extraEdges(resources);
    return {
        figure: `component dependency chain / the API's (${cloud})`,
        value: ours.weight / api.weight,
        unit: "x",
        target: "1.00",
        detail:
            `${ours.weight} s (${ours.chain.join(" → ")}) against ${api.weight} s (${api.chain.join(" → ")}), ` +
            `create seconds from the deployed state's dependencies; ` +
            (extra.length
                ? `dependencies beyond the API's: ${extra.join(", ")}`
                : "no dependency beyond the API's"),
    };
}

export async function deployFigures(
    report: (f: EngineFigure) => void,
    clouds: Cloud[] = CLOUDS,
): Promise<void> {
    // Registrations first: the mock runtime and the engine's inline programs share @pulumi/pulumi's settings.
    const direct: Partial<Record<Cloud, Awaited<ReturnType<typeof registrations>>>> = {};
    for (const c of clouds) direct[c] = await registrations(c, cluster(c, SERVICES));
    const engine = new BenchEngine();
    await engine.start();
    try {
        for (const cloud of clouds) {
            const ours = await engine.stack(`${cloud}-full-scale`, cloud, cluster(cloud, SERVICES));
            const theirs = await engine.stack(`${cloud}-direct`, cloud, () =>
                declareDirectly(cloud, direct[cloud]!),
            );
            const empty = await engine.stack(`${cloud}-empty`, cloud, () => undefined);
            const fulls: Operation[] = [];
            let resources: StateResource[] = [];
            for (let i = 0; i < RUNS; i++) {
                await engine.fakeReport(fakeDelays(SCALE));
                try {
                    fulls.push(await engine.operation(ours, "up"));
                } finally {
                    await engine.fakeReport(null);
                }
                resources = (await ours.exportStack()).deployment.resources;
                await ours.destroy({ parallel: PARALLEL });
            }
            const runs = spread(fulls.map((f) => f.ms));
            // The run whose time is the median (the lower middle one of an even count).
            const full = [...fulls].sort((a, b) => a.ms - b.ms)[Math.floor((RUNS - 1) / 2)];
            // The engine's and the program's own cost at this moment: the same up with creates
            // answered at once, of the component and of the same resources declared directly,
            // and an up of a program that declares nothing.
            const bare = await engine.operation(ours, "up");
            await ours.destroy({ parallel: PARALLEL });
            const bareDirect = await engine.operation(theirs, "up");
            await theirs.destroy({ parallel: PARALLEL });
            const emptyUp = await engine.operation(empty, "up");
            await empty.destroy();

            const chain = longestChain(resources, createSeconds, engineEdges);
            const chainMs = chain.weight * SCALE;
            const first = Math.min(...full.creates.map((c) => c.start));
            const last = Math.max(...full.creates.map((c) => c.end));
            const count = resources.filter((r) => r.custom && !r.type.startsWith("pulumi:")).length;
            report({
                figure: `deploy at full scale / critical path (${cloud})`,
                value: runs.median / chainMs,
                unit: "x",
                target: "<= 1.05",
                detail:
                    `pulumi up ${seconds(runs.median)}${RUNS > 1 ? ` (median of ${RUNS}, ${seconds(runs.min)} to ${seconds(runs.max)})` : ""} against the longest chain ${chain.weight} s (${chain.chain.join(" → ")}); ${SERVICES} services, ${count} resources, --parallel ${PARALLEL}, 1 s of create time = ${SCALE} ms; ` +
                    `${timeline(full)}; ` +
                    `the same up with no create times ${seconds(bare.ms)} (${timeline(bare)}), ` +
                    `the same resources declared directly ${seconds(bareDirect.ms)} (${timeline(bareDirect)}), an empty program ${seconds(emptyUp.ms)} (${timeline(emptyUp)})`,
            });
            report({
                figure: `deploy at full scale less an empty program's up / critical path (${cloud})`,
                value: (full.ms - emptyUp.ms) / chainMs,
                unit: "x",
                target: "<= 1.05",
                detail: `(${seconds(full.ms)} - ${seconds(emptyUp.ms)}) / ${chain.weight} s: the up without the CLI's and engine's fixed start (an up of a program that declares nothing, measured just after)`,
            });
            report({
                figure: `deploy at full scale: the creates' span / critical path (${cloud})`,
                value: (last - first) / chainMs,
                unit: "x",
                target: "<= 1.05",
                detail: `from the first create's start to the last one's answer, as the fake clouds saw them, ${seconds(last - first)} / ${chain.weight} s: the part of the up that the resources' dependencies order`,
            });
            const bounded = scheduledSpan(resources, createSeconds, engineEdges, DEFAULT_PARALLEL);
            report({
                figure: `critical path at the CLI's default --parallel ${DEFAULT_PARALLEL} / unbounded (${cloud})`,
                value: bounded / chain.weight,
                unit: "x",
                detail: `${bounded} s with at most ${DEFAULT_PARALLEL} creates at once (what a user's pulumi up on this machine allows; the bench runs --parallel ${PARALLEL}) against ${chain.weight} s; computed from the state, no timing`,
            });
            report(chainFigure(cloud, resources));
        }
    } finally {
        engine.stop();
    }
}
