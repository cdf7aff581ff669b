// The Python validators run in their own venv, made from the pinned
// tests/conformance/python/requirements.txt the first time (and again when it changes). One
// process per cloud per run: each reads every request on stdin and answers JSON.
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Registered } from "../support/harness";
import { Scenario } from "./collect";
import { knownPart, resourceLabel, Violation } from "./violations";

const ROOT = path.resolve(__dirname, "../..");
const VENV = path.join(ROOT, ".venv-conformance");
const REQUIREMENTS = path.join(__dirname, "python", "requirements.txt");
const STAMP = path.join(VENV, "requirements.sha256");

export const venvBin = (tool: string) => path.join(VENV, "bin", tool);

/** Makes the venv unless it already holds exactly the pinned requirements. */
export function ensureVenv(): void {
    const want = createHash("sha256").update(fs.readFileSync(REQUIREMENTS)).digest("hex");
    if (fs.existsSync(STAMP) && fs.readFileSync(STAMP, "utf8") === want) return;
    if (!fs.existsSync(venvBin("python")))
        execFileSync("python3", ["-m", "venv", VENV], { stdio: "inherit" });
    execFileSync(
        venvBin("pip"),
        ["install", "--quiet", "--disable-pip-version-check", "-r", REQUIREMENTS],
        { stdio: "inherit" },
    );
    fs.writeFileSync(STAMP, want);
}

/** Runs tests/conformance/python/<script> with `input` as JSON on stdin; returns its JSON. */
function runPython<T>(script: string, input: unknown): T {
    const out = execFileSync(venvBin("python"), [path.join(__dirname, "python", script)], {
        input: JSON.stringify(input),
        maxBuffer: 256 << 20,
        encoding: "utf8",
    });
    return JSON.parse(out) as T;
}

interface PythonViolation {
    key: number;
    rule: string;
    message: string;
    source: string;
}

/**
 * Sends the request of every resource that has one to `script` in one process, and maps the
 * violations it answers back to their scenario and resource.
 */
export function validateInPython(
    scenarios: Scenario[],
    request: (r: Registered) => object | undefined,
    script: string,
): Violation[] {
    const users: { scenario: string; resource: string }[] = [];
    const requests = scenarios.flatMap((s) =>
        s.resources.flatMap((r) => {
            const body = request({ ...r, inputs: knownPart(r.inputs) as Registered["inputs"] });
            if (!body) return [];
            users.push({ scenario: s.id, resource: resourceLabel(r) });
            return [{ key: users.length - 1, ...body }];
        }),
    );
    const out = runPython<{ violations: PythonViolation[] }>(script, requests);
    return out.violations.map((v) => ({
        ...users[v.key],
        rule: v.rule,
        message: v.message,
        source: v.source,
    }));
}
