// The package as a user gets it: what `npm pack` ships, and each example installed and built
// as a user would (npm install + tsc, pip install into a venv + py_compile, go build). The
// TypeScript examples install the packed tarball in a folder outside the checkout, so nothing
// resolves from the checkout's own node_modules (where every cloud SDK is a dev dependency);
// those folders persist between runs, and every install reuses the npm, pip and Go caches.
import { missingTools, pythonProblem, requireHere } from "../support/tools";
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const EXAMPLES = path.join(ROOT, "examples");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

function run(command: string, args: string[], cwd: string): string {
    const result = spawnSync(command, args, {
        cwd,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
    });
    assert.strictEqual(
        result.status,
        0,
        `${command} ${args.join(" ")} in ${path.relative(ROOT, cwd)} failed:\n${result.stdout}\n${result.stderr}`,
    );
    return result.stdout;
}

// Kept between runs (the examples' node_modules install faster), one per user: another user's
// copy in the shared temporary directory is not writable.
const WORK = path.join(os.tmpdir(), `hacluster-examples-${os.userInfo().username}`);

const TS_EXAMPLES = [
    { dir: "aws-ts", sdk: "aws", other: { component: "GcpHaCluster", sdk: "@pulumi/gcp" } },
    {
        dir: "azure-ts",
        sdk: "azure-native",
        other: { component: "AwsHaCluster", sdk: "@pulumi/aws" },
    },
    {
        dir: "gcp-ts",
        sdk: "gcp",
        other: { component: "AzureHaCluster", sdk: "@pulumi/azure-native" },
    },
];

describe("the package as a user gets it", () => {
    let tarball: string;
    let files: string[];

    before(() => {
        // Scripts run as for a publish: prepack builds bin/.
        fs.mkdirSync(WORK, { recursive: true });
        const [pack] = JSON.parse(
            run(NPM, ["pack", "--json", "--pack-destination", WORK], ROOT).replace(/^[^[]*/, ""),
        );
        tarball = path.join(WORK, pack.filename);
        files = pack.files.map((f: { path: string }) => f.path).sort();
    });

    describe("npm pack", () => {
        it("ships the compiled code, its declarations, schema.yaml, the demo, README and LICENSE", () => {
            for (const f of [
                "bin/index.js",
                "bin/index.d.ts",
                "bin/plan/cli.js",
                "bin/provider/main.js",
                "bin/aws/awsHaCluster.js",
                "schema.yaml",
                "Pulumi.yaml",
                "README.md",
                "LICENSE",
                "package.json",
            ]) {
                assert.ok(files.includes(f), `${f} is in the package`);
            }
        });

        it("ships no tests, no TypeScript sources and no source maps without their sources", () => {
            assert.deepStrictEqual(
                files.filter(
                    (f) =>
                        f.startsWith("tests/") || f.startsWith("examples/") || f.startsWith("sdk/"),
                ),
                [],
            );
            assert.deepStrictEqual(
                files.filter(
                    (f) => (f.endsWith(".ts") && !f.endsWith(".d.ts")) || f.endsWith(".map"),
                ),
                [],
            );
        });

        it("names its command and keeps the cloud SDKs optional", () => {
            const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
            assert.deepStrictEqual(pkg.bin, { "hacluster-plan": "bin/plan/cli.js" });
            assert.ok(
                fs
                    .readFileSync(path.join(ROOT, "bin", "plan", "cli.js"), "utf8")
                    .startsWith("#!/usr/bin/env node\n"),
            );
            for (const sdk of ["@pulumi/aws", "@pulumi/azure-native", "@pulumi/gcp"]) {
                assert.deepStrictEqual(pkg.peerDependenciesMeta[sdk], { optional: true });
                assert.strictEqual(pkg.dependencies[sdk], undefined);
                assert.strictEqual(
                    `^${pkg.devDependencies[sdk]}`,
                    pkg.peerDependencies[sdk],
                    "tests run on the lowest version a user may have",
                );
            }
        });
    });

    describe("examples, installed and built as a user would", () => {
        for (const ex of TS_EXAMPLES) {
            describe(`examples/${ex.dir}`, () => {
                const cwd = path.join(WORK, ex.dir);
                before(() => {
                    fs.mkdirSync(cwd, { recursive: true });
                    for (const f of ["package.json", "tsconfig.json", "index.ts", "Pulumi.yaml"])
                        fs.copyFileSync(path.join(EXAMPLES, ex.dir, f), path.join(cwd, f));
                    // A previous run's copy of the package goes, so that this build is the one installed.
                    fs.rmSync(path.join(cwd, "node_modules", "pulumi-hacluster"), {
                        recursive: true,
                        force: true,
                    });
                    run(
                        NPM,
                        ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball],
                        cwd,
                    );
                });

                it(`installs only @pulumi/${ex.sdk} of the cloud SDKs`, () => {
                    const scoped = fs.readdirSync(path.join(cwd, "node_modules", "@pulumi")).sort();
                    assert.deepStrictEqual(scoped, [ex.sdk, "pulumi"].sort());
                    assert.ok(
                        fs.existsSync(
                            path.join(cwd, "node_modules", "pulumi-hacluster", "bin", "index.js"),
                        ),
                        "a copy of the package, built",
                    );
                });

                it("builds with tsc", () => {
                    fs.rmSync(path.join(cwd, "bin"), { recursive: true, force: true });
                    run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "."], cwd);
                    assert.ok(fs.existsSync(path.join(cwd, "bin", "index.js")));
                });

                it(`names the missing SDK when ${ex.other.component} is used without it`, () => {
                    const script = `try { require("pulumi-hacluster").${ex.other.component}; } catch (e) { console.log(e.message); }`;
                    const out = run(process.execPath, ["-e", script], cwd);
                    assert.match(
                        out,
                        new RegExp(
                            `^${ex.other.component} needs ${ex.other.sdk}, an optional peer dependency .* Fix: npm install ${ex.other.sdk}\\n$`,
                        ),
                    );
                });
            });
        }

        describe("hacluster-plan from the installed package", () => {
            const cwd = path.join(WORK, "aws-ts");
            const bin = path.join(cwd, "node_modules", ".bin", "hacluster-plan");

            it("plans an AWS program with only @pulumi/aws installed", () => {
                const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hacluster-aws-only-"));
                const program = path.join(dir, "Pulumi.yaml");
                const demo = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");
                fs.writeFileSync(program, demo.slice(0, demo.indexOf("  # Azure:")));
                const json = JSON.parse(
                    run(process.execPath, [bin, program, "--format", "json"], cwd),
                );
                assert.deepStrictEqual(
                    json.clusters.map((c: { name: string }) => c.name),
                    ["aws"],
                );
                assert.ok(
                    json.clusters[0].resources.some(
                        (r: { type: string }) => r.type === "aws:lb/loadBalancer:LoadBalancer",
                    ),
                );
            });

            it("stops at a cloud whose SDK is missing, naming the package to install", () => {
                const result = spawnSync(
                    process.execPath,
                    [bin, path.join(cwd, "node_modules", "pulumi-hacluster", "Pulumi.yaml")],
                    { cwd, encoding: "utf8" },
                );
                assert.strictEqual(result.status, 2);
                assert.match(
                    result.stderr,
                    /AzureHaCluster needs @pulumi\/azure-native.*Fix: npm install @pulumi\/azure-native/,
                );
            });
        });

        describe("examples/aws-py", () => {
            const cwd = path.join(EXAMPLES, "aws-py");
            const python = path.join(cwd, "venv", "bin", "python");
            before(function () {
                requireHere(
                    this,
                    "the Python example",
                    pythonProblem(),
                    "install Python 3 with venv, as CI does",
                );
            });

            it("installs its requirements, with the SDK from this checkout, into the venv Pulumi.yaml names", () => {
                if (!fs.existsSync(python)) run("python3", ["-m", "venv", "venv"], cwd);
                run(
                    python,
                    [
                        "-m",
                        "pip",
                        "install",
                        "--quiet",
                        "--disable-pip-version-check",
                        "-r",
                        "requirements.txt",
                    ],
                    cwd,
                );
                const where = run(
                    python,
                    [
                        "-c",
                        "import pulumi_hacluster; print(pulumi_hacluster.AwsHaCluster.__module__)",
                    ],
                    cwd,
                );
                assert.strictEqual(where.trim(), "pulumi_hacluster.aws_ha_cluster");
            });

            it("compiles", () => {
                run(python, ["-m", "py_compile", "__main__.py"], cwd);
            });
        });

        describe("examples/gcp-go", () => {
            before(function () {
                requireHere(
                    this,
                    "the Go example",
                    missingTools(["go"]).length > 0 ? "it needs Go" : undefined,
                    "install Go, as CI does",
                );
            });

            it("builds against the SDK in this checkout (go.mod replace)", () => {
                const cwd = path.join(EXAMPLES, "gcp-go");
                assert.match(
                    fs.readFileSync(path.join(cwd, "go.mod"), "utf8"),
                    /^replace github\.com\/hacluster\/pulumi-hacluster\/sdk => \.\.\/\.\.\/sdk$/m,
                );
                run("go", ["build", "-o", os.devNull, "."], cwd);
            });
        });
    });
});
