// `npm run bench -- deploy`: one `pulumi up` per cloud with the fake clouds taking each type's
// typical create time at full scale (1 s = 1 s), against the longest chain of create times
// that the deployed resources' dependencies require; and, from the deployed state alone, the
// component's dependency chain against the chain the cloud's API requires. Takes minutes.
import { performance } from "perf_hooks";
import { CreateRequest } from "@pulumi/pulumi/proto/provider_pb";
import { FakeCloud, urnParts } from "../e2e/fakeCloud";
import { apiEdges, engineEdges, extraEdges, longestChain, StateResource } from "./chains";
import { cluster } from "./clusters";
import { createSeconds, fakeDelays } from "./createTimes";
import { BenchEngine, Cloud, commandTime, EngineFigure, PARALLEL } from "./engine";

const SERVICES = 10;
/** Milliseconds of fake create time per second of typical create time: full scale unless set. */
const SCALE = Number(process.env.BENCH_DEPLOY_SCALE ?? 1000);
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

/**
 * When each create of a `pulumi up` ran, from the fake clouds' answers (a create answers its
 * delay after the engine asked): where the time beyond the chain goes.
 */
function recordCreates(): {
    spans: { type: string; start: number; end: number }[];
    stop: () => void;
} {
    const spans: { type: string; start: number; end: number }[] = [];
    const proto = FakeCloud.prototype as unknown as { create(req: CreateRequest): unknown };
    const create = proto.create;
    proto.create = function (req: CreateRequest) {
        if (!req.getPreview()) {
            const type = urnParts(req.getUrn()).type;
            const end = performance.now();
            spans.push({ type, start: end - createSeconds(type) * SCALE, end });
        }
        return create.call(this, req);
    };
    return { spans, stop: () => (proto.create = create) };
}

export async function deployFigures(
    report: (f: EngineFigure) => void,
    clouds: Cloud[] = ["aws", "azure", "gcp"],
): Promise<void> {
    const engine = new BenchEngine();
    await engine.start();
    try {
        for (const cloud of clouds) {
            const stack = await engine.stack(
                `${cloud}-full-scale`,
                cloud,
                cluster(cloud, SERVICES),
            );
            process.env.HACLUSTER_FAKE_CREATE_DELAYS = JSON.stringify(fakeDelays(SCALE));
            const creates = recordCreates();
            const start = performance.now();
            let wall: number;
            try {
                wall = await commandTime(stack, (s) => s.up({ parallel: PARALLEL }));
            } finally {
                delete process.env.HACLUSTER_FAKE_CREATE_DELAYS;
                creates.stop();
            }
            const first = Math.min(...creates.spans.map((c) => c.start)) - start;
            const last = Math.max(...creates.spans.map((c) => c.end)) - start;
            const resources: StateResource[] = (await stack.exportStack()).deployment.resources;
            const path = longestChain(resources, createSeconds, engineEdges);
            await stack.destroy();
            // The engine's own cost at this moment: the same up with creates answered at once.
            const bare = await commandTime(stack, (s) => s.up({ parallel: PARALLEL }));
            await stack.destroy();
            report({
                figure: `deploy at full scale / critical path (${cloud})`,
                value: wall / (path.weight * SCALE),
                unit: "x",
                target: "<= 1.05",
                detail:
                    `pulumi up ${(wall / 1000).toFixed(1)} s against the longest chain ${path.weight} s (${path.chain.join(" → ")}); ${SERVICES} services, ${resources.filter((r) => r.custom && !r.type.startsWith("pulumi:")).length} resources, --parallel ${PARALLEL}, 1 s of create time = ${SCALE} ms; ` +
                    `the first create began ${seconds(first)} after the up started, the creates spanned ${seconds(last - first)}, and the CLI exited ${seconds(wall - last)} after the last one; ` +
                    `the same up with no create times ${seconds(bare)}`,
            });
            report(chainFigure(cloud, resources));
        }
    } finally {
        engine.stop();
    }
}
