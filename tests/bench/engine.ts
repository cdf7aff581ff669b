// The bench's side of the real-engine harness (tests/e2e/engine.ts): stacks of inline
// TypeScript programs on the Pulumi CLI built by tests/e2e/tools/build.sh, against the fake
// clouds (in a child process, tests/bench/fakeServer.ts), timed around one engine operation
// (preview or up) and nothing else, with the CPU time each process spent on it.
import * as auto from "@pulumi/pulumi/automation";
import { ChildProcess, fork } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance, PerformanceObserver } from "perf_hooks";
import * as v8 from "v8";
import * as vm from "vm";
import { CLI_ROOT, engineEnv, FakePorts, ROOT } from "../e2e/engine";
import type { CreateSpan, FakeReport, FakeRequest } from "./fakeServer";
import { spread } from "./stats";

export { ROOT } from "../e2e/engine";

export type Cloud = "aws" | "azure" | "gcp";

/** Each cloud's provider configuration. */
const CONFIG: Record<Cloud, Record<string, string>> = {
    aws: { "aws:region": "us-east-1" },
    azure: { "azure-native:location": "westeurope" },
    gcp: { "gcp:project": "demo-project" },
};

export interface EngineFigure {
    figure: string;
    value: number;
    unit: "x" | "ms" | "count";
    target?: string;
    detail: string;
}

/** Milliseconds since the epoch: one timeline for the bench, its fakes and its programs. */
const epochMs = () => performance.timeOrigin + performance.now();

/** One CLI command, timed, with the CPU time of each process that worked on it. */
export interface Operation {
    ms: number;
    /** When the command started, since the epoch. */
    start: number;
    /** CPU milliseconds: the CLI with the plugins it started and waited for (language host, our provider), the bench's process (an inline program), the fake clouds. */
    cpu: { cli: number; program: number; fakes: number };
    /** The creates the fake clouds answered during the command. */
    creates: CreateSpan[];
    /** When the inline program began and when its constructors returned, if it ran, with the heap it then held (MB). */
    program?: ProgramRun;
    /** Milliseconds of garbage collection in the bench's process (where an inline program runs). */
    gcMs: number;
    /** The machine's load average over the last minute, at the command's end. */
    load: number;
}

interface ProgramRun {
    start: number;
    end: number;
    heapMb: number;
}

/**
 * A full garbage collection, before each measured command: inline programs run in this one
 * long-lived process, and without it each side inherited the garbage of the one before it
 * (a fleet's constructors allocate gigabytes), which moved their time by a tenth or more.
 */
const collectGarbage: () => void = (() => {
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc");
})();

/** Garbage collection time in this process since the last call (V8's `gc` performance entries). */
const gcClock = (() => {
    let total = 0;
    new PerformanceObserver((list) => {
        for (const e of list.getEntries()) total += e.duration;
    }).observe({ entryTypes: ["gc"] });
    return () => total;
})();

export class BenchEngine {
    readonly home = fs.mkdtempSync(path.join(os.tmpdir(), "hacluster-bench-"));
    private env: Record<string, string> = {};
    private cli?: auto.PulumiCommand;
    private fakes?: ChildProcess;
    private readonly replies = new Map<number, (r: FakeReport) => void>();
    private requests = 0;
    private program?: ProgramRun;
    private readonly cliTimes = path.join(this.home, "cli-times");

    async start(): Promise<void> {
        const fakes = fork(path.join(__dirname, "fakeServer.ts"), [], {
            cwd: ROOT,
            execArgv: ["-r", "ts-node/register/transpile-only"],
            stdio: ["ignore", "inherit", "inherit", "ipc"],
        });
        this.fakes = fakes;
        const ports = await new Promise<FakePorts>((resolve, reject) => {
            fakes.once("exit", (code) => reject(new Error(`the fake clouds exited (${code})`)));
            fakes.on("message", (m: { ports?: FakePorts } & Partial<FakeReport>) => {
                if (m.ports) resolve(m.ports);
                else this.replies.get(m.id!)?.(m as FakeReport);
            });
        });
        this.env = { ...engineEnv(this.home, ports), HACLUSTER_BENCH_CLI_TIMES: this.cliTimes };
        this.cli = await auto.PulumiCommand.get({ root: cpuTimedCli(this.home) });
    }

    stop(): void {
        this.fakes?.kill();
        fs.rmSync(this.home, { recursive: true, force: true });
    }

    /** The fake clouds' report; `delays` sets (or with null clears) their create times first. */
    fakeReport(delays?: Record<string, number> | null): Promise<FakeReport> {
        const id = this.requests++;
        return new Promise((resolve) => {
            this.replies.set(id, (r) => (this.replies.delete(id), resolve(r)));
            this.fakes!.send({ id, delays } satisfies FakeRequest);
        });
    }

    /** A stack of the inline `program`, configured for `clouds`, the CLI run with `env` on top of the engine's. */
    async stack(
        name: string,
        clouds: Cloud | Cloud[],
        program: () => void,
        env: Record<string, string> = {},
    ): Promise<auto.Stack> {
        const run = async () => {
            const start = epochMs();
            program();
            this.program = {
                start,
                end: epochMs(),
                heapMb: process.memoryUsage().heapUsed / 2 ** 20,
            };
            return {};
        };
        const stack = await auto.LocalWorkspace.createOrSelectStack(
            { stackName: name, projectName: "bench", program: run },
            {
                envVars: { ...this.env, ...env },
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
            { envVars: { ...this.env, ...env }, pulumiCommand: this.cli },
        );
        return configured(stack, clouds);
    }

    /** `pulumi <command>` on `stack` (through the Automation API), timed and profiled. */
    async operation(
        stack: auto.Stack,
        command: "preview" | "up",
        options: { parallel?: number } = { parallel: PARALLEL },
    ): Promise<Operation> {
        const cliRuns = cliLines(this.cliTimes).length;
        const before = await this.fakeReport();
        this.program = undefined;
        collectGarbage();
        const cpu = process.cpuUsage();
        const gc = gcClock();
        const start = epochMs();
        const ms = await commandTime(stack, (s) => s[command](options));
        const program = process.cpuUsage(cpu);
        // Entries arrive on a later tick.
        await new Promise((resolve) => setImmediate(resolve));
        const gcMs = gcClock() - gc;
        const after = await this.fakeReport();
        const cli = cliLines(this.cliTimes)
            .slice(cliRuns)
            .find((l) => l.command === command);
        if (!cli) throw new Error(`no CPU time recorded for pulumi ${command}`);
        return {
            ms,
            start,
            cpu: {
                cli: cli.cpuMs,
                program: (program.user + program.system) / 1000,
                fakes: after.cpuMs - before.cpuMs,
            },
            creates: after.creates,
            program: this.program,
            gcMs,
            load: os.loadavg()[0],
        };
    }
}

/**
 * A CLI root whose `bin/pulumi` runs the real CLI, then appends to HACLUSTER_BENCH_CLI_TIMES
 * the command and the CPU time of it and every process it waited for (bash's `times`).
 */
function cpuTimedCli(home: string): string {
    const bin = path.join(home, "cli", "bin");
    fs.mkdirSync(bin, { recursive: true });
    const script = [
        "#!/usr/bin/env bash",
        // HACLUSTER_BENCH_PROFILE: a folder for the Go profiles of each preview and up.
        "profile=()",
        'if [ -n "${HACLUSTER_BENCH_PROFILE:-}" ] && [[ "$1" =~ ^(preview|up)$ ]]; then',
        '    profile=(--profiling "$HACLUSTER_BENCH_PROFILE/$1")',
        "fi",
        `${JSON.stringify(path.join(CLI_ROOT, "bin", "pulumi"))} "$@" "\${profile[@]}"`,
        "rc=$?",
        'if [ -n "${HACLUSTER_BENCH_CLI_TIMES:-}" ]; then',
        // Not in a pipe or $(...): a subshell's `times` starts from zero.
        '    times > "$HACLUSTER_BENCH_CLI_TIMES.last"',
        '    echo "$1 $(tail -n 1 "$HACLUSTER_BENCH_CLI_TIMES.last")" >> "$HACLUSTER_BENCH_CLI_TIMES"',
        "fi",
        "exit $rc",
    ].join("\n");
    fs.writeFileSync(path.join(bin, "pulumi"), script + "\n", { mode: 0o755 });
    return path.dirname(bin);
}

/** The lines cpuTimedCli wrote: `<command> <children user>m<s>s <children system>m<s>s`. */
function cliLines(file: string): { command: string; cpuMs: number }[] {
    if (!fs.existsSync(file)) return [];
    const seconds = (t: string) => {
        const [, m, s] = /^(\d+)m([\d.]+)s$/.exec(t)!;
        return Number(m) * 60 + Number(s);
    };
    return fs
        .readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .map((line) => {
            const [command, user, system] = line.split(" ");
            return { command, cpuMs: (seconds(user) + seconds(system)) * 1000 };
        });
}

async function configured(stack: auto.Stack, clouds: Cloud | Cloud[]): Promise<auto.Stack> {
    const config = [clouds].flat().flatMap((c) => Object.entries(CONFIG[c]));
    await stack.setAllConfig(Object.fromEntries(config.map(([k, v]) => [k, { value: v }])));
    return stack;
}

/** Enough parallel operations that only dependencies order the creates (the CLI's default is 4 per core). */
export const PARALLEL = 1000;

export const median = (xs: number[]) => spread(xs).median;

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

/** Where an operation's time went, in seconds from the CLI's start, and its CPU by process. */
export function timeline(op: Operation): string {
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const at = (t: number) => `+${((t - op.start) / 1000).toFixed(1)}`;
    const program = op.program
        ? `program ${at(op.program.start)} to ${at(op.program.end)} s (its constructors; heap ${op.program.heapMb.toFixed(0)} MB), `
        : "";
    const creates = op.creates.length
        ? `creates ${at(Math.min(...op.creates.map((c) => c.start)))} to ${at(Math.max(...op.creates.map((c) => c.end)))} s, `
        : "";
    return (
        `${program}${creates}exit +${(op.ms / 1000).toFixed(1)} s; CPU: CLI ${seconds(op.cpu.cli)}, ` +
        `program ${seconds(op.cpu.program)} (GC ${seconds(op.gcMs)}), fakes ${seconds(op.cpu.fakes)}; load ${op.load.toFixed(1)}`
    );
}
