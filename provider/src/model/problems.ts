// Validation problems: every one is collected, each with its property path and its fix,
// so that a user sees the whole list in one run.
export interface Problem {
    /** Property path in the component's inputs, e.g. `services[2].port`. */
    readonly path: string;
    readonly message: string;
    readonly fix: string;
}

export class Problems {
    readonly list: Problem[] = [];

    add(path: string, message: string, fix: string): void {
        this.list.push({ path, message, fix });
    }

    get empty(): boolean {
        return this.list.length === 0;
    }
}

export function describeProblem(p: Problem): string {
    return `${p.path}: ${p.message}. Fix: ${p.fix}.`;
}

export function formatProblems(
    component: string,
    name: string,
    problems: readonly Problem[],
): string {
    const count = problems.length === 1 ? "1 invalid input" : `${problems.length} invalid inputs`;
    return [
        `${component} "${name}" has ${count}:`,
        ...problems.map((p) => `  - ${describeProblem(p)}`),
    ].join("\n");
}
