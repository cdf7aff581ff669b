#!/usr/bin/env node
// hacluster-plan (`npm run plan`): renders the hacluster resources of a Pulumi YAML program
// offline, through Pulumi's mock runtime, as text, JSON or Mermaid. Arguments are parsed by
// node's own util.parseArgs. Exit status: 0 planned, 1 invalid inputs, 2 unusable arguments
// or program.
import "./deferClosure";
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

function defaultProgram(): string {
    return fs.existsSync("Pulumi.yaml") ? "Pulumi.yaml" : DEMO;
}

function progress(text: string): void {
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
}

async function main(argv: string[]): Promise<number> {
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
        process.stdout.write(USAGE);
        return 0;
    }
    if (
        !["text", "json", "mermaid", "reachability"].includes(values.format!) ||
        positionals.length > 1
    ) {
        process.stderr.write(USAGE);
        return 2;
    }
    const config = Object.fromEntries(
        values.config!.map((pair) => {
            const at = pair.indexOf("=");
            if (at < 1) throw new Error(`--config ${pair}: expected key=value`);
            return [pair.slice(0, at), pair.slice(at + 1)];
        }),
    );
    const program = readProgram(positionals[0] ?? defaultProgram(), config);
    const runs: ClusterRun[] = [];
    for (const [i, declaration] of program.clusters.entries()) {
        progress(`planning ${declaration.name} (${i + 1}/${program.clusters.length}) ...`);
        runs.push(await runCluster(declaration));
    }
    progress("");
    const color = process.stdout.isTTY && !process.env.NO_COLOR;
    const views = runs.map((run) => ({ ...viewOf(run), reachability: reachabilityOfRun(run) }));
    if (values.format === "json") process.stdout.write(renderJson(views));
    else if (values.format === "reachability") {
        const paint = color ? ansiPaint : plainPaint;
        const shown = views.map((v) =>
            v.reachability
                ? renderReachability(v.name, v.type, v.reachability, paint)
                : `${v.name}  invalid inputs`,
        );
        process.stdout.write(shown.join("\n\n") + "\n");
    } else if (values.format === "mermaid") process.stdout.write(renderMermaid(runs));
    else process.stdout.write(renderText(views, color ? ansiPaint : plainPaint));
    // Each invalid cluster fails as its preview would: every property path with its fix.
    for (const run of runs.filter((r) => r.invalid))
        process.stderr.write(`error: ${run.invalid!.message}\n`);
    return runs.some((r) => r.invalid) ? 1 : 0;
}

// Exit once stdout has drained: pipes are asynchronous on some systems, and the runtime may
// keep handles open that would otherwise hold the process.
main(process.argv.slice(2)).then(
    (code) => process.stdout.write("", () => process.exit(code)),
    (error: Error) => {
        process.stderr.write(`hacluster-plan: ${error.message}\n`);
        process.exit(2);
    },
);
