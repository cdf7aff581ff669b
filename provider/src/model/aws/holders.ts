// The address holders of an AWS plan with what fixes them (model/holders.ts): the NLB's name,
// `internal`, and its subnets, which a network load balancer only extends in place
// (terraform-provider-aws customizeDiffLoadBalancerNLB, tests/e2e/replacements/table.json);
// the Elastic IPs per subnet; the Route53 records' zone and name (ForceNew).
import { Holder, HolderWatch, known } from "../holders";
import { awsNames } from "./inventory";
import { AwsPlan } from "./types";

export function awsHolders(plan: AwsPlan): HolderWatch {
    const lb = plan.loadBalancer;
    const subnetIds = known(plan.subnetIds);
    // With Elastic IPs or pinned addresses the NLB takes subnet mappings instead of subnets.
    const mapped =
        lb.staticIpv4 || lb.eipAllocationIds !== undefined || lb.privateIpv4Addresses !== undefined;
    const holders: Record<string, Holder> = {
        [lb.logicalName]: {
            what: "the network load balancer",
            fixed: {
                clusterName: plan.cluster.clusterName,
                scheme: lb.internal,
                staticIpv4: mapped,
                subnetIds,
                eipAllocationIds: known(lb.eipAllocationIds),
                privateIpv4Addresses: known(lb.privateIpv4Addresses),
            },
            grows: ["subnetIds", "eipAllocationIds", "privateIpv4Addresses"],
            removedBy: [],
        },
    };
    if (lb.staticIpv4 && lb.eipAllocationIds === undefined && Array.isArray(subnetIds))
        for (const id of subnetIds as string[])
            holders[awsNames.elasticIp(plan, id)] = {
                what: `the Elastic IP of ${id}`,
                fixed: {},
                removedBy: ["staticIpv4", "subnetIds", "scheme"],
            };
    for (const type of plan.dns?.recordTypes ?? [])
        holders[awsNames.dnsRecord(plan, "dns", type)] = {
            what: `the Route53 ${type} record`,
            fixed: { "dns.zoneId": known(plan.dns!.zoneId), "dns.name": known(plan.dns!.name) },
            removedBy: ["dns", "ipv6"],
        };
    return {
        inputs: {
            scheme: plan.cluster.scheme,
            ipv6: plan.cluster.ipv6,
            staticIpv4: lb.staticIpv4,
            subnetIds,
            dns: plan.dns !== undefined,
        },
        holders,
    };
}
