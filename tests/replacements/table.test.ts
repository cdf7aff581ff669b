// The fake clouds' replacement table (tests/e2e/replacements) must cover every resource type
// the components register and must have been generated for the provider versions the lock
// file pins; its customizeDiff entries must each have an evaluator in the fakes.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { customizeDiffs, replacedInputs } from "../e2e/cloudRules";
import { lockedVersions, Table } from "../e2e/replacements/generate";
import { registeredTypes } from "../e2e/replacements/registered";

const table = JSON.parse(
    fs.readFileSync(path.join(__dirname, "../e2e/replacements/table.json"), "utf8"),
) as Table;
const REGENERATE = "regenerate with tests/e2e/replacements/generate.ts";

describe("replacement table", () => {
    it("covers every resource type the components register", () => {
        const covered = new Set(table.entries.map((e) => e.type));
        assert.deepStrictEqual(
            registeredTypes().filter((t) => !covered.has(t)),
            [],
            REGENERATE,
        );
    });

    it("was generated for the provider versions the lock file pins", () => {
        assert.deepStrictEqual(table.generatedFor, lockedVersions(), REGENERATE);
    });

    it("names the source of every entry", () => {
        for (const e of table.entries) {
            assert.match(e.source.repository, /^(npm:@?)?[\w.-]+\/[\w.-]+$/, JSON.stringify(e));
            assert.ok(e.source.path && e.source.commit, JSON.stringify(e));
        }
    });

    it("has an evaluator for every customizeDiff function", () => {
        const missing = table.entries.filter(
            (e) => e.rule === "customizeDiff" && !customizeDiffs[e.function!],
        );
        assert.deepStrictEqual(
            missing.map((e) => `${e.type} ${e.function}`),
            [],
        );
    });

    describe("the NLB rule (customizeDiffLoadBalancerNLB)", () => {
        const nlb = "aws:lb/loadBalancer:LoadBalancer";
        const lb = (more: Record<string, unknown>) => ({ loadBalancerType: "network", ...more });
        it("replaces on a removed subnet, keeps an added one in place", () => {
            assert.deepStrictEqual(
                replacedInputs(nlb, lb({ subnets: ["a", "b"] }), lb({ subnets: ["a"] })),
                ["subnets"],
            );
            assert.deepStrictEqual(
                replacedInputs(nlb, lb({ subnets: ["a"] }), lb({ subnets: ["a", "b"] })),
                [],
            );
        });
        it("replaces when static addresses are turned on or off", () => {
            const mapped = lb({ subnetMappings: [{ subnetId: "a", allocationId: "eipalloc-1" }] });
            // subnets drop to none (a removal); the mappings only grow.
            assert.deepStrictEqual(replacedInputs(nlb, lb({ subnets: ["a"] }), mapped), [
                "subnets",
            ]);
            assert.deepStrictEqual(replacedInputs(nlb, mapped, lb({ subnets: ["a"] })), [
                "subnetMappings",
            ]);
        });
        it("keeps the name rule of the schema", () => {
            assert.deepStrictEqual(replacedInputs(nlb, lb({ name: "x" }), lb({ name: "y" })), [
                "name",
            ]);
            assert.deepStrictEqual(
                replacedInputs(nlb, lb({ tags: { a: "1" } }), lb({ tags: { a: "2" } })),
                [],
            );
        });
    });
});
