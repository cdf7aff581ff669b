// Every test file belongs to a tier (DEVELOPMENT.md, "Test tiers"): a file that no tier's globs
// reach never runs, in CI or anywhere.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const json = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8"));
// The property laws run in both: 25 runs per law in the inner loop, 100 in integration.
const IN_TWO_TIERS = new Set(["tests/model/properties.test.ts"]);
const expand = (patterns: string[]) =>
    new Set(patterns.flatMap((p) => fs.globSync(p, { cwd: ROOT })));

/** The spec globs of each tier: test:unit's arguments, and the other tiers' mocharc files. */
function tiers(): Record<string, Set<string>> {
    const unit = String(json("package.json").scripts["test:unit"]);
    return {
        unit: expand([...unit.matchAll(/'([^']+)'/g)].map((m) => m[1])),
        integration: expand(json("tests/integration.mocharc.json").spec),
        lab: expand(json("tests/lab/.mocharc.json").spec),
        e2e: expand(json("tests/e2e/.mocharc.json").spec),
    };
}

describe("test tiers", () => {
    it("runs every test file in exactly one tier", () => {
        const byTier = tiers();
        const files = fs
            .globSync("tests/**/*.{test,lab,e2e}.ts", { cwd: ROOT })
            .filter((f) => !f.includes("node_modules"))
            .sort();
        assert.ok(files.length > 50, `found only ${files.length} test files`);
        const misplaced = files
            .map((f) => ({ f, in: Object.keys(byTier).filter((t) => byTier[t].has(f)) }))
            .filter((x) => x.in.length !== (IN_TWO_TIERS.has(x.f) ? 2 : 1))
            .map((x) => `${x.f}: ${x.in.length ? x.in.join(", ") : "no tier"}`);
        assert.deepStrictEqual(misplaced, []);
    });
});
