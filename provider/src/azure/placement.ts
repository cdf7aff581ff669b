// Where the component puts what it creates (resource group, location, tags), and parents that
// are either given by name or created here (the NSG, the route table).
import * as pulumi from "@pulumi/pulumi";
import { AzureExisting, AzurePlan, azureResourceId } from "../model/azure";
import { input, tagsInput } from "../component/inputs";

export interface Placement {
    resourceGroupName: pulumi.Input<string>;
    location: pulumi.Input<string | undefined>;
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export interface Parent {
    name: pulumi.Input<string>;
    id: pulumi.Output<string>;
}

export interface Placed extends Parent {
    resourceGroupName: pulumi.Input<string>;
}

export function placement(plan: AzurePlan): Placement {
    return {
        resourceGroupName: input(plan.resourceGroupName),
        location: input(plan.location),
        tags: tagsInput(plan.cluster.tags),
    };
}

export function givenOrCreated(
    plan: AzurePlan,
    subscriptionId: pulumi.Output<string>,
    parent: AzureExisting,
    type: string,
    create: (logicalName: string, name: string, where: Placement) => Parent,
): Placed {
    const where = placement(plan);
    const { resourceGroupName } = where;
    if ("create" in parent)
        return {
            ...create(parent.create.logicalName, parent.create.name, where),
            resourceGroupName,
        };
    const name = input(parent.existingName);
    return {
        name,
        resourceGroupName,
        id: pulumi
            .all([subscriptionId, resourceGroupName, name])
            .apply(([s, g, n]) => azureResourceId(s, g, type, n)),
    };
}
