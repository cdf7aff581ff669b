// Suites that need more than Node and npm (root, Go, Python, ip/nft/iptables) skip where the
// machine lacks it, with one line that says why and how to run them; .ci/run sets
// HACLUSTER_REQUIRE_ALL, which turns every such skip into a failure, so CI always runs them.
import { spawnSync } from "child_process";

const REQUIRE_ALL = "HACLUSTER_REQUIRE_ALL";

/** The tools of `tools` that are not on the PATH. */
export function missingTools(tools: string[]): string[] {
    return tools.filter(
        (tool) => spawnSync("sh", ["-c", `command -v ${tool}`], { timeout: 10_000 }).status !== 0,
    );
}

/** Python 3 with the venv module, as the Python suites need it. */
export function pythonProblem(): string | undefined {
    if (missingTools(["python3"]).length > 0) return "it needs python3";
    return spawnSync("python3", ["-c", "import venv, ensurepip"], { timeout: 10_000 }).status === 0
        ? undefined
        : "it needs python3's venv module (Debian: python3-venv)";
}

/**
 * Call in a suite's before() with why it cannot run here (undefined when it can): skips the
 * suite with one line, or fails where REQUIRE_ALL is set.
 */
export function requireHere(
    ctx: Mocha.Context,
    suite: string,
    why: string | undefined,
    how: string,
): void {
    if (why === undefined) return;
    if (process.env[REQUIRE_ALL])
        throw new Error(`${suite} must run here (${REQUIRE_ALL} is set), but ${why}`);
    console.log(`skipped ${suite}: ${why}; ${how}`);
    ctx.skip();
}
