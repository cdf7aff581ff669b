// Laws every cloud's plan obeys, checked on generated inputs (fast-check):
// valid specs are accepted, names are unique and within the cloud's limits, edits to the
// service list leave every other name alone, and every opening is least-privilege.
import * as assert from "assert";
import fc from "fast-check";
import { Family } from "../../provider/src/model/net";
import { isValidCloudName } from "../../provider/src/model/naming";
import { PlanInventory } from "../../provider/src/model/inventory";
import { ClusterSpec } from "../../provider/src/model/cluster";
import { clientCidrs } from "../../provider/src/model/frontends";
import { clusterArgsArb, crowdedServicesArb } from "./arbitraries";
import { planAws } from "../../provider/src/model/aws";
import { CloudPlanner, PLANNERS } from "./clouds";
import { num } from "../support/inputs";
import { AzurePlan } from "../../provider/src/model/azure";

// The inner loop (test:unit) runs each law 25 times; test:integration runs them 100 times.
const RUNS = Number(process.env.HACLUSTER_PROPERTY_RUNS ?? 25);

function planned(
    p: CloudPlanner,
    args: Record<string, unknown>,
): { cluster: ClusterSpec; inventory: PlanInventory } {
    const result = p.plan({ ...p.base, ...p.adapt(args) }, "hc");
    if (!result.plan)
        throw new Error(result.problems.map((x) => `${x.path}: ${x.message}`).join("\n"));
    return { cluster: result.plan.cluster, inventory: p.inventory(result.plan) };
}

const nameKey = (n: { scope?: string; logicalName: string }) => `${n.scope ?? ""}|${n.logicalName}`;

function namesOf(inv: PlanInventory): Map<string, string | undefined> {
    return new Map(inv.names.map((n) => [nameKey(n), n.cloudName]));
}

const withServices = (args: Record<string, unknown>, services: unknown[]) => ({
    ...args,
    services,
});

for (const p of PLANNERS) {
    describe(`properties of the ${p.cloud} plan (${RUNS} runs each)`, () => {
        it("accepts and plans every valid spec", () => {
            fc.assert(
                fc.property(clusterArgsArb, (args) => {
                    const { cluster } = planned(p, args);
                    assert.strictEqual(
                        cluster.frontends.length,
                        1 +
                            (args.ingress ? (args.ingress.enableHttp === false ? 1 : 2) : 0) +
                            args.services.length,
                    );
                }),
                { numRuns: RUNS },
            );
        });

        it("gives unique names, each within the cloud's limits", () => {
            fc.assert(
                fc.property(clusterArgsArb, (args) => {
                    const { inventory } = planned(p, args);
                    const logical = inventory.names.map(nameKey);
                    assert.strictEqual(
                        new Set(logical).size,
                        logical.length,
                        "logical names are unique",
                    );
                    const byKind = new Map<string, string[]>();
                    for (const n of inventory.names) {
                        if (!n.cloudName) continue;
                        assert.ok(
                            n.rule && isValidCloudName(n.rule, n.cloudName),
                            `${n.kind} name ${n.cloudName} breaks ${n.rule?.cloud} rules`,
                        );
                        const key = `${n.kind}|${n.scope ?? ""}`;
                        byKind.set(key, [...(byKind.get(key) ?? []), n.cloudName]);
                    }
                    for (const [kind, names] of byKind)
                        assert.strictEqual(
                            new Set(names).size,
                            names.length,
                            `${kind} cloud names are unique`,
                        );
                }),
                { numRuns: RUNS },
            );
        });

        it("keeps every other name when a service is added, removed or the list reordered", () => {
            fc.assert(
                fc.property(
                    clusterArgsArb.filter((a) => a.services.length > 0),
                    fc.nat(),
                    fc.nat(),
                    (args, pick, seed) => {
                        const all = args.services;
                        const without = all.filter(
                            (_: unknown, i: number) => i !== pick % all.length,
                        );
                        const shuffled = [...all].sort(
                            (a, b) =>
                                ((num(a, "port") * 7919 + seed) % 104729) -
                                ((num(b, "port") * 7919 + seed) % 104729),
                        );
                        const full = namesOf(planned(p, args).inventory);
                        const fewer = namesOf(planned(p, withServices(args, without)).inventory);
                        const reordered = namesOf(
                            planned(p, withServices(args, shuffled)).inventory,
                        );
                        for (const [name, cloudName] of fewer)
                            assert.strictEqual(full.get(name), cloudName, `${name} kept on add`);
                        assert.deepStrictEqual(
                            new Map([...reordered].sort()),
                            new Map([...full].sort()),
                            "reordering changes no name",
                        );
                    },
                ),
                { numRuns: RUNS },
            );
        });

        it("opens only declared ports, to declared clients or the cloud's own sources", () => {
            fc.assert(
                fc.property(clusterArgsArb, (args) => {
                    const { cluster, inventory } = planned(p, args);
                    for (const o of inventory.openings) {
                        for (const port of o.ports) {
                            for (const source of o.sources) {
                                const cloud = inventory.cloudSources.includes(source);
                                const ok = cluster.frontends.some((f) => {
                                    const clients = (["ipv4", "ipv6"] as Family[]).flatMap((fam) =>
                                        clientCidrs(cluster, f, fam),
                                    );
                                    const trafficPort = port === f.port || port === f.targetPort;
                                    const healthPort = port === f.healthCheck.port;
                                    return cloud
                                        ? trafficPort || healthPort
                                        : clients.includes(source) && trafficPort;
                                });
                                assert.ok(
                                    ok,
                                    `${o.logicalName} opens ${o.protocol}/${port} to ${source}, which no frontend declares`,
                                );
                            }
                        }
                    }
                }),
                { numRuns: RUNS },
            );
        });
    });
}

describe(`properties of the Azure NSG priorities (${RUNS} runs)`, () => {
    const azure = PLANNERS.find((p) => p.cloud === "azure")!;
    const priorities = (args: Record<string, unknown>): Map<string, number> => {
        const result = azure.plan({ ...azure.base, ...azure.adapt(args) }, "hc");
        if (!result.plan)
            throw new Error(result.problems.map((x) => `${x.path}: ${x.message}`).join("\n"));
        const rules = (result.plan as AzurePlan).securityRules;
        // Unique within each role's NSG.
        const all = rules.map((r) => `${r.role} ${r.priority}`);
        assert.strictEqual(new Set(all).size, all.length, `unique priorities: ${all.join(", ")}`);
        return new Map(rules.map((r) => [`${r.role} ${r.name}`, r.priority]));
    };

    it("keeps priorities unique, and unchanged for the rules that survive a service added, removed or reordered", () => {
        fc.assert(
            fc.property(
                clusterArgsArb.filter((a) => a.services.length > 0),
                fc.nat(),
                fc.nat(),
                (args, pick, seed) => {
                    const all = args.services;
                    const without = all.filter((_: unknown, i: number) => i !== pick % all.length);
                    const shuffled = [...all].sort(
                        (a, b) =>
                            ((num(a, "port") * 7919 + seed) % 104729) -
                            ((num(b, "port") * 7919 + seed) % 104729),
                    );
                    const full = priorities(args);
                    const fewer = priorities(withServices(args, without));
                    for (const [name, priority] of fewer)
                        assert.strictEqual(full.get(name), priority, `${name} keeps its priority`);
                    assert.deepStrictEqual(
                        new Map([...priorities(withServices(args, shuffled))].sort()),
                        new Map([...full].sort()),
                        "reordering moves no priority",
                    );
                },
            ),
            { numRuns: RUNS },
        );
    });
});

describe(`AWS security group quota (${RUNS} runs)`, () => {
    it("refuses a plan exactly when a group would hold more than 60 rules in one direction and family", () => {
        fc.assert(
            fc.property(crowdedServicesArb, (services) => {
                // Each distinct worker port is one rule from the NLB's group on the workers'
                // group, and one rule out of the NLB's group beside the apiserver's 6443.
                const workerPorts = new Set(
                    services.flatMap((s) => [s.targetPort, s.healthCheck.port]),
                ).size;
                const result = planAws({ vpcId: "vpc-1", subnetIds: ["subnet-a"], services }, "hc");
                const quota = result.problems.filter((p) =>
                    /exceed AWS's default quota of 60/.test(p.message),
                );
                assert.strictEqual(
                    quota.length > 0,
                    workerPorts + 1 > 60,
                    `${workerPorts} worker ports`,
                );
                assert.strictEqual(result.plan === undefined, quota.length > 0);
            }),
            { numRuns: RUNS },
        );
    });
});
