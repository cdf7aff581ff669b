// Builds components under Pulumi's mock runtime and records every registration, so tests
// can assert the resources, their inputs and their parents.
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { runWithMocks } from "../../provider/src/plan/mocks";
import { cloudCalls, cloudStates } from "./states";

export interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

export class Recorder implements pulumi.runtime.Mocks {
    readonly resources: Registered[] = [];

    newResource(args: pulumi.runtime.MockResourceArgs): {
        id: string;
        state: Record<string, unknown>;
    } {
        this.resources.push({ type: args.type, name: args.name, inputs: args.inputs });
        return {
            id: `${args.name}-id`,
            state: { ...args.inputs, ...(cloudStates[args.type]?.(args.name, args.inputs) ?? {}) },
        };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        return cloudCalls[args.token]?.(args.inputs) ?? args.inputs;
    }

    ofType(type: string): Registered[] {
        return this.resources.filter((r) => r.type === type);
    }

    named(name: string): Registered {
        const found = this.resources.find((r) => r.name === name);
        if (!found)
            throw new Error(
                `no resource named ${name}; have ${this.resources.map((r) => r.name).join(", ")}`,
            );
        return found;
    }
}

export interface BuildOptions {
    preview?: boolean;
    /** The project name, which namespaces configuration keys (`<project>:<key>`). */
    project?: string;
}

/** Runs `program` under fresh mocks and waits until every registration has landed. */
export async function build<T>(
    program: () => T,
    options: BuildOptions = {},
): Promise<{ recorder: Recorder; result: T }> {
    const recorder = new Recorder();
    const result = await runWithMocks(
        recorder,
        options.project ?? "project",
        "stack",
        options.preview ?? false,
        program,
    );
    return { recorder, result };
}

/** What the SDK sends the mock monitor for one registration (the getters the suites read). */
export interface RegisterRequest {
    getType(): string;
    getName(): string;
    getAliasesList(): unknown[];
    getDependenciesList(): string[];
    getPropertydependenciesMap(): {
        forEach(f: (deps: { getUrnsList(): string[] }, property: string) => void): void;
    };
}

/**
 * Runs `run` with `spy` seeing each registration request as the SDK sends it: what the
 * recorded inputs do not show (aliases, dependencies).
 */
export async function spyOnRegistrations<T>(
    spy: (req: RegisterRequest) => void,
    run: () => Promise<T>,
): Promise<T> {
    const monitor = MockMonitor.prototype as unknown as {
        registerResource(req: RegisterRequest, callback: unknown): Promise<void>;
    };
    const register = monitor.registerResource;
    monitor.registerResource = function (req, callback) {
        spy(req);
        return register.call(this, req, callback);
    };
    try {
        return await run();
    } finally {
        monitor.registerResource = register;
    }
}

/** The value of an output; rejects when it stays unknown. */
export function valueOf<T>(output: pulumi.Input<T>): Promise<T> {
    return new Promise((resolve, reject) => {
        const o = pulumi.output(output) as pulumi.Output<T>;
        o.apply((v) => {
            resolve(v as T);
            return v;
        });
        // Unknown during preview: apply never runs.
        (o as unknown as { isKnown: Promise<boolean> }).isKnown.then(
            (known: boolean) => !known && reject(new Error("output is unknown")),
        );
    });
}

/**
 * Builds `program` and returns the messages of the errors it raised after planning: inside
 * applies, where Pulumi reports them as the program's unhandled rejections.
 */
export async function deployErrors(
    program: () => unknown,
    options: BuildOptions = {},
): Promise<{ recorder: Recorder; errors: string[] }> {
    const errors: string[] = [];
    const seen = (e: unknown) => errors.push(e instanceof Error ? e.message : String(e));
    process.on("unhandledRejection", seen);
    try {
        const { recorder } = await build(program, options);
        // Rejections are reported after the microtask queue drains.
        await new Promise((resolve) => setImmediate(resolve));
        return { recorder, errors: [...new Set(errors)] };
    } finally {
        process.off("unhandledRejection", seen);
    }
}
