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
    const tarball = execFileSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], { cwd: ROOT, encoding: "utf8" }).trim().split("\n").pop()!;
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "plan-bench", private: true }));
    const sdks = Object.keys(pkg.peerDependencies).map((name) => `${name}@${pkg.devDependencies[name]}`);
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--silent", path.join(dir, tarball), ...sdks], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
    return dir;
}

/** Milliseconds from spawn to exit; the command must succeed. */
function wall(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): number {
    const start = performance.now();
    const r = spawnSync(command, args, { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    const ms = performance.now() - start;
    if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    return ms;
}

export async function planViewFigures(report: (f: EngineFigure) => void): Promise<void> {
    const dir = install();
    try {
        // The command's `#!/usr/bin/env node` finds the Node running the bench first.
        const env = { ...process.env, PATH: [path.dirname(process.execPath), process.env.PATH].join(path.delimiter) };
        const plan = path.join(dir, "node_modules/.bin/hacluster-plan");
        const fleet = fleetYaml(path.join(dir, "fleet"), 20);
        const samples: number[][] = [[], [], []];
        for (let i = 0; i < RUNS; i++) {
            samples[0].push(wall(plan, [], dir, env));
            samples[1].push(wall(plan, [path.join(fleet, "Pulumi.yaml")], dir, env));
            samples[2].push(wall(process.execPath, ["-e", 'require("@pulumi/pulumi")'], dir, env));
        }
        const [demo, twenty, sdk] = samples.map(median);
        report({
            figure: "hacluster-plan, root demo / loading @pulumi/pulumi alone",
            value: demo / sdk,
            unit: "x",
            target: "<= 1.5",
            detail: `hacluster-plan of the package's Pulumi.yaml (one cluster per cloud), installed from npm pack, ${demo.toFixed(0)} ms / node -e 'require("@pulumi/pulumi")' in the same folder ${sdk.toFixed(0)} ms; medians of ${RUNS} in turn, Node ${process.version}`,
        });
        report({
            figure: "hacluster-plan, 20 clusters / loading @pulumi/pulumi alone",
            value: twenty / sdk,
            unit: "x",
            detail: `the same command on a YAML program of 20 clusters (AWS, Azure, Google Cloud in turn, 10 services each) ${twenty.toFixed(0)} ms`,
        });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
