// The real Pulumi engine around our provider, with the cloud providers replaced by fakes:
// the CLI and the YAML language host built by tests/e2e/tools/build.sh, a local file
// backend, and one FakeCloud per cloud attached through PULUMI_DEBUG_PROVIDERS. TypeScript,
// Python and Go programs run through each SDK's Automation API (inline programs), YAML
// programs through the CLI and the YAML host.
import "./resolveHacluster";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import * as auto from "@pulumi/pulumi/automation";
import { FakeCloud, urnParts } from "./fakeCloud";

const run = promisify(execFile);
export const ROOT = path.resolve(__dirname, "../..");
const CACHE = process.env.HACLUSTER_E2E_CACHE ?? path.join(os.homedir(), ".cache/hacluster-e2e");
export const CLI_ROOT = path.join(CACHE, "pulumi-v3.259.0");
const YAML_HOST = path.join(CACHE, "pulumi-yaml-v1.19.1/bin");
const PYTHON = path.join(ROOT, ".venv/bin/python");
const versionOf = (pkg: string): string => require(`${pkg}/package.json`).version;

/** One engine step, as the engine reports it (preview or update). */
export interface Step {
    op: auto.OpType;
    urn: string;
    type: string;
    name: string;
    diffs: string[];
    /** The parent's URN (the stack's for a top-level resource). */
    parent: string;
    /** False for components (and the stack): no cloud resource behind them. */
    custom: boolean;
    /** The inputs the program gave a component (what its provider's Construct receives). */
    inputs?: Record<string, unknown>;
}

export interface Result {
    steps: Step[];
    /** The stack's outputs after an `up`. */
    outputs: Record<string, unknown>;
    /** The warnings the run reported (engine diagnostics). */
    warnings?: string[];
    stdout: string;
}

/** What a driver (TS, Python, Go) needs to run one operation on one stack. */
export interface Job {
    op: "preview" | "up" | "destroy";
    stack: string;
    project: string;
    config: Record<string, string>;
    /** Previews print each resource's diff unless false (costly on large stacks). */
    diff?: boolean;
}

/** The changes of a run: steps that are not `same`, as `<op> <type>::<name>`. */
export const changes = (steps: Step[]): string[] =>
    steps
        .filter((s) => s.op !== "same")
        .map((s) => `${s.op} ${s.type}::${s.name}`)
        .sort();

/** One fake per cloud provider package, at the version of the SDK the programs use. */
export const fakeClouds = () => ({
    aws: new FakeCloud("aws", versionOf("@pulumi/aws")),
    "azure-native": new FakeCloud("azure-native", versionOf("@pulumi/azure-native")),
    gcp: new FakeCloud("gcp", versionOf("@pulumi/gcp")),
});

/** Where each fake cloud listens, by provider package. */
export type FakePorts = Record<keyof ReturnType<typeof fakeClouds>, number>;

/** The CLI's environment: a file backend under `home`, the fakes at `ports` in place of the clouds. */
export function engineEnv(home: string, ports: FakePorts): Record<string, string> {
    fs.mkdirSync(path.join(home, "state"));
    return {
        PULUMI_HOME: path.join(home, "home"),
        PULUMI_BACKEND_URL: `file://${path.join(home, "state")}`,
        PULUMI_CONFIG_PASSPHRASE: "e2e",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DEBUG_PROVIDERS: Object.entries(ports)
            .map(([name, port]) => `${name}:${port}`)
            .join(","),
        PATH: [path.join(CLI_ROOT, "bin"), YAML_HOST, process.env.PATH].join(path.delimiter),
        // A spy on what our provider's Construct receives.
        NODE_OPTIONS: `--require ${path.join(__dirname, "constructSpy.js")}`,
        HACLUSTER_E2E_CONSTRUCTS: path.join(home, "constructs.jsonl"),
    };
}

export class Engine {
    readonly clouds = fakeClouds();
    readonly home = fs.mkdtempSync(path.join(os.tmpdir(), "hacluster-e2e-"));
    env: Record<string, string> = {};
    private cli?: auto.PulumiCommand;

    async start(): Promise<void> {
        const [aws, azure, gcp] = await Promise.all(
            Object.values(this.clouds).map((c) => c.start()),
        );
        this.env = engineEnv(this.home, { aws, "azure-native": azure, gcp });
        this.cli = await auto.PulumiCommand.get({ root: CLI_ROOT });
    }

    stop(): void {
        Object.values(this.clouds).forEach((c) => c.stop());
        fs.rmSync(this.home, { recursive: true, force: true });
    }

    /** What every cloud holds for `stack`, as `<type>::<name>`. */
    cloudResources(stack: string): string[] {
        return Object.values(this.clouds)
            .flatMap((c) => c.stackResources(stack))
            .map((r) => `${r.type}::${urnParts(r.urn).name}`)
            .sort();
    }

    /** A TypeScript program run in this process through the Automation API. */
    async typescript(
        job: Job,
        program: () => Promise<Record<string, unknown> | void>,
    ): Promise<Result> {
        const stack = await auto.LocalWorkspace.createOrSelectStack(
            {
                stackName: job.stack,
                projectName: job.project,
                program: async () => (await program()) ?? {},
            },
            {
                envVars: this.env,
                pulumiCommand: this.cli,
                projectSettings: { name: job.project, runtime: "nodejs" },
            },
        );
        return this.operate(stack, job);
    }

    /** A stack made from an exported state, whose resources the fake clouds then hold. */
    async importState(
        job: Job,
        state: { deployment: { resources?: Parameters<FakeCloud["seed"]>[0] } },
    ): Promise<void> {
        const stack = await auto.LocalWorkspace.createOrSelectStack(
            { stackName: job.stack, projectName: job.project, program: async () => ({}) },
            {
                envVars: this.env,
                pulumiCommand: this.cli,
                projectSettings: { name: job.project, runtime: "nodejs" },
            },
        );
        await stack.importStack(state as auto.Deployment);
        Object.values(this.clouds).forEach((c) => c.seed(state.deployment.resources ?? []));
    }

    /** A program from a directory with its own Pulumi.yaml (YAML), through the CLI. */
    async directory(job: Job, dir: string): Promise<Result> {
        const stack = await auto.LocalWorkspace.createOrSelectStack(
            { stackName: job.stack, workDir: dir },
            { envVars: this.env, pulumiCommand: this.cli },
        );
        return this.operate(stack, job);
    }

    private async operate(stack: auto.Stack, job: Job): Promise<Result> {
        await stack.setAllConfig(
            Object.fromEntries(Object.entries(job.config).map(([k, v]) => [k, { value: v }])),
        );
        const steps: Step[] = [];
        const warnings: string[] = [];
        const onEvent = (e: auto.EngineEvent) => {
            if (e.diagnosticEvent?.severity === "warning") warnings.push(e.diagnosticEvent.message);
            const m = e.resourcePreEvent?.metadata;
            if (m)
                steps.push({
                    op: m.op,
                    urn: m.urn,
                    type: m.type,
                    name: urnParts(m.urn).name,
                    diffs: m.diffs ?? [],
                    parent: (m.new ?? m.old)?.parent ?? "",
                    custom: (m.new ?? m.old)?.custom ?? false,
                    inputs: m.new?.inputs,
                });
        };
        let stdout = "";
        const onOutput = (out: string) => (stdout += out);
        if (job.op === "preview") {
            const r = await stack.preview({ onEvent, onOutput, diff: job.diff ?? true });
            return { steps, outputs: {}, stdout: r.stdout, warnings };
        }
        if (job.op === "up") {
            const r = await stack.up({ onEvent, onOutput });
            return {
                steps,
                outputs: Object.fromEntries(
                    Object.entries(r.outputs).map(([k, v]) => [k, v.value]),
                ),
                stdout,
                warnings,
            };
        }
        await stack.destroy({ onEvent, onOutput });
        return { steps, outputs: {}, stdout };
    }

    /** A Python or Go program through that SDK's Automation API (tests/e2e/drivers). */
    async driver(
        language: "python" | "go",
        job: Job,
        program: string,
        project = fs.statSync(program).isDirectory() ? program : path.dirname(program),
    ): Promise<Result> {
        const out = path.join(this.home, `${job.stack}-${job.op}.json`);
        // The example's own Pulumi.yaml (its plugins section names our provider by path).
        const workDir = projectCopy(project, this.home);
        const request = JSON.stringify({
            ...job,
            program,
            workDir,
            cli: CLI_ROOT,
            out,
            env: this.env,
        });
        const [cmd, args, cwd] =
            language === "python"
                ? [PYTHON, [path.join(__dirname, "drivers/driver.py"), request], ROOT]
                : ["go", ["run", ".", request], path.join(__dirname, "drivers/go")];
        try {
            await run(cmd, args, {
                cwd,
                env: { ...process.env, ...this.env },
                maxBuffer: 64 << 20,
                timeout: 600_000,
            });
        } catch (e) {
            const { stdout, stderr } = e as { stdout?: string; stderr?: string };
            throw new Error(`${language} ${job.op} failed:\n${stdout}\n${stderr}`, { cause: e });
        }
        return JSON.parse(fs.readFileSync(out, "utf8"));
    }

    /** The CLI itself, with this engine's environment (and its experimental commands). */
    pulumi(
        args: string[],
        cwd: string,
        experimental = false,
    ): Promise<{ stdout: string; stderr: string }> {
        return run(path.join(CLI_ROOT, "bin/pulumi"), args, {
            cwd,
            env: {
                ...process.env,
                ...this.env,
                ...(experimental ? { PULUMI_EXPERIMENTAL: "1" } : {}),
            },
            maxBuffer: 64 << 20,
            timeout: 600_000,
        });
    }

    /** The resources a stack's state holds (the engine's view), without the stack and providers. */
    async stateTypes(project: string, stack: string, cwd: string): Promise<Record<string, number>> {
        const { stdout } = await this.pulumi(
            ["stack", "export", "--stack", `organization/${project}/${stack}`],
            cwd,
        );
        return typeCounts(JSON.parse(stdout).deployment.resources ?? []);
    }
}

/** The components the hacluster provider constructed in `stack`, by name, with their inputs (constructSpy.js). */
export function constructed(
    engine: Engine,
    stack: string,
): { component: string; name: string; inputs: Record<string, unknown> }[] {
    const file = engine.env.HACLUSTER_E2E_CONSTRUCTS;
    const lines = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim().split("\n") : [];
    const byName = new Map(
        lines
            .map((l) => JSON.parse(l))
            .filter((c) => c.stack === stack)
            .map((c) => [c.name, { component: c.type, name: c.name, inputs: c.inputs }]),
    );
    return [...byName.values()];
}

function typeCounts(resources: { type: string }[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { type } of resources) {
        if (type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:")) continue;
        counts[type] = (counts[type] ?? 0) + 1;
    }
    return counts;
}

/**
 * A program's Pulumi.yaml copied to a fresh folder under `scratch`, with relative plugin paths
 * made absolute, so that the engine's stack files do not land in the repository.
 */
export function projectCopy(
    dir: string,
    scratch: string,
    edit: (text: string) => string = (t) => t,
): string {
    const copy = fs.mkdtempSync(path.join(scratch, `${path.basename(dir)}-`));
    const text = fs
        .readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")
        .replace(/path: (\.\.?\/\S+)/g, (_, rel) => `path: ${path.resolve(dir, rel)}`);
    fs.writeFileSync(path.join(copy, "Pulumi.yaml"), edit(text));
    return copy;
}

/** The same program, or component, under the mock runtime (tests/e2e/mockRun.ts). */
export async function mockTypes(job: Record<string, unknown>): Promise<Record<string, number>> {
    const tsNode = path.join(ROOT, "node_modules/.bin/ts-node");
    const { stdout } = await run(
        tsNode,
        ["--transpile-only", path.join(__dirname, "mockRun.ts"), JSON.stringify(job)],
        { cwd: ROOT, maxBuffer: 16 << 20 },
    );
    return JSON.parse(stdout);
}

/** A fresh require of a TypeScript program file: its top level registers the resources. */
export function programOf(file: string): () => Promise<Record<string, unknown>> {
    return async () => {
        for (const key of Object.keys(require.cache))
            if (key.startsWith(path.dirname(file))) delete require.cache[key];
        return { ...require(file) };
    };
}
