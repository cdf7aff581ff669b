// The apiserver's shutdown flags follow each cloud's health-check timing (docs/rollouts.md),
// and a timing no kubeadm upgrade waits for is refused.
import * as assert from "assert";
import { planAws } from "../../provider/src/model/aws";
import { planAzure } from "../../provider/src/model/azure";
import { planGcp } from "../../provider/src/model/gcp";
import { Problem } from "../../provider/src/model/problems";
import { ApiserverShutdownPlan } from "../../provider/src/model/shutdown";

type Planner = (apiserver: object) => {
    plan?: { apiserverShutdown: ApiserverShutdownPlan };
    problems: Problem[];
};

const CLOUDS: Record<string, Planner> = {
    aws: (apiserver) => planAws({ vpcId: "vpc-1", subnetIds: ["subnet-1"], apiserver }, "demo"),
    azure: (apiserver) => planAzure({ resourceGroupName: "rg", apiserver }, "demo"),
    gcp: (apiserver) => planGcp({ region: "us-central1", network: "net", apiserver }, "demo"),
};

const shutdownOf = (cloud: string, apiserver: object) => {
    const { plan, problems } = CLOUDS[cloud](apiserver);
    assert.deepStrictEqual(problems, []);
    return plan!.apiserverShutdown;
};

describe("apiserver shutdown timing", () => {
    // interval x unhealthy threshold + probe timeout + propagation margin.
    const rows: [string, object, number][] = [
        ["aws", {}, 10 * 3 + 10 + 10],
        [
            "aws",
            { healthCheck: { intervalSeconds: 5, timeoutSeconds: 3, unhealthyThreshold: 2 } },
            5 * 2 + 3 + 10,
        ],
        ["gcp", {}, 10 * 3 + 5 + 10],
        ["gcp", { healthCheck: { intervalSeconds: 2, unhealthyThreshold: 2 } }, 2 * 2 + 2 + 10],
        ["azure", {}, 10 * 3 + 10 + 10],
        ["azure", { healthCheck: { intervalSeconds: 5, unhealthyThreshold: 2 } }, 5 * 2 + 5 + 10],
    ];
    for (const [cloud, apiserver, delay] of rows) {
        it(`${cloud} ${JSON.stringify(apiserver)}: ${delay}s shutdown delay`, () => {
            const s = shutdownOf(cloud, apiserver);
            assert.strictEqual(s.shutdownDelaySeconds, delay);
            assert.strictEqual(s.flags[0], `--shutdown-delay-duration=${delay}s`);
            assert.strictEqual(s.terminationGracePeriodSeconds, delay + 60 + 10);
        });
    }

    it("says when a TCP check cannot see the shutdown", () => {
        for (const cloud of Object.keys(CLOUDS)) {
            assert.strictEqual(
                shutdownOf(cloud, { healthCheck: { protocol: "TCP" } }).healthCheckSeesShutdown,
                false,
            );
            assert.strictEqual(shutdownOf(cloud, {}).healthCheckSeesShutdown, true);
        }
    });

    it("refuses a check so slow that the apiserver could not stop within kubeadm upgrade's 5 minutes", () => {
        for (const cloud of Object.keys(CLOUDS)) {
            const { problems } = CLOUDS[cloud]({
                healthCheck: { intervalSeconds: 60, unhealthyThreshold: 4 },
            });
            const problem = problems.find(
                (p) => p.path === "apiserver.healthCheck.intervalSeconds",
            );
            assert.ok(problem, `${cloud}: ${JSON.stringify(problems)}`);
            assert.match(problem.message, /longer than the 300s kubeadm upgrade waits for it/);
            assert.match(problem.fix, /apiserver\.drainSeconds/);
        }
    });

    it("refuses a drain outside 0-3600 seconds", () => {
        const { problems } = CLOUDS.gcp({ drainSeconds: 3601 });
        assert.deepStrictEqual(
            problems.map((p) => [p.path, p.message]),
            [["apiserver.drainSeconds", "3601 is not a drain time (0-3600 seconds)"]],
        );
    });
});
