// Records the state that release 0.1.0 (commit 9230423) deploys for the upgrade test: checks
// the release out into a temporary git worktree, builds it, deploys the clusters of
// clusters.ts and the TypeScript examples there with the fake clouds, and writes the states
// to tests/e2e/upgrade/0.1.0/. Run by hand (once per release):
//   npx ts-node --transpile-only tests/e2e/upgrade/record.ts
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RELEASE } from "./clusters";

const ROOT = path.resolve(__dirname, "../../..");
const OUT = path.join(__dirname, RELEASE.version);

const run = (cmd: string, args: string[], cwd: string) =>
    execFileSync(cmd, args, { cwd, stdio: "inherit" });

function record(): void {
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), `hacluster-${RELEASE.version}-`));
    run("git", ["worktree", "add", "--detach", tree, RELEASE.commit], ROOT);
    try {
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(tree, "node_modules"));
        run("npm", ["run", "--silent", "build"], tree);
        fs.rmSync(OUT, { recursive: true, force: true });
        fs.mkdirSync(OUT);
        const tsNode = path.join(ROOT, "node_modules/.bin/ts-node");
        run(tsNode, ["--transpile-only", path.join(__dirname, "deploy.ts"), tree, OUT], tree);
    } finally {
        run("git", ["worktree", "remove", "--force", tree], ROOT);
    }
}

if (require.main === module) record();
