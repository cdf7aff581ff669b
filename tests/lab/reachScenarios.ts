// The clusters the reachability lab walks: the root demo and the YAML example (planned as
// `hacluster-plan` plans them), the TypeScript examples (whole programs, their own instances,
// NICs and groups included) and clusters generated from the shared model's arbitraries.
import * as path from "path";
import fc from "fast-check";
import { snapshot } from "../../provider/src/component/snapshot";
import { planAws } from "../../provider/src/model/aws";
import { planAzure } from "../../provider/src/model/azure";
import { ClusterSpec } from "../../provider/src/model/cluster";
import { planGcp } from "../../provider/src/model/gcp";
import { Registration } from "../../provider/src/plan/mocks";
import { readProgram } from "../../provider/src/plan/program";
import { runCluster } from "../../provider/src/plan/run";
import { Cloud, EXTRAS, PLANNERS_OF } from "../conformance/collect";
import { exampleScenarios } from "../conformance/examples";
import { fastStacks } from "../conformance/stacks";
import { clusterArgsArb } from "../model/arbitraries";
import { componentOf } from "../support/components";
import { build } from "../support/harness";
import { built } from "./recordingIndex";

export interface ReachScenario {
    id: string;
    type: string;
    resources: Registration[];
    spec: ClusterSpec;
    /** A whole program: the nodes' side is judged from its resources, not assumed. */
    wholeProgram: boolean;
}

const ROOT = path.resolve(__dirname, "../..");
const TYPES: Record<Cloud, string> = {
    aws: "hacluster:index:AwsHaCluster",
    azure: "hacluster:index:AzureHaCluster",
    gcp: "hacluster:index:GcpHaCluster",
};
const PLAN = {
    "hacluster:index:AwsHaCluster": planAws,
    "hacluster:index:AzureHaCluster": planAzure,
    "hacluster:index:GcpHaCluster": planGcp,
} as Record<string, typeof planAws>;

function specOf(type: string, args: unknown, name: string): ClusterSpec {
    const { plan, problems } = PLAN[type](snapshot(args), name) as {
        plan?: { cluster: ClusterSpec };
        problems: { path: string; message: string }[];
    };
    if (!plan)
        throw new Error(`${name}: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
    return plan.cluster;
}

/** The clusters of a Pulumi YAML program, as `hacluster-plan` builds them. */
export async function yamlScenarios(file: string): Promise<ReachScenario[]> {
    const program = readProgram(path.join(ROOT, file), {
        resourceGroupName: "rg",
        virtualNetworkId:
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v",
    });
    const out: ReachScenario[] = [];
    for (const declaration of program.clusters) {
        const run = await runCluster(declaration);
        if (!run.spec) throw new Error(`${file} ${declaration.name}: ${run.invalid?.message}`);
        out.push({
            id: `${file} ${declaration.name}`,
            type: declaration.type,
            resources: run.resources,
            spec: run.spec,
            wholeProgram: true,
        });
    }
    return out;
}

/** The TypeScript examples, each a whole program. */
export async function tsExampleScenarios(): Promise<ReachScenario[]> {
    built.length = 0;
    const scenarios = await exampleScenarios(path.join(__dirname, "recordingIndex.ts"));
    return scenarios.map((s, i) => {
        const cluster = built[i];
        return {
            id: s.id,
            type: cluster.type,
            resources: s.resources,
            spec: specOf(cluster.type, cluster.args, cluster.name),
            wholeProgram: true,
        };
    });
}

/**
 * Generated CIDRs move into documentation ranges (distinct blocks, same shape of lists), so
 * that the lab's clients stand in test ranges; "everyone" stays.
 */
function documentationCidrs(args: Record<string, unknown>): Record<string, unknown> {
    const seen = new Map<string, string>();
    const move = (cidr: string) => {
        if (cidr === "0.0.0.0/0" || cidr === "::/0") return cidr;
        if (!seen.has(cidr)) {
            const n = seen.size;
            seen.set(
                cidr,
                cidr.includes(":")
                    ? `2001:db8:${(n + 1).toString(16)}::/48`
                    : n < 16
                      ? `198.51.100.${n * 16}/28`
                      : `203.0.113.${(n - 16) * 16}/28`,
            );
        }
        return seen.get(cidr)!;
    };
    const walk = (value: unknown, key = ""): unknown => {
        if (Array.isArray(value))
            return (key === "allowedCidrs" || key === "nodeSourceCidrs") &&
                value.every((v) => typeof v === "string")
                ? value.map(move)
                : value.map((v) => walk(v));
        if (value !== null && typeof value === "object")
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
        return value;
    };
    return walk(args) as Record<string, unknown>;
}

/** `count` valid generated clusters of a cloud, built under the mock runtime (fixed seed). */
export async function generatedReachScenarios(
    cloud: Cloud,
    count: number,
    seed: number,
): Promise<ReachScenario[]> {
    const out: ReachScenario[] = [];
    const arb = fc.tuple(
        fc.constantFrom(...PLANNERS_OF[cloud]),
        clusterArgsArb,
        fc.integer({ min: 0, max: 2 ** 30 }),
    );
    const restore = fastStacks();
    try {
        for (const [planner, shared, extraSeed] of fc.sample(arb, { seed, numRuns: count * 20 })) {
            if (out.length >= count) break;
            let adapted: Record<string, unknown> | undefined;
            try {
                adapted = planner.adapt(shared);
            } catch {
                continue; // fc.pre inside adapt: a spec this cloud rightly refuses
            }
            const [extra] = fc.sample(EXTRAS[cloud](adapted), { seed: extraSeed, numRuns: 1 });
            const args = documentationCidrs({ ...planner.base, ...adapted, ...extra });
            const planned = planner.plan(args, "gen");
            if (!planned.plan) continue;
            const { recorder } = await build(() => new (componentOf(cloud))("gen", args));
            out.push({
                id: `generated ${planner.cloud} #${out.length + 1}`,
                type: TYPES[cloud],
                resources: recorder.resources,
                spec: planned.plan.cluster,
                wholeProgram: false,
            });
        }
    } finally {
        restore();
    }
    return out;
}
