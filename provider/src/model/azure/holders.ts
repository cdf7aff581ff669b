// The address holders of an Azure plan with what fixes them (model/holders.ts): every
// resource's name is a URL path parameter, so the cluster name fixes the load balancer and
// its public IPs (azure-native, tests/e2e/replacements/table.json); a public IP goes with its
// frontend (an internal load balancer has none, and IPv6 has one of its own).
import { Holder, HolderWatch } from "../holders";
import { AzurePlan } from "./types";

export function azureHolders(plan: AzurePlan): HolderWatch {
    const lb = plan.loadBalancer;
    const holders: Record<string, Holder> = {
        [lb.logicalName]: {
            what: "the load balancer",
            fixed: { clusterName: plan.cluster.clusterName },
            removedBy: [],
        },
    };
    for (const f of lb.frontends)
        if (f.publicIp && f.publicIp.existingId === undefined)
            holders[f.publicIp.logicalName] = {
                what: `the ${f.family} public IP`,
                fixed: { clusterName: plan.cluster.clusterName },
                removedBy: ["scheme", "ipv6"],
            };
    return {
        inputs: { scheme: plan.cluster.scheme, ipv6: plan.cluster.ipv6 },
        holders,
    };
}
