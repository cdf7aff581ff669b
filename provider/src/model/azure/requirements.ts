// What Azure nodes must carry (docs/reachability.md): the NSG associated with their subnet or
// NICs, membership of their role's backend pools, the ports they serve and, for a restricted
// public apiserver, the sources their own connections leave from.
import { frontendsOf, ROLES } from "../frontends";
import { isKnown } from "../unknown";
import {
    egressRequirements,
    listenRequirements,
    published,
    RequirementPlan,
    RequirementsPlan,
} from "../requirements";
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
    const separateWorkers = plan.loadBalancer.frontends.some((f) => f.outboundRole === "workers");
    return Object.fromEntries(
        ROLES.map((role) => {
            const members = plan.targets[role];
            const byIp = members !== undefined && (!isKnown(members) || members.length > 0);
            const poolRequirement = (
                p: { name: string; family: string },
                key: string,
                what: string,
            ): RequirementPlan => {
                const output = `backendAddressPoolIds.${key}${p.family === "ipv4" ? "Ipv4" : "Ipv6"}`;
                return byIp
                    ? {
                          kind: "backendPool",
                          value: p.name,
                          description: `the ${p.family} addresses in ${role}.ipAddresses are the ${what}'s members`,
                          checked: true,
                      }
                    : {
                          kind: "backendPool",
                          value: output,
                          output,
                          description: `put every ${role} NIC or scale set's ${p.family} configuration in the ${what}`,
                          checked: false,
                      };
            };
            const pools: RequirementPlan[] = [
                ...plan.loadBalancer.pools
                    .filter((p) => p.role === role)
                    .map((p) => poolRequirement(p, role, "pool")),
                // The private endpoint's pool (`apiserver.internal`), NIC-based.
                ...(role === "controllers" && plan.internalLoadBalancer
                    ? [
                          poolRequirement(
                              plan.internalLoadBalancer.pool,
                              "controllersInternal",
                              "private endpoint's pool",
                          ),
                      ]
                    : []),
                // Every node's outbound SNAT comes from the outbound pool's rule (model/azure/loadBalancer.ts).
                // (unless the workers leave from outbound frontends of their own: roles of two kinds).
                ...plan.loadBalancer.pools
                    .filter(
                        (p) =>
                            p.role === undefined &&
                            frontendsOf(spec, role).length > 0 &&
                            !(role === "workers" && separateWorkers),
                    )
                    .map((p) => poolRequirement(p, "outbound", "outbound pool")),
            ];
            return [
                role,
                [
                    {
                        kind: "networkSecurityGroup",
                        value: `networkSecurityGroupIds.${role}`,
                        output: `networkSecurityGroupIds.${role}`,
                        description: `associate the ${role}' own NSG with their subnet or NICs: a Standard load balancer passes no inbound flow without an NSG that allows it`,
                        checked: false,
                    },
                    ...pools,
                    // With outbound rules the nodes leave from the component's public IPs, which the NSG admits.
                    ...(outbound ? [] : egressRequirements(spec, role).map((q) => published(q))),
                    ...listenRequirements(spec, role),
                ],
            ];
        }),
    ) as RequirementsPlan;
}
