// The bench's side of the real-engine harness (tests/e2e/engine.ts): stacks of inline
// TypeScript programs on the Pulumi CLI built by tests/e2e/tools/build.sh, against the fake
// clouds, timed around one engine operation (preview or up) and nothing else.
import * as auto from "@pulumi/pulumi/automation";
import * as pulumi from "@pulumi/pulumi";
import { performance } from "perf_hooks";
import { CLI_ROOT, Engine } from "../e2e/engine";
import { build, Registered } from "../support/harness";

export type Cloud = "aws" | "azure" | "gcp";

/** Each cloud's provider configuration, and the package prefix of its resource types. */
export const CLOUD: Record<Cloud, { config: Record<string, string>; prefix: string; sdk: string }> = {
    aws: { config: { "aws:region": "us-east-1" }, prefix: "aws:", sdk: "@pulumi/aws" },
    azure: { config: { "azure-native:location": "westeurope" }, prefix: "azure-native:", sdk: "@pulumi/azure-native" },
    gcp: { config: { "gcp:project": "demo-project" }, prefix: "gcp:", sdk: "@pulumi/gcp" },
};

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

    /** A stack of the inline `program`, configured for `cloud`. */
    async stack(name: string, cloud: Cloud, program: () => void): Promise<auto.Stack> {
        const stack = await auto.LocalWorkspace.createOrSelectStack(
            { stackName: name, projectName: "bench", program: async () => (program(), {}) },
            { envVars: this.engine.env, pulumiCommand: this.cli, projectSettings: { name: "bench", runtime: "nodejs" } },
        );
        await stack.setAllConfig(Object.fromEntries(Object.entries(CLOUD[cloud].config).map(([k, v]) => [k, { value: v }])));
        return stack;
    }
}

/** Milliseconds of one engine operation. */
export async function timeOf(operation: () => Promise<unknown>): Promise<number> {
    const start = performance.now();
    await operation();
    return performance.now() - start;
}

/** The cloud resources a component registers, as the mock runtime records them. */
export async function registrations(cloud: Cloud, program: () => unknown): Promise<Registered[]> {
    const { recorder } = await build(program);
    const found = recorder.resources.filter((r) => r.type.startsWith(CLOUD[cloud].prefix));
    if (!found.length) throw new Error(`the ${cloud} component registered no ${CLOUD[cloud].prefix} resources`);
    return found;
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
        const Class: new (name: string, args: unknown) => pulumi.CustomResource = require(`${CLOUD[cloud].sdk}/${module}`)[className];
        new Class(r.name, r.inputs);
    }
}

interface StateResource {
    urn: string;
    type: string;
    custom?: boolean;
    parent?: string;
    dependencies?: string[];
}

/**
 * The longest chain of create delays that the resources of a deployed stack require: each
 * resource waits for the resources its inputs refer to (the state's dependencies, which leave
 * parents out), so its finish is its own delay after the latest of theirs. A dependency on a
 * component stands for the resources under it.
 */
export function criticalPath(resources: StateResource[], delay: (type: string) => number): { ms: number; chain: string[] } {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const children = new Map<string, string[]>();
    for (const r of resources) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r.urn]);
    const customsUnder = (urn: string): string[] => (byUrn.get(urn)?.custom ? [urn] : (children.get(urn) ?? []).flatMap(customsUnder));
    const memo = new Map<string, { ms: number; chain: string[] }>();
    const finish = (urn: string): { ms: number; chain: string[] } => {
        const known = memo.get(urn);
        if (known) return known;
        const r = byUrn.get(urn)!;
        const before = (r.dependencies ?? []).flatMap(customsUnder).map(finish).reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, chain: [] as string[] });
        const own = delay(r.type);
        const result = { ms: before.ms + own, chain: [...before.chain, `${r.type.split(":").pop()} ${own}`] };
        memo.set(urn, result);
        return result;
    };
    return resources
        .filter((r) => r.custom && !r.type.startsWith("pulumi:"))
        .map((r) => finish(r.urn))
        .reduce((a, b) => (b.ms > a.ms ? b : a), { ms: 0, chain: [] });
}
