// From model values back to Pulumi inputs.
import * as pulumi from "@pulumi/pulumi";
import { isUnknown, Maybe } from "../model/unknown";

export function input<T>(value: Maybe<T>): pulumi.Input<T> {
    return isUnknown(value) ? (value.source as pulumi.Input<T>) : value;
}

/**
 * Registers what belongs to each value of a list (an attachment per target, a route per
 * table) under a name made from the value. Plain values register at once; outputs register
 * when their value is known (during preview, only if it already is). Returns what each
 * registration returns, for the component's outputs.
 */
export function perValue<T>(list: Maybe<Maybe<string>[]>, register: (value: string) => T): pulumi.Output<pulumi.Unwrap<T>[]> {
    if (isUnknown(list)) {
        const values = pulumi.output(list.source as pulumi.Input<pulumi.Input<string>[]>);
        return values.apply((vs) => pulumi.all(vs.map(register))) as pulumi.Output<pulumi.Unwrap<T>[]>;
    }
    const each = list.map((v) => (isUnknown(v) ? pulumi.output(v.source as pulumi.Input<string>).apply(register) : register(v)));
    return pulumi.all(each) as pulumi.Output<pulumi.Unwrap<T>[]>;
}

/** Tags as a resource input; user tags may hold outputs. */
export function tagsInput(tags: Record<string, Maybe<string>>): pulumi.Input<Record<string, pulumi.Input<string>>> {
    return Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, input(v)]));
}

export function inputList(list: Maybe<Maybe<string>[]>): pulumi.Input<pulumi.Input<string>[]> {
    return isUnknown(list) ? (list.source as pulumi.Input<pulumi.Input<string>[]>) : list.map((v) => input(v));
}
