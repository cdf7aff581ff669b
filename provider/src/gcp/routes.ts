// Custom VPC routes, each with its one next hop.
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/gcp/compute";
import { GcpPlan } from "../model/gcp";
import { input, inputList } from "../component/inputs";

export function createRoutes(
    plan: GcpPlan,
    parent: pulumi.Resource,
): Record<string, pulumi.Output<string>> {
    return Object.fromEntries(
        plan.routes.map((route) => [
            route.key,
            new compute.Route(
                route.logicalName,
                {
                    name: route.name,
                    project: input(plan.project),
                    network: input(plan.network),
                    destRange: route.destRange,
                    priority: route.priority,
                    tags: route.tags === undefined ? undefined : inputList(route.tags),
                    [route.nextHop]: input(route.nextHopValue),
                },
                // Routes cannot change in place; a replacement would clash with the old name.
                { parent, deleteBeforeReplace: true },
            ).id,
        ]),
    );
}
