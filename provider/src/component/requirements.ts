// The `nodeRequirements` output: the model's contract with each role's nodes, with every value
// that is a component output (an ID known after create) filled in from the published outputs.
import * as pulumi from "@pulumi/pulumi";
import { NodeRequirement, NodeRequirements } from "../generated/types";
import { RequirementPlan, RequirementsPlan } from "../model/requirements";

/** `outputs` holds the component's outputs by name; a dotted `output` reads into an object. */
export function nodeRequirements(
    plan: RequirementsPlan,
    outputs: Record<string, pulumi.Input<unknown>>,
): pulumi.Output<NodeRequirements> {
    const resolve = (req: RequirementPlan): pulumi.Output<NodeRequirement> => {
        const { output, ...rest } = req;
        if (output === undefined) return pulumi.output(rest);
        const [head, ...path] = output.split(".");
        return (pulumi.output(outputs[head]) as pulumi.Output<unknown>).apply((v) => ({
            ...rest,
            value: String(
                path.reduce<unknown>(
                    (o, k) => (o as Record<string, unknown> | undefined)?.[k],
                    v,
                ) ?? "",
            ),
        }));
    };
    const role = (list: RequirementPlan[]) => pulumi.all(list.map(resolve));
    return pulumi
        .all([role(plan.controllers), role(plan.workers)])
        .apply(([controllers, workers]) => ({ controllers, workers }));
}
