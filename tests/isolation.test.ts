// Constructing one cloud's component must not load the other clouds' SDKs (SPEC section 2).
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { ISOLATION_ARGS } from "./support/isolation-args";

describe("lazy loading of cloud SDKs", () => {
    for (const [cloud, { sdk }] of Object.entries(ISOLATION_ARGS)) {
        it(`importing the package loads no cloud SDK, and building ${cloud} loads only ${sdk}`, () => {
            const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "support", "isolation-child.ts"), cloud], {
                encoding: "utf8",
            });
            const { beforeConstruct, afterConstruct } = JSON.parse(out.trim().split("\n").pop()!);
            assert.deepStrictEqual(beforeConstruct, []);
            assert.deepStrictEqual(afterConstruct, [sdk]);
        });
    }
});
