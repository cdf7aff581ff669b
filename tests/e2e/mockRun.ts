// Runs a program, or one component with given inputs, under Pulumi's mock runtime (the layer
// every other suite tests at) and prints the resource types it registers, so a real-engine
// run can be compared with it. A child process, because the mock runtime and the Automation
// API's in-process runtime are both process-wide.
//   ts-node mockRun.ts '{"program": "<file>", "project": "p", "config": {...}}'
//   ts-node mockRun.ts '{"component": "hacluster:index:AwsHaCluster", "name": "k8s", "inputs": {...}}'
import "./resolveHacluster";
import { build } from "../support/harness";

interface Job {
    program?: string;
    project?: string;
    config?: Record<string, string>;
    component?: string;
    name?: string;
    inputs?: Record<string, unknown>;
}

async function main(job: Job): Promise<void> {
    const project = job.project ?? "project";
    // The mock runtime reads the stack's configuration from this variable, keyed project:name.
    process.env.PULUMI_CONFIG = JSON.stringify(
        Object.fromEntries(
            Object.entries(job.config ?? {}).map(([k, v]) => [
                k.includes(":") ? k : `${project}:${k}`,
                v,
            ]),
        ),
    );
    const hacluster = require("pulumi-hacluster");
    const run = () => {
        if (job.program) return require(job.program);
        const cls = hacluster[job.component!.split(":")[2]];
        return new cls(job.name, job.inputs);
    };
    const { recorder } = await build(run, { project });
    const types: Record<string, number> = {};
    for (const r of recorder.resources) types[r.type] = (types[r.type] ?? 0) + 1;
    process.stdout.write(JSON.stringify(types));
}

main(JSON.parse(process.argv[2])).catch((e) => {
    console.error(e);
    process.exit(1);
});
