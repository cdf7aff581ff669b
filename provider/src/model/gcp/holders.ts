// The address holders of a Google Cloud plan with what fixes them (model/holders.ts): an
// address's name and type, and a forwarding rule's name, scheme, ports and protocol
// (terraform-provider-google-beta ForceNew, tests/e2e/replacements/table.json). A forwarding
// rule carries one frontend group's ports on the address: replacing one interrupts that
// frontend; deleting one is that frontend's removal, so only its replacement warns.
import { Frontend } from "../cluster";
import { Holder, HolderWatch } from "../holders";
import { GcpPlan } from "./types";

/** The input that sets a forwarding rule's ports and protocol (its frontend group's). */
function inputOf(plan: GcpPlan, group: string): { ports: string; protocol: string } {
    if (group === "ingress") return { ports: "ingress.enableHttp", protocol: "ingress" };
    const f: Frontend | undefined = plan.cluster.frontends.find((x) => x.key === group);
    const at = f?.portPath.replace(/\.port$/, "") ?? group;
    return { ports: `${at}.port`, protocol: `${at}.protocol` };
}

export function gcpHolders(plan: GcpPlan): HolderWatch {
    const holders: Record<string, Holder> = {};
    for (const a of plan.addresses)
        if (a.existing === undefined)
            holders[a.logicalName] = {
                what: `the ${a.family} address`,
                fixed: { clusterName: plan.cluster.clusterName, scheme: plan.internal },
                removedBy: ["scheme", "ipv6"],
            };
    for (const r of plan.forwardingRules) {
        const at = inputOf(plan, r.key.replace(/-ipv[46]$/, ""));
        holders[r.logicalName] = {
            what: `the ${r.family} forwarding rule ${r.key}`,
            fixed: {
                clusterName: plan.cluster.clusterName,
                scheme: plan.internal,
                [at.ports]: r.ports,
                [at.protocol]: r.protocol,
            },
            removedBy: [],
        };
    }
    return {
        inputs: { scheme: plan.cluster.scheme, ipv6: plan.cluster.ipv6 },
        holders,
    };
}
