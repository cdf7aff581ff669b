// The reachability report proved with packets: each cluster's registered resources are
// compiled (policy.ts) into the lab's namespaces (reachNet.ts): node rules as nftables on the
// nodes' interfaces, the load balancer's filters, address rewriting and identity in its
// namespace, the NAT gateway or outbound rules in theirs. Then every flow of the report is
// dialled for real (TCP, UDP, HTTP health checks), and the lab's answers must equal the
// report's: for the root demo, every example and 30 generated clusters per cloud.
import * as assert from "assert";
import { requireLab } from "./netns";
import { ReachNet } from "./reachNet";
import {
    generatedReachScenarios,
    ReachScenario,
    tsExampleScenarios,
    yamlScenarios,
} from "./reachScenarios";
import { differences, walk } from "./reachWalk";

const GENERATED_PER_CLOUD = 30;
const SEED = 20261202;

describe("reachability lab: the report equals real packets", function () {
    this.timeout(600_000);
    let net: ReachNet;
    const flows = { clusters: 0, dials: 0, started: Date.now() };

    before(function () {
        requireLab(this, "the reachability lab");
        net = new ReachNet();
    });
    after(() => {
        net?.destroy();
        if (net)
            console.log(
                `    reachability lab: ${flows.clusters} clusters, ${net?.dials ?? 0} dials in ${((Date.now() - flows.started) / 1000).toFixed(1)} s`,
            );
    });

    const agree = async (scenarios: ReachScenario[]) => {
        const wrong: string[] = [];
        for (const s of scenarios) {
            const w = await walk(net, s);
            flows.clusters++;
            wrong.push(...differences(w).map((d) => `${s.id}: ${d}`));
        }
        assert.deepStrictEqual(wrong, []);
    };

    it("agrees on the root demo and the YAML example", async () => {
        await agree([
            ...(await yamlScenarios("Pulumi.yaml")),
            ...(await yamlScenarios("examples/azure-yaml/Pulumi.yaml")),
        ]);
    });

    it("agrees on the TypeScript examples, their own nodes included", async () => {
        await agree(await tsExampleScenarios());
    });

    for (const cloud of ["aws", "azure", "gcp"] as const) {
        it(`agrees on ${GENERATED_PER_CLOUD} generated ${cloud} clusters`, async () => {
            const scenarios = await generatedReachScenarios(cloud, GENERATED_PER_CLOUD, SEED);
            assert.strictEqual(scenarios.length, GENERATED_PER_CLOUD);
            await agree(scenarios);
        });
    }
});
