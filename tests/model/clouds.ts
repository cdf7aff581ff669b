// The planners the property tests hold to the same laws, each with the inputs its cloud
// requires besides the shared model and an adapter for its own rules.
import { awsInventory, planAws } from "../../provider/src/model/aws";
import { ClusterSpec } from "../../provider/src/model/cluster";
import { PlanInventory } from "../../provider/src/model/inventory";
import { Problem } from "../../provider/src/model/problems";
import { Raw } from "../../provider/src/model/read";

export interface CloudPlanner {
    cloud: string;
    plan(raw: Raw, name: string): { plan?: { cluster: ClusterSpec }; problems: Problem[] };
    inventory(plan: any): PlanInventory;
    /** Inputs the cloud requires. */
    base: Record<string, unknown>;
    /** Turns a valid shared spec into a valid spec for this cloud. */
    adapt(args: Record<string, any>): Record<string, any>;
}

export const PLANNERS: CloudPlanner[] = [
    {
        cloud: "aws",
        plan: planAws,
        inventory: awsInventory,
        base: { vpcId: "vpc-0a1b", subnetIds: ["subnet-a", "subnet-b"] },
        adapt: (args) => args,
    },
];
