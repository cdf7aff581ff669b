// NSG rules of an Azure cluster. Azure LB keeps the client IP, so the nodes' NSG admits each
// frontend's allowedCidrs on its target port, one rule per address family (Azure rejects a
// rule that mixes them), and the AzureLoadBalancer service tag on its probe port.
//
// Priorities: every frontend owns a block of three (IPv4 clients, IPv6 clients, probe) at
// 1000 + 3 * slot, the slot (0-999) a hash of the cluster name and the frontend's key. A
// frontend's priorities therefore depend on nothing else: not on list order, not on other
// services, and two clusters that share an NSG land in different blocks. Two frontends whose
// blocks collide are a validation error that names both.
import { ClusterSpec, Frontend } from "../cluster";
import { AZURE_NAME, cloudName, logicalName, shortHash } from "../naming";
import { Reader } from "../read";

/** The service tag Azure's health probes come from (168.63.129.16). */
export const AZURE_LB_TAG = "AzureLoadBalancer";

export const AZURE_PRIORITIES = { first: 1000, last: 3999, perFrontend: 3 } as const;
const SLOTS = (AZURE_PRIORITIES.last - AZURE_PRIORITIES.first + 1) / AZURE_PRIORITIES.perFrontend;

export interface AzureSecurityRulePlan {
    logicalName: string;
    /** Unique within the NSG, which may hold other clusters' rules: starts with the cluster name. */
    name: string;
    priority: number;
    protocol: "Tcp" | "Udp";
    port: number;
    /** CIDRs of one address family, or the AzureLoadBalancer service tag. */
    sources: string[];
    description: string;
}

/** The first priority of a frontend's block. */
export function azurePriorityBlock(clusterName: string, frontendKey: string): number {
    const slot = parseInt(shortHash(`${clusterName}/${frontendKey}`, 8), 16) % SLOTS;
    return AZURE_PRIORITIES.first + slot * AZURE_PRIORITIES.perFrontend;
}

const describe = (f: Frontend) => (f.serviceName !== undefined ? `service ${JSON.stringify(f.serviceName)}` : f.key);

function reportCollision(r: Reader, f: Frontend, other: Frontend, block: number): void {
    const service = [f, other].find((x) => x.serviceName !== undefined);
    r.problems.add(
        service ? service.portPath.replace(/\.port$/, ".name") : "clusterName",
        `the NSG rules of ${describe(f)} and ${describe(other)} hash to the same priorities (${block}-${block + AZURE_PRIORITIES.perFrontend - 1})`,
        service
            ? `rename service ${JSON.stringify(service.serviceName)}: its name seeds the priorities of its NSG rules`
            : "set another clusterName: it seeds every NSG rule priority",
    );
}

export function azureSecurityRules(r: Reader, spec: ClusterSpec): AzureSecurityRulePlan[] {
    const blocks = new Map<number, Frontend>();
    const rules: AzureSecurityRulePlan[] = [];
    for (const f of spec.frontends) {
        const block = azurePriorityBlock(spec.clusterName, f.key);
        const other = blocks.get(block);
        if (other) {
            reportCollision(r, f, other, block);
            continue;
        }
        blocks.set(block, f);
        const rule = (role: string, offset: number, protocol: "Tcp" | "Udp", port: number, sources: string[], description: string) =>
            rules.push({
                logicalName: logicalName(spec.resourceName, "nsg", f.key, role),
                name: cloudName(AZURE_NAME, spec.clusterName, f.key, role),
                priority: block + offset,
                protocol,
                port,
                sources,
                description,
            });
        (["ipv4", "ipv6"] as const).forEach((family, offset) => {
            const cidrs = f.allowedCidrs[family];
            if (cidrs.length > 0) rule(family, offset, f.protocol === "UDP" ? "Udp" : "Tcp", f.targetPort, cidrs, `${f.key} clients over ${family}`);
        });
        // HTTP and HTTPS probes run on TCP too.
        rule("probe", 2, "Tcp", f.healthCheck.port, [AZURE_LB_TAG], `Azure load balancer probes of ${f.key}`);
    }
    return rules;
}
