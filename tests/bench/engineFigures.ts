// The figures measured through the real Pulumi engine (tests/bench/engine.ts): preview of the
// component against the same resources declared directly, the deploy critical path under
// `pulumi up` with per-type create times, and preview scaling from 10 to 100 services.
import { engineEdges, longestChain } from "./chains";
import { cluster } from "./clusters";
import { createSeconds, fakeDelays } from "./createTimes";
import { chainFigure } from "./deploy";
import {
    BenchEngine,
    Cloud,
    commandTime,
    EngineFigure,
    inTurnOf,
    median,
    PARALLEL,
} from "./engine";
import { declareDirectly, DirectResource, registrations } from "./direct";

const RUNS = Number(process.env.BENCH_ENGINE_RUNS ?? 5);
/** AWS allows 50 listeners per NLB; the apiserver and ingress take three of them. */
const PREVIEW_SERVICES: Record<Cloud, number> = { aws: 47, azure: 50, gcp: 50 };

/** Milliseconds of fake create time per second of real create time. */
const SCALE = Number(process.env.BENCH_DELAY_SCALE ?? 100);
const DEPLOY_SERVICES = 10;

export async function engineFigures(
    report: (f: EngineFigure) => void,
    clouds: Cloud[] = ["aws", "azure", "gcp"],
): Promise<void> {
    // Registrations first: the mock runtime and the engine's inline programs share @pulumi/pulumi's settings.
    // One at a time: each build replaces the mocks.
    const direct: Partial<Record<Cloud, DirectResource[]>> = {};
    for (const c of clouds) direct[c] = await registrations(c, cluster(c, PREVIEW_SERVICES[c]));
    const engine = new BenchEngine();
    await engine.start();
    try {
        for (const cloud of clouds) {
            const n = PREVIEW_SERVICES[cloud];
            const ours = await engine.stack(`${cloud}-component`, cloud, cluster(cloud, n));
            const theirs = await engine.stack(`${cloud}-direct`, cloud, () =>
                declareDirectly(cloud, direct[cloud]!),
            );
            const [component, plain] = await inTurnOf(
                RUNS,
                () => commandTime(ours, (s) => s.preview()),
                () => commandTime(theirs, (s) => s.preview()),
            );
            report({
                figure: `preview through the engine (${cloud})`,
                value: component / plain,
                unit: "x",
                target: "<= 1.15",
                detail: `${cloud} cluster with ingress and ${n} services ${(component / 1000).toFixed(1)} s / the same ${direct[cloud]!.length} resources declared directly ${(plain / 1000).toFixed(1)} s, medians of ${RUNS}`,
            });
        }

        const [t10, t100] = await (async () => {
            const small = await engine.stack("scale-10", "gcp", cluster("gcp", 10));
            const large = await engine.stack("scale-100", "gcp", cluster("gcp", 100));
            return inTurnOf(
                RUNS,
                () => commandTime(small, (s) => s.preview()),
                () => commandTime(large, (s) => s.preview()),
            );
        })();
        report({
            figure: "engine scaling per service, 100 vs 10",
            value: t100 / 100 / (t10 / 10),
            unit: "x",
            target: "<= 1.2",
            detail: `GcpHaCluster preview ${(t100 / 100).toFixed(0)} ms vs ${(t10 / 10).toFixed(0)} ms per service (${(t100 / 1000).toFixed(1)} s / ${(t10 / 1000).toFixed(1)} s), medians of ${RUNS}`,
        });

        const delays = fakeDelays(SCALE);
        for (const cloud of clouds) {
            const stack = await engine.stack(
                `${cloud}-deploy`,
                cloud,
                cluster(cloud, DEPLOY_SERVICES),
            );
            const ups: number[] = [];
            const bare: number[] = [];
            let path = { weight: 0, chain: [] as string[] };
            for (let i = 0; i < Math.min(RUNS, 3); i++) {
                await engine.fakeReport(delays);
                ups.push(await commandTime(stack, (s) => s.up({ parallel: PARALLEL })));
                const resources = (await stack.exportStack()).deployment.resources;
                path = longestChain(resources, (t) => createSeconds(t) * SCALE, engineEdges);
                if (i === 0) report(chainFigure(cloud, resources));
                await stack.destroy();
                await engine.fakeReport(null);
                bare.push(await commandTime(stack, (s) => s.up({ parallel: PARALLEL })));
                await stack.destroy();
            }
            const up = median(ups);
            report({
                figure: `deploy critical path (${cloud})`,
                value: up / path.weight,
                unit: "x",
                target: "<= 1.1",
                detail: `up ${(up / 1000).toFixed(1)} s against the longest chain ${(path.weight / 1000).toFixed(1)} s (${path.chain.join(" → ")}; 1 s of create time = ${SCALE} ms; ${DEPLOY_SERVICES} services; --parallel ${PARALLEL}); the same up without create times ${(median(bare) / 1000).toFixed(1)} s; medians of ${ups.length}`,
            });
        }
    } finally {
        engine.stop();
    }
}
