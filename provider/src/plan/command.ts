// hacluster-plan's command, callable in-process: argv and an output sink in, the exit status
// out. Arguments are parsed by node's own util.parseArgs. Exit status: 0 planned, 1 invalid
// inputs, 2 unusable arguments or program.
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { renderJson } from "./json";
import { renderMermaid } from "./mermaid";
import { readProgram } from "./program";
import { ClusterRun, runCluster } from "./run";
import { ansiPaint, plainPaint, renderText } from "./text";
import { viewOf } from "./view";
import { reachabilityOfRun, renderReachability } from "./reachability";

const USAGE = `Usage: hacluster-plan [program] [--format text|json|mermaid|reachability] [--config key=value]...

Renders the hacluster clusters of a Pulumi YAML program offline (no cloud, no credentials,
no Pulumi CLI): each cluster's resources with their inputs, its billable load-balancer items
beside Typhoon's, or a Mermaid diagram. \${...} values become unknowns, as in a preview;
config values with a default, or given with --config, are known.

  program     a Pulumi.yaml (default: ./Pulumi.yaml, else the package's demo program)
  --format    text (default), json (stable and sorted, for diffs), mermaid (Markdown) or
              reachability (who reaches each frontend and node port, and which hop decides)
  --config    a config value, e.g. --config clusterName=prod
`;

/** The package's own demo program, next to package.json in a checkout and in the package. */
const DEMO = path.resolve(__dirname, "..", "..", "Pulumi.yaml");

/** Where the command writes: process.stdout and process.stderr, or a test's collectors. */
interface Sink {
    write(text: string): unknown;
    isTTY?: boolean;
}

export interface Streams {
    stdout: Sink;
    stderr: Sink;
    env: NodeJS.ProcessEnv;
}

function defaultProgram(): string {
    return fs.existsSync("Pulumi.yaml") ? "Pulumi.yaml" : DEMO;
}

/** Runs hacluster-plan with `argv` (without node and the script); resolves to the exit status. */
export async function plan(argv: string[], io: Streams): Promise<number> {
    try {
        return await planOrThrow(argv, io);
    } catch (error) {
        io.stderr.write(`hacluster-plan: ${(error as Error).message}\n`);
        return 2;
    }
}

async function planOrThrow(argv: string[], io: Streams): Promise<number> {
    const { values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
            format: { type: "string", default: "text" },
            config: { type: "string", multiple: true, default: [] },
            help: { type: "boolean", short: "h", default: false },
        },
    });
    if (values.help) {
        io.stdout.write(USAGE);
        return 0;
    }
    if (
        !["text", "json", "mermaid", "reachability"].includes(values.format!) ||
        positionals.length > 1
    ) {
        io.stderr.write(USAGE);
        return 2;
    }
    const config = Object.fromEntries(
        values.config!.map((pair) => {
            const at = pair.indexOf("=");
            if (at < 1) throw new Error(`--config ${pair}: expected key=value`);
            return [pair.slice(0, at), pair.slice(at + 1)];
        }),
    );
    const progress = (text: string) => {
        if (io.stderr.isTTY) io.stderr.write(`\r\x1b[2K${text}`);
    };
    const program = readProgram(positionals[0] ?? defaultProgram(), config);
    const runs: ClusterRun[] = [];
    for (const [i, declaration] of program.clusters.entries()) {
        progress(`planning ${declaration.name} (${i + 1}/${program.clusters.length}) ...`);
        runs.push(await runCluster(declaration));
    }
    progress("");
    const color = io.stdout.isTTY && !io.env.NO_COLOR;
    // Reachability is computed only for the formats that show it (the text view has none).
    const withReachability = () =>
        runs.map((run) => ({ ...viewOf(run), reachability: reachabilityOfRun(run) }));
    if (values.format === "json") io.stdout.write(renderJson(withReachability()));
    else if (values.format === "reachability") {
        const paint = color ? ansiPaint : plainPaint;
        const shown = withReachability().map((v) =>
            v.reachability
                ? renderReachability(v.name, v.type, v.reachability, paint)
                : `${v.name}  invalid inputs`,
        );
        io.stdout.write(shown.join("\n\n") + "\n");
    } else if (values.format === "mermaid") io.stdout.write(renderMermaid(runs));
    else io.stdout.write(renderText(runs.map(viewOf), color ? ansiPaint : plainPaint));
    // Each invalid cluster fails as its preview would: every property path with its fix.
    for (const run of runs.filter((r) => r.invalid))
        io.stderr.write(`error: ${run.invalid!.message}\n`);
    return runs.some((r) => r.invalid) ? 1 : 0;
}
