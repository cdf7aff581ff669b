// One error for all invalid inputs, raised before the component registers anything. It is
// an InputPropertiesError, so the engine shows each property path when the component runs
// in the provider, and its message lists them all when it runs in a TypeScript program.
import * as pulumi from "@pulumi/pulumi";
import { describeProblem, formatProblems, Problem } from "../model/problems";
import { Raw } from "../model/read";
import { snapshot } from "./snapshot";

export function inputError(
    component: string,
    name: string,
    problems: readonly Problem[],
): pulumi.InputPropertiesError {
    return new pulumi.InputPropertiesError({
        message: formatProblems(component, name, problems),
        errors: problems.map((p) => ({ propertyPath: p.path, reason: describeProblem(p) })),
    });
}

export function planOrThrow<P>(
    component: string,
    name: string,
    args: unknown,
    plan: (raw: Raw, name: string) => { plan?: P; problems: Problem[] },
): P {
    const result = plan(snapshot(args ?? {}, { component, name }), name);
    if (!result.plan) throw inputError(component, name, result.problems);
    return result.plan;
}
