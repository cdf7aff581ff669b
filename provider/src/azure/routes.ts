// User-defined routes, in an existing route table or in one created here when there are
// routes. Each route is its own resource, named by its route name.
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import { AzurePlan } from "../model/azure";
import { input } from "../component/inputs";
import { givenOrCreated } from "./placement";

/** Returns the route table's ID; empty without routes. */
export function createRoutes(
    plan: AzurePlan,
    subscriptionId: pulumi.Output<string>,
    parent: pulumi.Resource,
): pulumi.Output<string> {
    if (!plan.routeTable) return pulumi.output("");
    const table = givenOrCreated(
        plan,
        subscriptionId,
        plan.routeTable,
        "routeTables",
        (logicalName, name, where) => {
            const created = new network.RouteTable(
                logicalName,
                { ...where, routeTableName: name },
                { parent },
            );
            return { name: created.name, id: created.id };
        },
    );
    for (const route of plan.routes) {
        new network.Route(
            route.logicalName,
            {
                resourceGroupName: table.resourceGroupName,
                routeTableName: table.name,
                routeName: route.name,
                addressPrefix: route.addressPrefix,
                nextHopType: route.nextHopType,
                nextHopIpAddress:
                    route.nextHopIpAddress === undefined
                        ? undefined
                        : input(route.nextHopIpAddress),
            },
            { parent },
        );
    }
    return table.id;
}
