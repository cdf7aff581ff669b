// IP-based backend pool members. Each address joins its role's pool of its own family, inline
// in the load balancer, so adding a node is an in-place change of that load balancer. Roles
// without addresses keep NIC-based pools that NICs and scale sets join from their side.
import * as pulumi from "@pulumi/pulumi";
import { BackendRole } from "../generated/enums";
import {
    AzurePlan,
    AzurePoolPlan,
    azurePoolMembers,
    azureTargetAddressProblem,
} from "../model/azure";
import { Family } from "../model/net";
import { indexPath } from "../model/read";
import { isKnown } from "../model/unknown";
import { input, inputList } from "../component/inputs";
import { inputError } from "../component/validation";

/** One role's addresses of a family, checked once known (addresses that were outputs). */
function roleAddresses(
    plan: AzurePlan,
    role: BackendRole,
    family: Family,
): pulumi.Output<string[]> {
    return pulumi.output(inputList(plan.targets[role])).apply((addresses) => {
        const problems = addresses.flatMap(
            (a, i) =>
                azureTargetAddressProblem(
                    a,
                    indexPath(`${role}.ipAddresses`, i),
                    plan.cluster.ipv6,
                ) ?? [],
        );
        if (problems.length > 0)
            throw inputError("AzureHaCluster", plan.cluster.resourceName, problems);
        return azurePoolMembers(addresses, family).map((m) => m.ipAddress);
    });
}

/** A pool's IP-based members: its member roles' addresses; NIC-based pools have none. */
export function poolMembers(plan: AzurePlan, pool: AzurePoolPlan) {
    const lists = pool.members.map((role) => plan.targets[role]);
    if (lists.every((list) => isKnown(list) && list.length === 0)) return undefined;
    return pulumi
        .all(pool.members.map((role) => roleAddresses(plan, role, pool.family)))
        .apply((perRole) =>
            azurePoolMembers(perRole.flat(), pool.family).map((m) => ({
                ...m,
                virtualNetwork: { id: input(plan.virtualNetworkId!) },
            })),
        );
}
