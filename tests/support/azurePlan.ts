// The Azure plan of some inputs in a resource group, or the problems that refuse them.
import * as assert from "assert";
import { AzurePlan, planAzure } from "../../provider/src/model/azure";
import { Problem } from "../../provider/src/model/problems";

const base = { resourceGroupName: "rg-k8s" };

export function azurePlan(args: Record<string, unknown>): AzurePlan {
    const result = planAzure({ ...base, ...args }, "demo");
    if (!result.plan)
        throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    return result.plan;
}

export function azureProblems(args: Record<string, unknown>): Problem[] {
    const result = planAzure({ ...base, ...args }, "demo");
    assert.strictEqual(result.plan, undefined, "an invalid input must not be planned");
    return result.problems;
}
