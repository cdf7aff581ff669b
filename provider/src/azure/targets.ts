// IP-based backend pool members. Each address joins its role's pool of its own family, inline
// in the load balancer, so adding a node is an in-place change of that load balancer. Roles
// without addresses keep NIC-based pools that NICs and scale sets join from their side.
import * as pulumi from "@pulumi/pulumi";
import { BackendRole } from "../generated/enums";
import { AzurePlan, azurePoolMembers, azureTargetAddressProblem } from "../model/azure";
import { Family } from "../model/net";
import { indexPath } from "../model/read";
import { isKnown } from "../model/unknown";
import { input, inputList } from "../component/inputs";
import { inputError } from "../component/validation";

export function poolMembers(plan: AzurePlan, role: BackendRole, family: Family) {
    const list = plan.targets[role];
    if (isKnown(list) && list.length === 0) return undefined;
    return pulumi.output(inputList(list)).apply((addresses) => {
        // Addresses that were outputs are checked here, once known.
        const problems = addresses.flatMap((a, i) => azureTargetAddressProblem(a, indexPath(`${role}.ipAddresses`, i), plan.cluster.ipv6) ?? []);
        if (problems.length > 0) throw inputError("AzureHaCluster", plan.cluster.resourceName, problems);
        return azurePoolMembers(addresses, family).map((m) => ({ ...m, virtualNetwork: { id: input(plan.virtualNetworkId!) } }));
    });
}
