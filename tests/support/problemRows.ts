// A row of an invalid-input table: an input and the problem it must produce, checked by
// property path, message and (where it matters) the fix.
import * as assert from "assert";
import { Problem } from "../../provider/src/model/problems";

export interface ProblemRow {
    why: string;
    args: Record<string, unknown>;
    path: string;
    message: RegExp;
    fix?: RegExp;
}

export function assertProblem(problems: readonly Problem[], row: ProblemRow): void {
    const match = problems.find((p) => p.path === row.path && row.message.test(p.message));
    assert.ok(
        match,
        `expected ${row.path} ~ ${row.message}; got:\n${problems.map((p) => `${p.path}: ${p.message}`).join("\n")}`,
    );
    if (row.fix) assert.match(match.fix, row.fix);
    assert.ok(match.fix.length > 0, "every problem says how to fix it");
}
