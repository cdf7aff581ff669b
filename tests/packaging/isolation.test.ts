// Constructing one cloud's component must not load the other clouds' SDKs: a user installs only the cloud SDK they use (docs/packaging.md).
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { COMPONENT_CASES } from "../support/componentCases";

describe("lazy loading of cloud SDKs", () => {
    for (const { cloud, sdk } of COMPONENT_CASES) {
        for (const via of ["package", "provider"]) {
            it(`building ${cloud} through the ${via} loads only ${sdk}, and nothing before`, () => {
                const child = path.join(__dirname, "..", "support", "isolation-child.ts");
                const out = execFileSync(
                    process.execPath,
                    ["-r", "ts-node/register/transpile-only", child, cloud, via],
                    { encoding: "utf8" },
                );
                const { beforeConstruct, afterConstruct } = JSON.parse(
                    out.trim().split("\n").pop()!,
                );
                assert.deepStrictEqual(beforeConstruct, []);
                assert.deepStrictEqual(afterConstruct, [sdk]);
            });
        }
    }
});
