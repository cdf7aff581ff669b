// The bench's side of the real-engine harness (tests/e2e/engine.ts): stacks of inline
// TypeScript programs on the Pulumi CLI built by tests/e2e/tools/build.sh, against the fake
// clouds, timed around one engine operation (preview or up) and nothing else.
import * as auto from "@pulumi/pulumi/automation";
import * as pulumi from "@pulumi/pulumi";
import { performance } from "perf_hooks";
import { CLI_ROOT, Engine } from "../e2e/engine";

export { ROOT } from "../e2e/engine";
import { build, Registered } from "../support/harness";

export type Cloud = "aws" | "azure" | "gcp";

/** Each cloud's provider configuration, and the package prefix of its resource types. */
const CLOUD: Record<Cloud, { config: Record<string, string>; prefix: string; sdk: string }> = {
    aws: { config: { "aws:region": "us-east-1" }, prefix: "aws:", sdk: "@pulumi/aws" },
    azure: {
        config: { "azure-native:location": "westeurope" },
        prefix: "azure-native:",
        sdk: "@pulumi/azure-native",
    },
    gcp: { config: { "gcp:project": "demo-project" }, prefix: "gcp:", sdk: "@pulumi/gcp" },
};

export interface EngineFigure {
    figure: string;
    value: number;
    unit: "x" | "ms" | "count";
    target?: string;
    detail: string;
}

export class BenchEngine {
    private readonly engine = new Engine();
    private cli?: auto.PulumiCommand;

    async start(): Promise<void> {
        await this.engine.start();
        this.cli = await auto.PulumiCommand.get({ root: CLI_ROOT });
    }

    stop(): void {
        this.engine.stop();
    }

    /** A stack of the inline `program`, configured for `clouds`, the CLI run with `env` on top of the engine's. */
    async stack(
        name: string,
        clouds: Cloud | Cloud[],
        program: () => void,
        env: Record<string, string> = {},
    ): Promise<auto.Stack> {
        const stack = await auto.LocalWorkspace.createOrSelectStack(
            { stackName: name, projectName: "bench", program: async () => (program(), {}) },
            {
                envVars: { ...this.engine.env, ...env },
                pulumiCommand: this.cli,
                projectSettings: { name: "bench", runtime: "nodejs" },
            },
        );
        return configured(stack, clouds);
    }

    /**
     * A stack of the program in `dir` (a Pulumi.yaml), configured for `clouds`, its plugins
     * started with `env` on top of the engine's (NODE_OPTIONS reaches our Node provider).
     */
    async directoryStack(
        name: string,
        dir: string,
        clouds: Cloud[],
        env: Record<string, string>,
    ): Promise<auto.Stack> {
        const stack = await auto.LocalWorkspace.createOrSelectStack(
            { stackName: name, workDir: dir },
            { envVars: { ...this.engine.env, ...env }, pulumiCommand: this.cli },
        );
        return configured(stack, clouds);
    }

    /** A scratch folder that lives as long as the engine. */
    get home(): string {
        return this.engine.home;
    }
}

async function configured(stack: auto.Stack, clouds: Cloud | Cloud[]): Promise<auto.Stack> {
    const config = [clouds].flat().flatMap((c) => Object.entries(CLOUD[c].config));
    await stack.setAllConfig(Object.fromEntries(config.map(([k, v]) => [k, { value: v }])));
    return stack;
}

/** Enough parallel operations that only dependencies order the creates (the CLI's default is 4 per core). */
export const PARALLEL = 1000;

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Medians of measurements (each returning milliseconds) taken in turn, so that a busy moment of the machine weighs on each alike. */
export async function inTurnOf(
    runs: number,
    ...measures: (() => Promise<number>)[]
): Promise<number[]> {
    const times = measures.map((): number[] => []);
    for (let i = 0; i < runs; i++)
        for (const [k, measure] of measures.entries()) times[k].push(await measure());
    return times.map(median);
}

/**
 * Milliseconds of the CLI command that one Automation API operation runs, to the CLI's exit.
 * After `pulumi up` the Automation API runs two more commands (`stack output` and `stack
 * history`, in stack.js) that a user's `pulumi up` does not: they are left out.
 */
export async function commandTime(
    stack: auto.Stack,
    operation: (stack: auto.Stack) => Promise<unknown>,
): Promise<number> {
    const target = stack as unknown as { runPulumiCmd(...args: unknown[]): Promise<unknown> };
    const run = target.runPulumiCmd;
    let end: number | undefined;
    target.runPulumiCmd = async function (...args: unknown[]) {
        try {
            return await run.apply(this, args);
        } finally {
            end ??= performance.now();
        }
    };
    const start = performance.now();
    try {
        await operation(stack);
    } finally {
        delete (target as Partial<typeof target>).runPulumiCmd;
    }
    return end! - start;
}

/** The cloud resources a component registers, as the mock runtime records them. */
export async function registrations(cloud: Cloud, program: () => unknown): Promise<Registered[]> {
    const { recorder } = await build(program);
    const found = recorder.resources.filter((r) => r.type.startsWith(CLOUD[cloud].prefix));
    if (!found.length)
        throw new Error(`the ${cloud} component registered no ${CLOUD[cloud].prefix} resources`);
    return found;
}

/** The cloud resources of a program building several clouds' components, per cloud. */
export async function registrationsByCloud(
    program: () => unknown,
): Promise<Record<Cloud, Registered[]>> {
    const { recorder } = await build(program);
    const of = (c: Cloud) => recorder.resources.filter((r) => r.type.startsWith(CLOUD[c].prefix));
    return { aws: of("aws"), azure: of("azure"), gcp: of("gcp") };
}

/**
 * The same resources as a user would declare them without the component: the SDK class of each
 * type (`gcp:compute/forwardingRule:ForwardingRule` is `ForwardingRule` of `@pulumi/gcp/compute`,
 * `azure-native:network:LoadBalancer` is `LoadBalancer` of `@pulumi/azure-native/network`) with
 * the inputs the component gave it, without a parent.
 */
export function declareDirectly(cloud: Cloud, resources: Registered[]): void {
    for (const r of resources) {
        const [, module, className] = /^[^:]+:([^/:]+)(?:\/[^:]+)?:(\w+)$/.exec(r.type)!;
        const Class: new (name: string, args: unknown) => pulumi.CustomResource = require(
            `${CLOUD[cloud].sdk}/${module}`,
        )[className];
        new Class(r.name, r.inputs);
    }
}
