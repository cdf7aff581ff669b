// Custom routes: every route in every listed route table.
import * as pulumi from "@pulumi/pulumi";
import * as ec2 from "@pulumi/aws/ec2";
import { AwsPlan, awsNames } from "../model/aws";
import { input, perValue } from "../component/inputs";

export function createRoutes(plan: AwsPlan, parent: pulumi.Resource): pulumi.Output<string[]> {
    if (plan.routes.length === 0) return pulumi.output([]);
    const perTable = perValue(plan.routeTableIds, (routeTableId) =>
        plan.routes.map(
            (route) =>
                new ec2.Route(
                    awsNames.route(plan, route, routeTableId),
                    {
                        routeTableId,
                        ...(route.family === "ipv4"
                            ? { destinationCidrBlock: route.destinationCidr }
                            : { destinationIpv6CidrBlock: route.destinationCidr }),
                        [route.target]: input(route.targetId),
                    },
                    { parent },
                ).id,
        ),
    );
    return perTable.apply((tables) => tables.flat());
}
