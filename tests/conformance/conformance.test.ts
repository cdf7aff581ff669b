// The conformance layer: every cluster the component suites build and 200 generated clusters
// per cloud, translated to each cloud's own request shapes and judged by validators that the
// clouds publish (cfn-lint; the Compute v1 discovery document; the azure-mgmt-network models)
// and by the documented rules those cannot express (rules/). Any violation fails; broken
// copies of real clusters (selfcheck.ts) show that each validator can fail.
import { pythonProblem, requireHere } from "../support/tools";
import * as assert from "assert";
import * as fs from "fs";
import {
    CLOUDS,
    GENERATED_PER_CLOUD,
    generatedScenarios,
    Scenario,
    suiteScenarios,
} from "./collect";
import { exampleScenarios } from "./examples";
import { judge } from "./judge";
import { SelfCheck, selfChecks } from "./selfcheck";
import { Violation } from "./violations";

const describeViolation = (v: Violation) =>
    `${v.scenario}\n    ${v.resource}: [${v.rule}] ${v.message}\n    source: ${v.source}`;

/** Counts per rule, for the summary printed with each run. */
function summary(violations: Violation[]): string {
    const counts = new Map<string, Set<string>>();
    for (const v of violations)
        counts.set(v.rule, (counts.get(v.rule) ?? new Set()).add(v.scenario));
    return [...counts]
        .map(
            ([rule, s]) =>
                `  ${rule}: ${violations.filter((v) => v.rule === rule).length} violations in ${s.size} scenarios`,
        )
        .join("\n");
}

describe("conformance: registrations judged by the clouds' published rules", function () {
    this.timeout(30 * 60_000);
    let scenarios: Scenario[] = [];
    let violations: Violation[] = [];
    let checks: SelfCheck[] = [];
    let caught: Violation[] = [];

    before(async function () {
        requireHere(
            this,
            "the conformance layer",
            pythonProblem(),
            "install Python 3 with venv (its validators come from PyPI), as CI does",
        );
        scenarios = [...suiteScenarios(), ...(await exampleScenarios())];
        for (const cloud of CLOUDS) scenarios.push(...(await generatedScenarios(cloud)));
        checks = selfChecks(scenarios);
        const all = judge([...scenarios, ...checks.map((c) => c.scenario)]);
        const isCheck = (v: Violation) => v.scenario.startsWith("selfcheck ");
        violations = all.filter((v) => !isCheck(v));
        caught = all.filter(isCheck);
        // HACLUSTER_CONFORMANCE_REPORT=<file> keeps every violation, for triage.
        if (process.env.HACLUSTER_CONFORMANCE_REPORT)
            fs.writeFileSync(
                process.env.HACLUSTER_CONFORMANCE_REPORT,
                JSON.stringify(violations, null, 1),
            );
        if (violations.length > 0)
            console.log(
                `conformance violations on ${scenarios.length} scenarios:\n${summary(violations)}`,
            );
    });

    it("judges the suites' clusters, the TypeScript examples and 200 generated clusters per cloud", () => {
        for (const cloud of CLOUDS) {
            const ofCloud = scenarios.filter((s) => s.cloud === cloud);
            assert.ok(
                ofCloud.filter((s) => s.id.startsWith("suite:")).length >= 10,
                `${cloud}: suite scenarios captured`,
            );
            assert.strictEqual(
                ofCloud.filter((s) => s.id.startsWith("example:")).length,
                1,
                `${cloud}: its TypeScript example`,
            );
            assert.strictEqual(
                ofCloud.filter((s) => s.id.startsWith("generated")).length,
                GENERATED_PER_CLOUD,
                `${cloud}: generated clusters`,
            );
        }
    });

    it("each validator reports the defects planted in broken copies of real clusters", () => {
        const missed = checks.flatMap((c) =>
            c.expect
                .filter(
                    (rule) => !caught.some((v) => v.scenario === c.scenario.id && v.rule === rule),
                )
                .map((rule) => `${c.scenario.id}: ${rule}`),
        );
        assert.deepStrictEqual(missed, []);
    });

    it("finds no violation", () => {
        assert.strictEqual(
            violations.length,
            0,
            `${violations.length} violations:\n${violations.slice(0, 50).map(describeViolation).join("\n")}`,
        );
    });
});
