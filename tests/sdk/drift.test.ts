// What derives from schema.yaml must be exactly what its generator makes of it: regenerate into
// a temporary folder and compare with every file git tracks. The SDKs come from Pulumi's codegen
// (sdk/python, sdk/go), the API reference from Pulumi's docs generator (docs/api).
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { missingTools, requireHere } from "../support/tools";

const ROOT = path.resolve(__dirname, "..", "..");

function filesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
        .sort();
}

/** Runs `script` into a fresh folder; each of `folders` (committed, generated) must match. */
function assertFresh(script: string, folders: { committed: string; generated: string }[]): string[][] {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "hacluster-gen-"));
    try {
        execFileSync("bash", [path.join(ROOT, "provider", "scripts", script), fresh], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
        return folders.map(({ committed, generated }) => {
            const tracked = execFileSync("git", ["ls-files", "--", committed], { cwd: ROOT, encoding: "utf8" })
                .split("\n")
                .filter(Boolean)
                .map((f) => path.relative(committed, f))
                .sort();
            const files = filesUnder(path.join(fresh, generated));
            assert.deepStrictEqual(tracked, files, `${committed}: committed files differ from the generated ones`);
            for (const file of files) {
                const text = fs.readFileSync(path.join(ROOT, committed, file), "utf8");
                assert.strictEqual(text, fs.readFileSync(path.join(fresh, generated, file), "utf8"), `${committed}/${file} differs`);
            }
            return files;
        });
    } finally {
        fs.rmSync(fresh, { recursive: true, force: true });
    }
}

describe("generated from the schema", function () {
    this.timeout(20 * 60 * 1000);
    before(function () {
        const why = missingTools(["go"]).length > 0 ? "it needs Go (Pulumi's generators build from the Go module proxy)" : undefined;
        requireHere(this, "the drift check of the SDKs and the API reference", why, "install Go, as CI does");
    });

    it("sdk/python and sdk/go are byte-identical to a fresh generation (run `npm run gen:sdk` after editing the schema)", () => {
        assertFresh("gen-sdk.sh", ["python", "go"].map((lang) => ({ committed: `sdk/${lang}`, generated: lang })));
    });

    it("docs/api is byte-identical to a fresh generation (run `npm run gen:docs` after editing the schema)", () => {
        const [files] = assertFresh("gen-docs.sh", [{ committed: "docs/api", generated: "." }]);
        // One page per component, as the Registry lays a package out.
        for (const page of ["_index.md", "awshacluster/_index.md", "azurehacluster/_index.md", "gcphacluster/_index.md"]) {
            assert.ok(files.includes(page), `docs/api/${page}`);
        }
    });
});
