// npm run plan (hacluster-plan): the root Pulumi.yaml rendered offline under the mock
// runtime, its committed snapshot, stable JSON, Mermaid that Mermaid parses, and invalid
// input failing as a preview does.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import {
    DEMO,
    diagramsOf,
    PLAN_DOC,
    planDemo,
    ROOT,
    SNAPSHOT,
    snapshotOf,
    withDiagrams,
} from "../../provider/scripts/docs";
import { loadSchema } from "../../provider/src/schema";
import { plan } from "../../provider/src/plan/command";
import { renderMermaid } from "../../provider/src/plan/mermaid";
import { ClusterRun } from "../../provider/src/plan/run";
import { plainPaint, renderText } from "../../provider/src/plan/text";
import { viewOf } from "../../provider/src/plan/view";

const INVALID = path.join(__dirname, "fixtures", "invalid.yaml");
const ADDRESSES = path.join(__dirname, "fixtures", "addresses.yaml");

/**
 * hacluster-plan in-process, its output collected (the executable: packaging/planLoading).
 * FORCE_COLOR makes node's styleText paint whenever asked, so only the command's own choice
 * (the sink's isTTY, NO_COLOR) decides whether the output has colour.
 */
async function cli(args: string[], env: NodeJS.ProcessEnv = {}, isTTY = false) {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const sink = (into: string[]) => ({ write: (text: string) => into.push(text), isTTY });
    const forced = process.env.FORCE_COLOR;
    process.env.FORCE_COLOR = "1";
    try {
        const status = await plan(args, {
            stdout: sink(stdout),
            stderr: sink(stderr),
            env: { ...process.env, ...env },
        });
        return { status, stdout: stdout.join(""), stderr: stderr.join("") };
    } finally {
        if (forced === undefined) delete process.env.FORCE_COLOR;
        else process.env.FORCE_COLOR = forced;
    }
}

function parseMermaid(diagrams: string[]): { ok: boolean; diagramType?: string; error?: string }[] {
    const out = execFileSync(
        process.execPath,
        [path.join(__dirname, "..", "support", "mermaid-parse.mjs")],
        { input: JSON.stringify(diagrams), encoding: "utf8" },
    );
    return JSON.parse(out);
}

const blocks = (markdown: string) =>
    [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);

describe("npm run plan", () => {
    let runs: ClusterRun[];
    before(async () => {
        runs = await planDemo();
    });

    it("plans the three demo clusters of the root Pulumi.yaml", () => {
        assert.deepStrictEqual(
            runs.map((r) => [r.declaration.name, r.declaration.type, r.invalid]),
            [
                ["aws", "hacluster:index:AwsHaCluster", undefined],
                ["azure", "hacluster:index:AzureHaCluster", undefined],
                ["gcp", "hacluster:index:GcpHaCluster", undefined],
            ],
        );
    });

    it("is a Pulumi YAML program for `pulumi preview`: schema inputs only, required ones set, outputs that exist", () => {
        const program = parse(fs.readFileSync(DEMO, "utf8"));
        const schema = loadSchema();
        assert.strictEqual(program.runtime, "yaml");
        assert.ok(
            fs.existsSync(path.join(ROOT, program.plugins.providers[0].path)),
            "the provider launcher the program names",
        );
        for (const [name, resource] of Object.entries<{
            type: string;
            properties: Record<string, unknown>;
        }>(program.resources)) {
            const spec = schema.resources[resource.type];
            assert.ok(spec, `${name}: ${resource.type} is a hacluster component`);
            assert.deepStrictEqual(
                Object.keys(resource.properties).filter((k) => !(k in spec.inputProperties!)),
                [],
                `${name}: schema inputs only`,
            );
            for (const required of spec.requiredInputs ?? [])
                assert.ok(required in resource.properties, `${name}: ${required} is set`);
        }
        for (const output of Object.values<string>(program.outputs)) {
            const [, resource, property] = /^\$\{(\w+)\.(\w+)\}$/.exec(output)!;
            assert.ok(
                property in schema.resources[program.resources[resource].type].properties!,
                `${output} is an output`,
            );
        }
    });

    it("shows each listener's port and target group, and Typhoon's counts beside ours", () => {
        const text = renderText(runs.map(viewOf), plainPaint);
        for (const port of [6443, 80, 443, 3333])
            assert.match(
                text,
                new RegExp(`aws:lb/listener:Listener  aws-\\S+\\n(│ .*\\n)*?│    port: ${port}\\n`),
            );
        assert.match(
            text,
            /aws:lb\/targetGroup:TargetGroup {2}aws-svc-some-app-tg\n(│ .*\n)*?│ {4}port: 30333\n/,
        );
        assert.match(text, /listeners\s+4\s+4\n/, "one listener per frontend, as Typhoon's nlb.tf");
        assert.match(
            text,
            /load-balancing rules\s+6\s+6\n/,
            "a rule per frontend and family, as Typhoon's lb.tf",
        );
    });

    it("shows outbound IPs, kept and pinned addresses beside the billable items", async () => {
        const result = await cli([ADDRESSES]);
        assert.strictEqual(result.status, 0, result.stderr);
        const lines = result.stdout.split("\n");
        // The first line naming the item after the cluster's header.
        const row = (cluster: string, item: string) => {
            const start = lines.findIndex((l) => l.startsWith(`${cluster}  hacluster:`));
            const line = lines.slice(start).find((l) => l.startsWith(`    ${item}  `))!;
            return Number(line.trim().split(/\s+/).pop());
        };
        // Azure: the inbound frontend and 2 outbound frontends, both on the user's IPs, none created.
        assert.strictEqual(row("azure", "outbound IPs (64,000 SNAT ports each)"), 3);
        assert.strictEqual(row("azure", "public IPs kept (the user's)"), 2);
        assert.strictEqual(row("azure", "public IPs"), 1);
        assert.strictEqual(row("aws", "Elastic IPs kept (the user's)"), 2);
        assert.strictEqual(row("aws", "Elastic IPs"), 0);
        assert.strictEqual(row("gcp", "pinned internal addresses"), 2);
        const json = JSON.parse((await cli([ADDRESSES, "--format", "json"])).stdout);
        assert.deepStrictEqual(
            json.clusters.map((c: { name: string; addresses: { count: number }[] }) => [
                c.name,
                c.addresses.map((a) => a.count),
            ]),
            [
                ["aws", [2, 0]],
                ["azure", [3, 2, 0]],
                ["gcp", [0, 2]],
            ],
        );
    });

    it("matches the committed snapshot (regenerate with `npm run docs`)", () => {
        assert.strictEqual(
            snapshotOf(runs),
            fs.readFileSync(SNAPSHOT, "utf8"),
            "the plan changed: run `npm run docs` and review the diff",
        );
    });

    it("renders byte-identical JSON on a second run", async () => {
        assert.strictEqual(snapshotOf(await planDemo()), snapshotOf(runs));
    });

    it("keeps the architecture diagrams of docs/plan.md current (regenerate with `npm run docs`)", () => {
        const doc = fs.readFileSync(PLAN_DOC, "utf8");
        assert.strictEqual(
            withDiagrams(doc, diagramsOf(runs)),
            doc,
            "the diagrams changed: run `npm run docs`",
        );
    });

    describe("Mermaid", () => {
        const MALFORMED = 'flowchart LR\n    a["x" --> b';
        let diagrams: string[];
        let parsed: ReturnType<typeof parseMermaid>;
        // One parser process (jsdom) for every diagram, the malformed one included.
        before(() => {
            diagrams = blocks(renderMermaid(runs));
            parsed = parseMermaid([...diagrams, MALFORMED]);
        });

        it("draws diagrams that Mermaid's own parser accepts, clients -> frontends -> targets -> nodes", () => {
            assert.strictEqual(diagrams.length, 3);
            assert.deepStrictEqual(
                parsed.slice(0, 3),
                [0, 1, 2].map(() => ({ ok: true, diagramType: "flowchart-v2" })),
            );
            assert.match(diagrams[0], /clients --> f\d+\n\s+f\d+ --> t\d+/);
            assert.match(
                diagrams[0],
                /\["target group demo-aws-svc-some-app-\w+<br\/>TCP 30333, check TCP 30333"\]/,
            );
            assert.match(
                diagrams[1],
                /\["10\.0\.1\.10"\]/,
                "Azure pool members are the controllers' addresses",
            );
            assert.match(
                diagrams[2],
                /\["demo-controller-0 \(demo-gcp-controllers-us-central1-a\)"\]/,
            );
        });

        it("has a parser that rejects a malformed diagram (the check can fail)", () => {
            assert.strictEqual(parsed.length, 4);
            assert.strictEqual(parsed[3].ok, false);
        });
    });

    it("fails on invalid input as a preview does: non-zero exit, every property path and fix", async () => {
        const result = await cli([INVALID, "--format", "json"]);
        assert.strictEqual(result.status, 1, result.stderr);
        for (const p of [
            "services[0].port",
            "preserveClientIp",
            "apiserver.healthCheck.timeoutSeconds",
            "apiserver.allowedCidrs[0]",
            "services[0].targetPort",
        ]) {
            assert.ok(result.stderr.includes(`  - ${p}: `), `stderr names ${p}:\n${result.stderr}`);
        }
        assert.strictEqual((result.stderr.match(/Fix: /g) ?? []).length, 5);
        const json = JSON.parse(result.stdout);
        assert.deepStrictEqual(
            json.clusters.map((c: { invalid: { path: string }[] }) =>
                c.invalid.map((e) => e.path).sort(),
            ),
            [
                ["preserveClientIp", "services[0].port"],
                ["apiserver.allowedCidrs[0]", "apiserver.healthCheck.timeoutSeconds"],
                ["services[0].targetPort"],
            ],
        );
    });

    it("treats ${...} references as preview unknowns, known config defaults as values, and writes no colour off a terminal", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hacluster-plan-"));
        const program = path.join(dir, "Pulumi.yaml");
        fs.writeFileSync(
            program,
            [
                "name: refs",
                "runtime: yaml",
                "config:",
                "  base: { type: string, default: refs }",
                "  vpc: { type: string }",
                "resources:",
                "  aws:",
                "    type: hacluster:index:AwsHaCluster",
                "    properties:",
                "      clusterName: ${base}-aws",
                "      vpcId: ${vpc}",
                "      subnetIds: [subnet-1]",
                "      controllers: { instanceIds: ['${controller.id}'] }",
                "",
            ].join("\n"),
        );
        const result = await cli([program]);
        assert.strictEqual(result.status, 0, result.stderr);
        assert.match(result.stdout, /name: refs-aws-nlb\n/);
        assert.match(result.stdout, /vpcId: \(unknown\)\n/);
        assert.ok(!result.stdout.includes("\x1b["), "no ANSI codes when stdout is not a terminal");
    });

    it("colours a terminal's text unless NO_COLOR is set", async () => {
        const onTerminal = await cli([ADDRESSES], { NO_COLOR: undefined }, true);
        assert.strictEqual(onTerminal.status, 0, onTerminal.stderr);
        assert.ok(onTerminal.stdout.includes("\x1b["), "ANSI codes on a terminal");
        const noColor = await cli([ADDRESSES], { NO_COLOR: "1" }, true);
        assert.strictEqual(noColor.status, 0, noColor.stderr);
        assert.ok(!noColor.stdout.includes("\x1b["), "no ANSI codes with NO_COLOR");
        assert.strictEqual(noColor.stdout, (await cli([ADDRESSES])).stdout);
    });

    it("exits 2 with usage on an unknown format", async () => {
        const result = await cli(["--format", "svg"]);
        assert.strictEqual(result.status, 2);
        assert.match(result.stderr, /Usage: hacluster-plan/);
    });

    it("exits 2 naming a --config value that is not key=value", async () => {
        const result = await cli(["--config", "clusterName"]);
        assert.strictEqual(result.status, 2);
        assert.strictEqual(
            result.stderr,
            "hacluster-plan: --config clusterName: expected key=value\n",
        );
        assert.strictEqual(result.stdout, "");
    });
});
