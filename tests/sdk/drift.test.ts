// The committed SDKs must be exactly what Pulumi's codegen makes of schema.yaml: regenerate
// into a temporary folder and compare with every file git tracks under sdk/python and sdk/go.
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

describe("generated SDKs", () => {
    before(function () {
        requireHere(this, "the SDK drift check", missingTools(["go"]).length > 0 ? "it needs Go (Pulumi's codegen builds from the Go module proxy)" : undefined, "install Go, as CI does");
    });

    it("sdk/python and sdk/go are byte-identical to a fresh generation (run `npm run gen:sdk` after editing the schema)", function () {
        this.timeout(20 * 60 * 1000);
        const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "hacluster-sdk-"));
        try {
            execFileSync("bash", [path.join(ROOT, "provider", "scripts", "gen-sdk.sh"), fresh], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
            for (const lang of ["python", "go"]) {
                const tracked = execFileSync("git", ["ls-files", "--", `sdk/${lang}`], { cwd: ROOT, encoding: "utf8" })
                    .split("\n")
                    .filter(Boolean)
                    .map((f) => path.relative(`sdk/${lang}`, f))
                    .sort();
                const generated = filesUnder(path.join(fresh, lang));
                assert.deepStrictEqual(tracked, generated, `sdk/${lang}: committed files differ from the generated ones`);
                for (const file of generated) {
                    const committed = fs.readFileSync(path.join(ROOT, "sdk", lang, file), "utf8");
                    assert.strictEqual(committed, fs.readFileSync(path.join(fresh, lang, file), "utf8"), `sdk/${lang}/${file} differs`);
                }
            }
        } finally {
            fs.rmSync(fresh, { recursive: true, force: true });
        }
    });
});
