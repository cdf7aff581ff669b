// The NSG rules, in an existing NSG or in one created here. Rules stay separate resources in
// both cases, so the NSG's own inputs never change when frontends come and go.
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import { AzurePlan, AZURE_LB_TAG } from "../model/azure/plan";
import { givenOrCreated } from "./placement";

/** Returns the NSG's ID. */
export function createSecurityRules(plan: AzurePlan, subscriptionId: pulumi.Output<string>, parent: pulumi.Resource): pulumi.Output<string> {
    const nsg = givenOrCreated(plan, subscriptionId, plan.securityGroup, "networkSecurityGroups", (logicalName, name, where) => {
        const created = new network.NetworkSecurityGroup(logicalName, { ...where, networkSecurityGroupName: name }, { parent });
        return { name: created.name, id: created.id };
    });
    for (const rule of plan.securityRules) {
        const tag = rule.sources.length === 1 && rule.sources[0] === AZURE_LB_TAG;
        new network.SecurityRule(
            rule.logicalName,
            {
                resourceGroupName: nsg.resourceGroupName,
                networkSecurityGroupName: nsg.name,
                securityRuleName: rule.name,
                priority: rule.priority,
                direction: "Inbound",
                access: "Allow",
                protocol: rule.protocol,
                // A service tag goes in the single-prefix field.
                ...(tag ? { sourceAddressPrefix: AZURE_LB_TAG } : { sourceAddressPrefixes: rule.sources }),
                sourcePortRange: "*",
                destinationAddressPrefix: "*",
                destinationPortRange: String(rule.port),
                description: rule.description,
            },
            { parent },
        );
    }
    return nsg.id;
}
