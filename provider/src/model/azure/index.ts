// The Azure plan (docs/azure.md): one Standard regional load balancer whose frontends,
// backend pools, probes, load-balancing rules and outbound rules are inline, its public IPs,
// NSG rules and routes. Pure: the azure folder only turns it into resources. Each concern
// lives in the file of the same name as its translator.
import { readCluster } from "../cluster";
import { AZURE_NAME, cloudName, logicalName } from "../naming";
import { apiserverOf, checkNodeAccess, frontendsOf, ROLES } from "../frontends";
import { planShutdown } from "../shutdown";
import { Problem } from "../problems";
import { Raw, Reader } from "../read";
import { AZURE_LIMITS } from "./limits";
import { azureShutdownTiming, checkBackendPorts, checkIdleTimeouts, DNS_LABEL, loadBalancerChildren, nodePublicIps, planFrontends } from "./loadBalancer";
import { readPlacement } from "./placement";
import { readAzureRoutes } from "./routes";
import { AZURE_PRIORITY_BASE, azureSecurityRules } from "./security";
import { given, readTargets } from "./targets";
import { AzurePlan } from "./types";

export * from "./types";
export { AZURE_LIMITS } from "./limits";
export { azureResourceId } from "./placement";
export { azurePoolMembers, azureTargetAddressProblem } from "./targets";
export { AZURE_LB_TAG, AZURE_VNET_TAG } from "./security";
export { azureHairpinScript } from "./hairpin";
export { azureInventory } from "./inventory";

export function planAzure(raw: Raw, resourceName: string): { plan?: AzurePlan; problems: Problem[] } {
    const r = new Reader();
    const spec = readCluster(r, raw, resourceName, AZURE_LIMITS);
    const args = r.object(raw, "") ?? {};
    const internal = spec.scheme === "internal";

    const placement = readPlacement(r, args, internal);
    const { virtualNetworkId } = placement;

    const targets = {
        controllers: readTargets(r, args.controllers, "controllers", spec.ipv6),
        workers: readTargets(r, args.workers, "workers", spec.ipv6),
    };
    const byIp = ROLES.filter((role) => given(targets[role]));
    if (byIp.length > 0 && virtualNetworkId === undefined) {
        r.problems.add(
            "virtualNetworkId",
            `is required when targets are given by IP (${byIp.map((role) => `${role}.ipAddresses`).join(", ")})`,
            "give the virtual network of the nodes",
        );
    }
    if (given(targets.workers) && frontendsOf(spec, "workers").length === 0) {
        r.problems.add("workers.ipAddresses", "has no pool to join: no ingress and no service forwards to the workers", "add ingress or a workers service, or remove the workers");
    }

    const outboundRules = r.bool(args.outboundRules, "outboundRules") ?? !internal;
    if (internal && outboundRules) {
        r.problems.add(
            "outboundRules",
            "internal load balancers give no outbound SNAT",
            'remove outboundRules and give the nodes outbound access another way (a NAT gateway), or set scheme "public"',
        );
    }
    const dnsLabel = r.string(args.dnsLabel, "dnsLabel");
    if (dnsLabel !== undefined && internal) {
        r.problems.add("dnsLabel", "labels a public IP, and internal load balancers have none", 'remove dnsLabel, or set scheme "public"');
    } else if (dnsLabel !== undefined && !DNS_LABEL.test(dnsLabel)) {
        r.problems.add(
            "dnsLabel",
            `${JSON.stringify(dnsLabel)} is not a domain name label`,
            "use 3 to 63 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
        );
    }
    checkBackendPorts(r, spec);
    checkIdleTimeouts(r, spec);
    // Public: kubelets reach the apiserver through outbound SNAT, from the addresses admitted
    // below; without outbound rules they come from addresses only nodeSourceCidrs can name.
    checkNodeAccess(r, spec, outboundRules ? "the load balancer's outbound addresses" : undefined);
    const lbName = cloudName(AZURE_NAME, spec.clusterName, "lb");
    const frontends = planFrontends(spec, lbName, internal, outboundRules, dnsLabel);
    const networkSecurityGroupName = r.ref(args.networkSecurityGroupName, "networkSecurityGroupName");
    const priorityBase = r.int(args.priorityBase, "priorityBase", AZURE_PRIORITY_BASE) ?? AZURE_PRIORITY_BASE.default;
    const securityRules = azureSecurityRules(r, spec, { priorityBase, internal, nodePublicIps: nodePublicIps(frontends, outboundRules) });
    const routeTableName = r.ref(args.routeTableName, "routeTableName");
    const routes = readAzureRoutes(r, args.routes, spec.resourceName);
    const apiserverShutdown = planShutdown(r, spec, azureShutdownTiming(apiserverOf(spec).healthCheck));

    if (!r.problems.empty) return { problems: r.problems.list };

    const res = spec.resourceName;
    const children = loadBalancerChildren(spec, outboundRules);
    const created = (role: string, ...cloud: string[]) => ({ create: { logicalName: logicalName(res, role), name: cloudName(AZURE_NAME, spec.clusterName, ...cloud) } });
    const plan: AzurePlan = {
        cluster: spec,
        ...placement,
        loadBalancer: {
            logicalName: logicalName(res, "lb"),
            name: lbName,
            internal,
            frontends,
            pools: children.pools,
            probes: children.probes,
            rules: children.rules,
            outboundRules: children.outboundRules,
        },
        targets,
        securityGroup: networkSecurityGroupName !== undefined ? { existingName: networkSecurityGroupName } : created("nsg", "nsg"),
        securityRules,
        routeTable: routes.length === 0 ? undefined : routeTableName !== undefined ? { existingName: routeTableName } : created("routes", "routes"),
        routes,
        apiserverShutdown,
    };
    return { plan, problems: [] };
}
