// The frontend side: Standard static public IPs (public scheme) and the one Standard
// regional load balancer. Its frontends, backend pools, probes, load-balancing rules and
// outbound rules are inline: azure-native has no separate rule resources, and separate pools
// would make a cycle with the rules that reference them. References between them are this
// load balancer's own ID paths, built from its explicit name.
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import { AzureFrontendPlan, AzurePlan, azureResourceId } from "../model/azure/plan";
import { Family } from "../model/net";
import { input, inputList } from "../component/inputs";
import { placement } from "./placement";
import { poolMembers } from "./targets";

export interface Frontends {
    loadBalancer: network.LoadBalancer;
    /** IPv4 first. */
    publicIps: network.PublicIPAddress[];
    /** Frontend address per family; absent families stay undefined. */
    addresses: pulumi.Output<Partial<Record<Family, string>>>;
    dnsName: pulumi.Output<string>;
    /** Sub-resource ID of this load balancer's child, e.g. ("backendAddressPools", "workers-ipv4"). */
    childId: (collection: string, name: string) => pulumi.Output<string>;
}

function createPublicIp(plan: AzurePlan, frontend: AzureFrontendPlan, parent: pulumi.Resource): network.PublicIPAddress {
    const ip = frontend.publicIp!;
    return new network.PublicIPAddress(
        ip.logicalName,
        {
            ...placement(plan),
            publicIpAddressName: ip.name,
            sku: { name: "Standard", tier: "Regional" },
            publicIPAllocationMethod: "Static",
            publicIPAddressVersion: frontend.family === "ipv4" ? "IPv4" : "IPv6",
            zones: plan.zones && inputList(plan.zones),
            dnsSettings: ip.dnsLabel === undefined ? undefined : { domainNameLabel: ip.dnsLabel },
        },
        { parent },
    );
}

export function createLoadBalancer(plan: AzurePlan, subscriptionId: pulumi.Output<string>, parent: pulumi.Resource): Frontends {
    const spec = plan.loadBalancer;
    const lbId = pulumi.all([subscriptionId, input(plan.resourceGroupName)]).apply(([s, g]) => azureResourceId(s, g, "loadBalancers", spec.name));
    const childId = (collection: string, name: string) => lbId.apply((id) => `${id}/${collection}/${name}`);
    const ref = (collection: string, name: string) => ({ id: childId(collection, name) });
    const publicIps = new Map(spec.frontends.flatMap((f) => (f.publicIp ? [[f.family, createPublicIp(plan, f, parent)] as const] : [])));

    const loadBalancer = new network.LoadBalancer(
        spec.logicalName,
        {
            ...placement(plan),
            loadBalancerName: spec.name,
            sku: { name: "Standard", tier: "Regional" },
            frontendIPConfigurations: spec.frontends.map((f) =>
                publicIps.has(f.family)
                    ? { name: f.name, publicIPAddress: { id: publicIps.get(f.family)!.id } }
                    : {
                          name: f.name,
                          subnet: { id: input(plan.subnetId!) },
                          privateIPAllocationMethod: "Dynamic",
                          privateIPAddressVersion: f.family === "ipv4" ? "IPv4" : "IPv6",
                          zones: plan.zones && inputList(plan.zones),
                      },
            ),
            backendAddressPools: spec.pools.map((p) => ({ name: p.name, loadBalancerBackendAddresses: poolMembers(plan, p.role, p.family) })),
            probes: spec.probes.map((p) => ({
                name: p.name,
                protocol: p.protocol,
                port: p.port,
                requestPath: p.requestPath,
                intervalInSeconds: p.intervalInSeconds,
                // numberOfProbes is the older name of the same setting; Azure reads probeThreshold.
                numberOfProbes: p.probeThreshold,
                probeThreshold: p.probeThreshold,
            })),
            loadBalancingRules: spec.rules.map((r) => ({
                name: r.name,
                frontendIPConfiguration: ref("frontendIPConfigurations", r.frontendName),
                backendAddressPool: ref("backendAddressPools", r.poolName),
                probe: ref("probes", r.probeName),
                protocol: r.protocol,
                frontendPort: r.frontendPort,
                backendPort: r.backendPort,
                disableOutboundSnat: r.disableOutboundSnat,
                enableTcpReset: r.protocol === "Tcp" ? true : undefined,
            })),
            outboundRules: spec.outboundRules.map((o) => ({
                name: o.name,
                frontendIPConfigurations: [ref("frontendIPConfigurations", o.frontendName)],
                backendAddressPool: ref("backendAddressPools", o.poolName),
                protocol: "All",
                enableTcpReset: true,
            })),
        },
        { parent },
    );

    const addressOf = (f: AzureFrontendPlan): pulumi.Output<string | undefined> =>
        publicIps.has(f.family)
            ? publicIps.get(f.family)!.ipAddress
            : loadBalancer.frontendIPConfigurations.apply((configs) => configs?.find((c) => c.name === f.name)?.privateIPAddress);
    const addresses = pulumi
        .all(spec.frontends.map((f) => addressOf(f).apply((address) => [f.family, address] as const)))
        .apply((pairs) => Object.fromEntries(pairs.filter(([, a]) => a !== undefined)) as Partial<Record<Family, string>>);
    const ipv4 = publicIps.get("ipv4");
    const dnsName = ipv4 && spec.frontends[0].publicIp?.dnsLabel !== undefined ? ipv4.dnsSettings.apply((d) => d?.fqdn ?? "") : pulumi.output("");
    return { loadBalancer, publicIps: [...publicIps.values()], addresses, dnsName, childId };
}
