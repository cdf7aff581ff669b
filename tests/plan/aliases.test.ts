// The plan computes no aliases: it shows none, and every azure-native resource class carries
// one per past API version, each of which the SDK would turn into a URN through outputs
// (docs/performance.md, "Plan view").
import * as assert from "assert";
import { DEMO } from "../../provider/scripts/docs";
import { readProgram } from "../../provider/src/plan/program";
import { runCluster } from "../../provider/src/plan/run";
import { spyOnRegistrations } from "../support/harness";

describe("hacluster-plan: aliases", () => {
    it("registers every resource of the demo's clusters without aliases", async () => {
        const aliased: string[] = [];
        let seen = 0;
        await spyOnRegistrations(
            (req) => {
                seen++;
                const count = req.getAliasesList().length;
                if (count) aliased.push(`${req.getType()} ${req.getName()}: ${count}`);
            },
            async () => {
                for (const declaration of readProgram(DEMO).clusters) await runCluster(declaration);
            },
        );
        // The demo's three clusters: the components and their resources.
        assert.ok(seen > 60, `only ${seen} registrations`);
        assert.deepStrictEqual(aliased, []);
    });
});
