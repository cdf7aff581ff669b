// What Azure nodes must carry (docs/reachability.md): the NSG associated with their subnet or
// NICs, membership of their role's backend pools, the ports they serve and, for a restricted
// public apiserver, the sources their own connections leave from.
import { ROLES } from "../frontends";
import { isKnown } from "../unknown";
import { egressRequirements, listenRequirements, published, RequirementPlan, RequirementsPlan } from "../requirements";
import { AzurePlan } from "./types";

/**
 * A Standard load balancer passes no inbound flow unless an NSG on the subnet or NIC allows it
 * ("secure by default": https://learn.microsoft.com/azure/load-balancer/load-balancer-overview#securebydefault),
 * so the NSG holding the component's rules must be associated with the nodes; the component
 * associates nothing and cannot check.
 */
export function azureNodeRequirements(plan: AzurePlan): RequirementsPlan {
    const spec = plan.cluster;
    const outbound = plan.loadBalancer.outboundRules.length > 0;
    return Object.fromEntries(
        ROLES.map((role) => {
            const members = plan.targets[role];
            const byIp = members !== undefined && (!isKnown(members) || members.length > 0);
            const pools: RequirementPlan[] = plan.loadBalancer.pools
                .filter((p) => p.role === role)
                .map((p) => {
                    const output = `backendAddressPoolIds.${role}${p.family === "ipv4" ? "Ipv4" : "Ipv6"}`;
                    return byIp
                        ? { kind: "backendPool", value: p.name, description: `the ${p.family} addresses in ${role}.ipAddresses are the pool's members`, checked: true }
                        : { kind: "backendPool", value: output, output, description: `put every ${role} NIC or scale set's ${p.family} configuration in this pool`, checked: false };
                });
            return [
                role,
                [
                    {
                        kind: "networkSecurityGroup",
                        value: "networkSecurityGroupId",
                        output: "networkSecurityGroupId",
                        description: `associate with the ${role}' subnet or NICs: a Standard load balancer passes no inbound flow without an NSG that allows it`,
                        checked: false,
                    },
                    ...pools,
                    // With outbound rules the nodes leave from the component's public IPs, which the NSG admits.
                    ...(outbound
                        ? []
                        : egressRequirements(spec, role).map((q) => published(q))),
                    ...listenRequirements(spec, role),
                ],
            ];
        }),
    ) as RequirementsPlan;
}
