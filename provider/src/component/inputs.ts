// From model values back to Pulumi inputs. Every deploy-time value is checked once known
// against the reader's rule for it (issue 17, defect 14), so that an output resolving to
// nothing fails with its input path and fix instead of inside a resource constructor.
import * as pulumi from "@pulumi/pulumi";
import { deployTimeProblems } from "../model/read";
import { formatProblems } from "../model/problems";
import { isUnknown, Maybe, Unknown } from "../model/unknown";
import { inputError } from "./validation";

const checkedOutputs = new WeakMap<Unknown, pulumi.Output<unknown>>();

/**
 * The value of an unknown once known, checked; throws (failing the deployment) when invalid.
 * One check per value, however many resources take it, so that the error is raised once.
 */
function checked<T>(value: Unknown): pulumi.Output<T> {
    if (!checkedOutputs.has(value)) checkedOutputs.set(value, check(value));
    return checkedOutputs.get(value) as pulumi.Output<T>;
}

function check(value: Unknown): pulumi.Output<unknown> {
    const source = pulumi.output(value.source) as pulumi.Output<unknown>;
    return source.apply((v) => {
        const problems = value.expect ? deployTimeProblems(value.expect, v) : [];
        if (problems.length === 0) return v;
        const owner = value.owner;
        throw owner
            ? inputError(owner.component, owner.name, problems)
            : new Error(formatProblems("hacluster", "component", problems));
    });
}

export function input<T>(value: Maybe<T>): pulumi.Input<T> {
    return isUnknown(value) ? checked<T>(value) : value;
}

/**
 * Registers what belongs to each value of a list (an attachment per target, a route per
 * table) under a name made from the value. Plain values register at once; outputs register
 * when their value is known (during preview, only if it already is). Returns what each
 * registration returns, for the component's outputs.
 */
export function perValue<T>(
    list: Maybe<Maybe<string>[]>,
    register: (value: string) => T,
): pulumi.Output<pulumi.Unwrap<T>[]> {
    if (isUnknown(list)) {
        return checked<string[]>(list).apply((vs) => pulumi.all(vs.map(register))) as pulumi.Output<
            pulumi.Unwrap<T>[]
        >;
    }
    const each = list.map((v) => (isUnknown(v) ? checked<string>(v).apply(register) : register(v)));
    return pulumi.all(each) as pulumi.Output<pulumi.Unwrap<T>[]>;
}

/** Tags as a resource input; user tags may hold outputs. */
export function tagsInput(
    tags: Record<string, Maybe<string>>,
): pulumi.Input<Record<string, pulumi.Input<string>>> {
    return Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, input(v)]));
}

export function inputList(list: Maybe<Maybe<string>[]>): pulumi.Input<pulumi.Input<string>[]> {
    return isUnknown(list) ? checked<string[]>(list) : list.map((v) => input(v));
}
