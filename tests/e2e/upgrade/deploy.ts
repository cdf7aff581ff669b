// Deploys the upgrade test's clusters and TypeScript examples with the components and e2e
// engine of the checkout at argv[2] (a release), and writes each stack's exported state to
// argv[3]. record.ts runs it against a release; nothing else does.
import * as fs from "fs";
import * as path from "path";
import type { Example } from "../examples";
import { CLUSTERS, PROJECT, clusterProgram } from "./clusters";

async function main(root: string, out: string): Promise<void> {
    require(`${root}/tests/e2e/resolveHacluster`);
    const { Engine, programOf } = require(`${root}/tests/e2e/engine`);
    const { examples } = require(`${root}/tests/e2e/examples`);
    const engine = new Engine();
    await engine.start();
    const save = async (project: string, stack: string) => {
        const { stdout } = await engine.pulumi(
            ["stack", "export", "--stack", `organization/${project}/${stack}`],
            engine.home,
        );
        fs.writeFileSync(
            path.join(out, `${stack}.json`),
            JSON.stringify({ project, ...JSON.parse(stdout) }, null, 1) + "\n",
        );
    };
    try {
        for (const [cloud, cluster] of Object.entries(CLUSTERS)) {
            const stack = `cluster-${cloud}`;
            await engine.typescript(
                { op: "up", stack, project: PROJECT, config: cluster.config },
                clusterProgram(root, stack, cluster),
            );
            await save(PROJECT, stack);
        }
        for (const example of examples.filter((e: Example) => e.language === "typescript")) {
            const stack = `example-${example.dir}`;
            const program = programOf(path.join(root, "examples", example.dir, "index.ts"));
            await engine.typescript(
                { op: "up", stack, project: example.project, config: example.config },
                program,
            );
            await save(example.project, stack);
        }
    } finally {
        engine.stop();
    }
}

main(process.argv[2], process.argv[3]).catch((e) => {
    console.error(e);
    process.exit(1);
});
