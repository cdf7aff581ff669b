// The committed API reference (docs/api/) must be exactly what Pulumi's docs generator makes of
// schema.yaml: regenerate into a temporary folder and compare with every file git tracks there.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

function filesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
        .sort();
}

describe("generated API reference", () => {
    it("docs/api is byte-identical to a fresh generation (run `npm run gen:docs` after editing the schema)", function () {
        this.timeout(20 * 60 * 1000);
        const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "hacluster-apidocs-"));
        try {
            const script = path.join(ROOT, "provider", "scripts", "gen-docs.sh");
            execFileSync("bash", [script, fresh], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
            const tracked = execFileSync("git", ["ls-files", "--", "docs/api"], { cwd: ROOT, encoding: "utf8" })
                .split("\n")
                .filter(Boolean)
                .map((f) => path.relative("docs/api", f))
                .sort();
            const generated = filesUnder(fresh);
            assert.deepStrictEqual(tracked, generated, "docs/api: committed files differ from the generated ones");
            for (const file of generated) {
                const committed = fs.readFileSync(path.join(ROOT, "docs", "api", file), "utf8");
                assert.strictEqual(committed, fs.readFileSync(path.join(fresh, file), "utf8"), `docs/api/${file} differs`);
            }
            // One page per component, as the Registry lays a package out.
            for (const page of ["_index.md", "awshacluster/_index.md", "azurehacluster/_index.md", "gcphacluster/_index.md"]) {
                assert.ok(generated.includes(page), `docs/api/${page}`);
            }
        } finally {
            fs.rmSync(fresh, { recursive: true, force: true });
        }
    });
});
