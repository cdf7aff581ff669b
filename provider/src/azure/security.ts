// The NSG rules, one NSG per role (given or created), each rule in the NSG of the role whose
// ports it opens. Rules stay separate resources, so an NSG's own inputs never change when
// frontends come and go.
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import { BackendRole } from "../generated/enums";
import { AzurePlan } from "../model/azure";
import { AZURE_LB_TAG, AZURE_VNET_TAG } from "../model/azure/security";
import { ROLES } from "../model/frontends";
import { PublicIp } from "./loadBalancer";
import { givenOrCreated } from "./placement";

/**
 * Returns each role's NSG ID. `publicIps` are the component's own, by logical name: a rule that
 * admits the load balancer's outbound addresses takes them as inputs, known once allocated.
 */
export function createSecurityRules(
    plan: AzurePlan,
    subscriptionId: pulumi.Output<string>,
    publicIps: Map<string, PublicIp>,
    parent: pulumi.Resource,
): Partial<Record<BackendRole, pulumi.Output<string>>> {
    const groups = Object.fromEntries(
        ROLES.flatMap((role) => {
            const given = plan.securityGroups[role];
            if (!given) return [];
            const nsg = givenOrCreated(
                plan,
                subscriptionId,
                given,
                "networkSecurityGroups",
                (logicalName, name, where) => {
                    const created = new network.NetworkSecurityGroup(
                        logicalName,
                        { ...where, networkSecurityGroupName: name },
                        { parent },
                    );
                    return { name: created.name, id: created.id };
                },
            );
            return [[role, nsg] as const];
        }),
    );
    for (const rule of plan.securityRules) {
        const nsg = groups[rule.role]!;
        // A service tag (AzureLoadBalancer, VirtualNetwork) goes alone in the single-prefix field.
        const tag =
            rule.sources.length === 1 && [AZURE_LB_TAG, AZURE_VNET_TAG].includes(rule.sources[0]);
        const own = rule.publicIpSources.map((name) => publicIps.get(name)!.ipAddress);
        const prefixes = pulumi
            .all(own)
            .apply((addresses) => [...rule.sources, ...addresses.filter((a): a is string => !!a)]);
        new network.SecurityRule(
            rule.logicalName,
            {
                resourceGroupName: nsg.resourceGroupName,
                networkSecurityGroupName: nsg.name,
                securityRuleName: rule.name,
                priority: rule.priority,
                direction: "Inbound",
                access: rule.access,
                protocol: rule.protocol,
                ...(tag
                    ? { sourceAddressPrefix: rule.sources[0] }
                    : { sourceAddressPrefixes: own.length > 0 ? prefixes : rule.sources }),
                sourcePortRange: "*",
                // The NSG is associated with this role's NICs or subnet only (see the plan).
                destinationAddressPrefix: "*",
                // Always the list, so that a rule's ports grow in place as frontends join it.
                destinationPortRanges: rule.ports.map(String),
                description: rule.description,
            },
            { parent },
        );
    }
    return Object.fromEntries(Object.entries(groups).map(([role, g]) => [role, g.id]));
}
