// hacluster-plan runs on every push in a pull-request check: it loads what an offline plan
// runs, not @pulumi/pulumi's function serializer, whose npm tooling (@npmcli/arborist,
// pacote, sigstore...) is most of the modules `require("@pulumi/pulumi")` loads. The one test
// that runs the executable itself (exit status, output); tests/plan calls its command in-process.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(ROOT, "provider", "src", "plan", "cli.ts");

describe("hacluster-plan module loading", () => {
    it("plans the demo clusters without loading the closure serializer's npm tooling", () => {
        const record = path.join(
            fs.mkdtempSync(path.join(os.tmpdir(), "plan-loading-")),
            "modules.json",
        );
        const preload = path.join(__dirname, "loadedModules.js");
        const result = spawnSync(
            process.execPath,
            ["-r", preload, "-r", "ts-node/register/transpile-only", CLI, "--format", "json"],
            {
                cwd: ROOT,
                encoding: "utf8",
                env: { ...process.env, HACLUSTER_LOADED_MODULES: record },
            },
        );
        assert.strictEqual(result.status, 0, result.stderr);
        const planned = JSON.parse(result.stdout).clusters.map(
            (c: { name: string; resources: unknown[] }) => [c.name, c.resources.length > 0],
        );
        assert.deepStrictEqual(planned, [
            ["aws", true],
            ["azure", true],
            ["gcp", true],
        ]);
        const loaded: string[] = JSON.parse(fs.readFileSync(record, "utf8"));
        const packageOf = (file: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
        const packages = new Set(loaded.map(packageOf));
        for (const tooling of ["@npmcli/arborist", "pacote", "normalize-package-data", "sigstore"])
            assert.ok(!packages.has(tooling), `loaded ${tooling}`);
    });

    it("shares the program's @pulumi/pulumi: a range from the tested version, not an exact pin", () => {
        // The cloud SDKs ask for @pulumi/pulumi ^3.142.0, so a fresh `npm install pulumi-hacluster
        // @pulumi/aws` takes the newest 3.x for them; an exact pin here nests a second copy under
        // the package, and the plan loads both (measured: 2.3x the time of loading one).
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
        const tested = lock.packages["node_modules/@pulumi/pulumi"].version;
        assert.strictEqual(pkg.dependencies["@pulumi/pulumi"], `^${tested}`);
        assert.strictEqual(lock.packages[""].dependencies["@pulumi/pulumi"], `^${tested}`);
    });
});
