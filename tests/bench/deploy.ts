// `npm run bench -- deploy`: one `pulumi up` per cloud with the fake clouds taking each type's
// typical create time at full scale (1 s = 1 s), against the longest chain of create times
// that the deployed resources' dependencies require; and, from the deployed state alone, the
// component's dependency chain against the chain the cloud's API requires. Takes minutes.
import { apiEdges, engineEdges, extraEdges, longestChain, StateResource } from "./chains";
import { cluster } from "./clusters";
import { createSeconds, fakeDelays } from "./createTimes";
import { BenchEngine, Cloud, EngineFigure, PARALLEL, timeOf } from "./engine";

const SERVICES = 10;

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
            (extra.length ? `dependencies beyond the API's: ${extra.join(", ")}` : "no dependency beyond the API's"),
    };
}

export async function deployFigures(report: (f: EngineFigure) => void, clouds: Cloud[] = ["aws", "azure", "gcp"]): Promise<void> {
    const engine = new BenchEngine();
    await engine.start();
    try {
        for (const cloud of clouds) {
            const stack = await engine.stack(`${cloud}-full-scale`, cloud, cluster(cloud, SERVICES));
            process.env.HACLUSTER_FAKE_CREATE_DELAYS = JSON.stringify(fakeDelays(1000));
            let wall: number;
            try {
                wall = await timeOf(() => stack.up({ parallel: PARALLEL }));
            } finally {
                delete process.env.HACLUSTER_FAKE_CREATE_DELAYS;
            }
            const resources: StateResource[] = (await stack.exportStack()).deployment.resources;
            const path = longestChain(resources, createSeconds, engineEdges);
            report({
                figure: `deploy at full scale / critical path (${cloud})`,
                value: wall / (path.weight * 1000),
                unit: "x",
                target: "<= 1.05",
                detail: `pulumi up ${(wall / 1000).toFixed(1)} s against the longest chain ${path.weight} s (${path.chain.join(" → ")}); ${SERVICES} services, ${resources.filter((r) => r.custom && !r.type.startsWith("pulumi:")).length} resources, --parallel ${PARALLEL}, 1 s of create time = 1 s`,
            });
            report(chainFigure(cloud, resources));
            await stack.destroy();
        }
    } finally {
        engine.stop();
    }
}
