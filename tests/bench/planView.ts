// `npm run bench -- plan`: the `hacluster-plan` command as a user runs it, from the package
// installed out of `npm pack` (not through ts-node), against loading `@pulumi/pulumi` alone in
// the same folder, for the package's demo program and for a fleet of 20 clusters.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { EngineFigure, median, ROOT } from "./engine";
import { fleetYaml } from "./fleet";

const RUNS = Number(process.env.BENCH_PLAN_RUNS ?? 7);

/** The packed package installed in a scratch folder with the cloud SDKs at the checkout's versions. */
function install(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hacluster-plan-bench-"));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    // The bench built bin/ already; the pack takes it as it is.
    const tarball = execFileSync(
        "npm",
        ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir],
        { cwd: ROOT, encoding: "utf8" },
    )
        .trim()
        .split("\n")
        .pop()!;
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({ name: "plan-bench", private: true }),
    );
    const sdks = Object.keys(pkg.peerDependencies).map(
        (name) => `${name}@${pkg.devDependencies[name]}`,
    );
    execFileSync(
        "npm",
        [
            "install",
            "--prefer-offline",
            "--no-audit",
            "--no-fund",
            "--silent",
            path.join(dir, tarball),
            ...sdks,
        ],
        { cwd: dir, stdio: ["ignore", "ignore", "inherit"] },
    );
    return dir;
}

interface Run {
    wall: number;
    /** The child's user and system CPU time, which a busy machine inflates less than wall time. */
    cpu: number;
}

/** Milliseconds from spawn to exit, and of CPU (GNU time); the command must succeed. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Run {
    const start = performance.now();
    const r = spawnSync("/usr/bin/time", ["-f", "%U %S", command, ...args], {
        cwd,
        env,
        stdio: ["ignore", "ignore", "pipe"],
        encoding: "utf8",
    });
    const wall = performance.now() - start;
    if (r.status !== 0)
        throw new Error(`${command} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    const [user, system] = r.stderr.trim().split("\n").pop()!.split(" ").map(Number);
    return { wall, cpu: (user + system) * 1000 };
}

export async function planViewFigures(report: (f: EngineFigure) => void): Promise<void> {
    const dir = install();
    try {
        // The command's `#!/usr/bin/env node` finds the Node running the bench first.
        const env = {
            ...process.env,
            PATH: [path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
        };
        const plan = path.join(dir, "node_modules/.bin/hacluster-plan");
        const fleet = fleetYaml(path.join(dir, "fleet"), 20);
        const runs: Run[][] = [[], [], []];
        for (let i = 0; i < RUNS; i++) {
            runs[0].push(run(plan, [], dir, env));
            runs[1].push(run(plan, [path.join(fleet, "Pulumi.yaml")], dir, env));
            runs[2].push(run(process.execPath, ["-e", 'require("@pulumi/pulumi")'], dir, env));
        }
        const [demo, twenty, sdk] = runs.map((r) => ({
            wall: median(r.map((x) => x.wall)),
            cpu: median(r.map((x) => x.cpu)),
        }));
        const both = (r: { wall: number; cpu: number }) =>
            `${r.wall.toFixed(0)} ms (CPU ${r.cpu.toFixed(0)} ms)`;
        report({
            figure: "hacluster-plan, root demo / loading @pulumi/pulumi alone",
            value: demo.wall / sdk.wall,
            unit: "x",
            target: "<= 1.5",
            detail: `hacluster-plan of the package's Pulumi.yaml (one cluster per cloud), installed from npm pack, ${both(demo)} / node -e 'require("@pulumi/pulumi")' in the same folder ${both(sdk)}; CPU ${(demo.cpu / sdk.cpu).toFixed(2)}x; medians of ${RUNS} in turn, Node ${process.version}`,
        });
        report({
            figure: "hacluster-plan, 20 clusters / loading @pulumi/pulumi alone",
            value: twenty.wall / sdk.wall,
            unit: "x",
            detail: `the same command on a YAML program of 20 clusters (AWS, Azure, Google Cloud in turn, 10 services each) ${both(twenty)}; CPU ${(twenty.cpu / sdk.cpu).toFixed(2)}x`,
        });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
