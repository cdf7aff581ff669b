// What a newcomer reads first must work: every YAML program in README.md and docs/_index.md is
// planned (the components run under mocks, as `npm run plan` and a preview run them) with the
// inputs a user sets by `pulumi config set`, and every relative link in the docs resolves.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { readProgram } from "../../provider/src/plan/program";
import { runCluster } from "../../provider/src/plan/run";

const ROOT = path.resolve(__dirname, "..", "..");
const README = path.join(ROOT, "README.md");
const OVERVIEW = path.join(ROOT, "docs", "_index.md");

const yamlPrograms = (file: string): string[] =>
    [...fs.readFileSync(file, "utf8").matchAll(/```yaml\n([\s\S]*?)```/g)]
        .map((m) => m[1])
        .filter((b) => /^runtime: yaml$/m.test(b));

/** What `pulumi config set` would give each String key without a default (others stay unknown). */
const CONFIG: Record<string, string> = {
    vpcId: "vpc-0123456789abcdef0",
    resourceGroupName: "k8s",
    virtualNetworkId:
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/k8s/providers/Microsoft.Network/virtualNetworks/k8s",
    project: "my-project",
};

/** Markdown files of the docs written by hand (docs/api is generated). */
const handWritten = (): string[] => [
    README,
    path.join(ROOT, "DEVELOPMENT.md"),
    ...fs
        .readdirSync(path.join(ROOT, "docs"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => path.join(ROOT, "docs", f)),
];

describe("the documentation a newcomer reads", () => {
    it("keeps README.md short, with the two commands", () => {
        const readme = fs.readFileSync(README, "utf8");
        assert.ok(readme.split("\n").length <= 220, `${readme.split("\n").length} lines`);
        assert.match(readme, /npm install && npm run plan/);
        assert.match(readme, /npm test/);
    });

    it("shows a YAML program for each cloud in the README, and one in the overview", () => {
        const types = yamlPrograms(README)
            .map((b) => parse(b).resources.cluster.type)
            .sort();
        assert.deepStrictEqual(types, [
            "hacluster:index:AwsHaCluster",
            "hacluster:index:AzureHaCluster",
            "hacluster:index:GcpHaCluster",
        ]);
        assert.strictEqual(yamlPrograms(OVERVIEW).length, 1);
    });

    for (const [doc, file] of [
        ["README.md", README],
        ["docs/_index.md", OVERVIEW],
    ] as const) {
        it(`${doc}: each YAML program declares its inputs under configuration: and builds its cluster`, async function () {
            this.timeout(120_000);
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hacluster-docs-"));
            try {
                for (const [i, program] of yamlPrograms(file).entries()) {
                    const doc = parse(program);
                    // The pinned YAML host finds no values for a project-level config: block.
                    assert.strictEqual(
                        doc.config,
                        undefined,
                        "config: is not read by the pinned YAML host",
                    );
                    assert.ok(doc.configuration, "inputs under configuration:");
                    const programFile = path.join(dir, `Pulumi-${i}.yaml`);
                    fs.writeFileSync(programFile, program);
                    const given = Object.fromEntries(
                        Object.keys(doc.configuration)
                            .filter((k) => k in CONFIG)
                            .map((k) => [k, CONFIG[k]]),
                    );
                    const [cluster] = readProgram(programFile, given).clusters;
                    const run = await runCluster(cluster);
                    assert.strictEqual(run.invalid, undefined, run.invalid?.message);
                    const types = new Set(run.resources.map((r) => r.type));
                    const loadBalancer = {
                        "hacluster:index:AwsHaCluster": "aws:lb/loadBalancer:LoadBalancer",
                        "hacluster:index:AzureHaCluster": "azure-native:network:LoadBalancer",
                        "hacluster:index:GcpHaCluster": "gcp:compute/forwardingRule:ForwardingRule",
                    }[cluster.type]!;
                    assert.ok(
                        types.has(loadBalancer),
                        `${cluster.type} builds ${loadBalancer}: ${[...types].join(", ")}`,
                    );
                }
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    }

    it("describes the package in the same words on npm, PyPI and in the Go package", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        const schema = parse(fs.readFileSync(path.join(ROOT, "schema.yaml"), "utf8"));
        const pyproject = fs.readFileSync(
            path.join(ROOT, "sdk", "python", "pyproject.toml"),
            "utf8",
        );
        const goDoc = fs.readFileSync(path.join(ROOT, "sdk", "go", "hacluster", "doc.go"), "utf8");
        assert.match(
            pkg.description,
            /^Kubernetes control-plane and ingress load balancers for AWS, Azure and Google Cloud/,
        );
        assert.strictEqual(schema.description, pkg.description);
        assert.deepStrictEqual(schema.keywords, pkg.keywords);
        assert.strictEqual(
            pyproject.match(/^ {2}description = (".*")$/m)?.[1],
            JSON.stringify(pkg.description),
        );
        assert.strictEqual(
            pyproject.match(/^ {2}keywords = (\[.*\])$/m)?.[1],
            JSON.stringify(pkg.keywords).replace(/","/g, '", "'),
        );
        assert.ok(goDoc.startsWith(`// ${pkg.description}\n`), goDoc.split("\n")[0]);
    });

    it("links only to files and headings that exist", () => {
        const broken: string[] = [];
        const anchor = (heading: string) =>
            heading
                .toLowerCase()
                .replace(/[^a-z0-9 _-]/g, "")
                .replace(/ /g, "-");
        for (const file of handWritten()) {
            const text = fs.readFileSync(file, "utf8");
            for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
                if (/^[a-z]+:/.test(target)) continue;
                const [rel, hash] = target.split("#");
                const dest = rel ? path.resolve(path.dirname(file), rel) : file;
                if (!fs.existsSync(dest)) {
                    broken.push(`${path.relative(ROOT, file)}: ${target}`);
                } else if (hash && dest.endsWith(".md")) {
                    const headings = [...fs.readFileSync(dest, "utf8").matchAll(/^#+ (.+)$/gm)].map(
                        (m) => anchor(m[1]),
                    );
                    if (!headings.includes(hash))
                        broken.push(`${path.relative(ROOT, file)}: ${target} (no such heading)`);
                }
            }
        }
        assert.deepStrictEqual(broken, []);
    });
});
