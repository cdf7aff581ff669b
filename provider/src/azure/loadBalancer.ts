// The frontend side: Standard static public IPs (public scheme) and the one Standard
// regional load balancer. Its frontends, backend pools, probes, load-balancing rules and
// outbound rules are inline: azure-native has no separate rule resources, and separate pools
// would make a cycle with the rules that reference them. References between them are this
// load balancer's own ID paths, built from its explicit name.
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import {
    AzureFrontendPlan,
    AzurePlan,
    AzureProbePlan,
    azureResourceId,
    AzureRulePlan,
} from "../model/azure";
import { PUBLIC_IP_ID } from "../model/azure/loadBalancer";
import { Maybe } from "../model/unknown";
import { Family } from "../model/net";
import { input, inputList } from "../component/inputs";
import { placement } from "./placement";
import { poolMembers } from "./targets";

export interface Frontends {
    loadBalancer: network.LoadBalancer;
    /** IPv4 first, the inbound ones before the outbound ones; kept ones included. */
    publicIps: PublicIp[];
    /** By logical name, for NSG rules that admit the load balancer's own outbound addresses. */
    publicIpsByName: Map<string, PublicIp>;
    /** Inbound frontend address per family; absent families stay undefined. */
    addresses: pulumi.Output<Partial<Record<Family, string>>>;
    dnsName: pulumi.Output<string>;
    /** Sub-resource ID of this load balancer's child, e.g. ("backendAddressPools", "workers-ipv4"). */
    childId: (collection: string, name: string) => pulumi.Output<string>;
}

/** A public IP the component created, or one the user keeps, read by its ID. */
export type PublicIp = Pick<network.PublicIPAddress, "id" | "ipAddress" | "dnsSettings">;

function keptPublicIp(id: Maybe<string>, parent: pulumi.Resource): PublicIp {
    const given = pulumi.output(input(id));
    const [group, name] = [1, 2].map((i) => given.apply((text) => PUBLIC_IP_ID.exec(text)![i]));
    const found = network.getPublicIPAddressOutput(
        { resourceGroupName: group, publicIpAddressName: name },
        { parent },
    );
    return {
        id: given,
        ipAddress: found.apply((f) => f.ipAddress),
        dnsSettings: found.apply((f) => f.dnsSettings),
    };
}

function createPublicIp(
    plan: AzurePlan,
    frontend: AzureFrontendPlan,
    parent: pulumi.Resource,
): PublicIp {
    const ip = frontend.publicIp!;
    if (ip.existingId !== undefined) return keptPublicIp(ip.existingId, parent);
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
        { parent, protect: plan.cluster.protectAddresses },
    );
}

function probeArgs(p: AzureProbePlan) {
    return {
        name: p.name,
        protocol: p.protocol,
        port: p.port,
        requestPath: p.requestPath,
        intervalInSeconds: p.intervalInSeconds,
        // numberOfProbes is the older name of the same setting; Azure reads probeThreshold.
        numberOfProbes: p.probeThreshold,
        probeThreshold: p.probeThreshold,
    };
}

type ChildRef = (collection: string, name: string) => { id: pulumi.Output<string> };

function ruleArgs(r: AzureRulePlan, ref: ChildRef) {
    return {
        name: r.name,
        frontendIPConfiguration: ref("frontendIPConfigurations", r.frontendName),
        backendAddressPool: ref("backendAddressPools", r.poolName),
        probe: ref("probes", r.probeName),
        protocol: r.protocol,
        frontendPort: r.frontendPort,
        backendPort: r.backendPort,
        disableOutboundSnat: r.disableOutboundSnat,
        // TCP only ("only used when the protocol is set to TCP"). A reset on idle timeout
        // tells a kubelet's watch at once that its flow is gone, instead of a silent drop:
        // https://learn.microsoft.com/azure/load-balancer/load-balancer-tcp-reset
        enableTcpReset: r.protocol === "Tcp" ? true : undefined,
        idleTimeoutInMinutes: r.idleTimeoutInMinutes,
    };
}

export function createLoadBalancer(
    plan: AzurePlan,
    subscriptionId: pulumi.Output<string>,
    parent: pulumi.Resource,
): Frontends {
    const spec = plan.loadBalancer;
    const lbId = pulumi
        .all([subscriptionId, input(plan.resourceGroupName)])
        .apply(([s, g]) => azureResourceId(s, g, "loadBalancers", spec.name));
    const childId = (collection: string, name: string) =>
        lbId.apply((id) => `${id}/${collection}/${name}`);
    const ref = (collection: string, name: string) => ({ id: childId(collection, name) });
    const publicIps = new Map(
        spec.frontends.flatMap((f) =>
            f.publicIp ? [[f.name, createPublicIp(plan, f, parent)] as const] : [],
        ),
    );

    const loadBalancer = new network.LoadBalancer(
        spec.logicalName,
        {
            ...placement(plan),
            loadBalancerName: spec.name,
            sku: { name: "Standard", tier: "Regional" },
            frontendIPConfigurations: spec.frontends.map((f) =>
                publicIps.has(f.name)
                    ? { name: f.name, publicIPAddress: { id: publicIps.get(f.name)!.id } }
                    : {
                          name: f.name,
                          subnet: { id: input(plan.subnetId!) },
                          privateIPAllocationMethod:
                              f.privateIpAddress === undefined ? "Dynamic" : "Static",
                          privateIPAddress:
                              f.privateIpAddress === undefined
                                  ? undefined
                                  : input(f.privateIpAddress),
                          privateIPAddressVersion: f.family === "ipv4" ? "IPv4" : "IPv6",
                          zones: plan.zones && inputList(plan.zones),
                      },
            ),
            backendAddressPools: spec.pools.map((p) => ({
                name: p.name,
                loadBalancerBackendAddresses: poolMembers(plan, p),
            })),
            probes: spec.probes.map(probeArgs),
            loadBalancingRules: spec.rules.map((r) => ruleArgs(r, ref)),
            outboundRules: spec.outboundRules.map((o) => ({
                name: o.name,
                frontendIPConfigurations: o.frontendNames.map((name) =>
                    ref("frontendIPConfigurations", name),
                ),
                backendAddressPool: ref("backendAddressPools", o.poolName),
                protocol: "All",
                enableTcpReset: true,
                allocatedOutboundPorts: spec.outboundSnat.allocatedOutboundPorts,
                idleTimeoutInMinutes:
                    spec.outboundSnat.idleTimeoutInMinutes ?? o.idleTimeoutInMinutes,
            })),
        },
        { parent },
    );

    const addressOf = (f: AzureFrontendPlan): pulumi.Output<string | undefined> =>
        publicIps.has(f.name)
            ? publicIps.get(f.name)!.ipAddress
            : loadBalancer.frontendIPConfigurations.apply(
                  (configs) => configs?.find((c) => c.name === f.name)?.privateIPAddress,
              );
    const inbound = spec.frontends.filter((f) => !f.outboundOnly);
    const addresses = pulumi
        .all(inbound.map((f) => addressOf(f).apply((address) => [f.family, address] as const)))
        .apply(
            (pairs) =>
                Object.fromEntries(pairs.filter(([, a]) => a !== undefined)) as Partial<
                    Record<Family, string>
                >,
        );
    const ipv4 = publicIps.get(inbound[0].name);
    const dnsName =
        ipv4 && inbound[0].publicIp?.dnsLabel !== undefined
            ? ipv4.dnsSettings.apply((d) => d?.fqdn ?? "")
            : pulumi.output("");
    const byName = new Map(
        spec.frontends.flatMap((f) =>
            f.publicIp ? [[f.publicIp.logicalName, publicIps.get(f.name)!] as const] : [],
        ),
    );
    return {
        loadBalancer,
        publicIps: [...publicIps.values()],
        publicIpsByName: byName,
        addresses,
        dnsName,
        childId,
    };
}

export interface InternalEndpoint {
    loadBalancer: network.LoadBalancer;
    /** The private frontend's IPv4 address. */
    address: pulumi.Output<string>;
    poolId: pulumi.Output<string>;
}

/**
 * The private endpoint's internal load balancer (`apiserver.internal`): one private IPv4
 * frontend in `subnetId`, the controllers' NIC-based pool, the apiserver's probe and rule.
 */
export function createInternalLoadBalancer(
    plan: AzurePlan,
    subscriptionId: pulumi.Output<string>,
    parent: pulumi.Resource,
): InternalEndpoint | undefined {
    const spec = plan.internalLoadBalancer;
    if (!spec) return undefined;
    const lbId = pulumi
        .all([subscriptionId, input(plan.resourceGroupName)])
        .apply(([s, g]) => azureResourceId(s, g, "loadBalancers", spec.name));
    const ref = (collection: string, name: string) => ({
        id: lbId.apply((id) => `${id}/${collection}/${name}`),
    });
    const { frontend: f, pool, probe: p, rule: r } = spec;
    const loadBalancer = new network.LoadBalancer(
        spec.logicalName,
        {
            ...placement(plan),
            loadBalancerName: spec.name,
            sku: { name: "Standard", tier: "Regional" },
            frontendIPConfigurations: [
                {
                    name: f.name,
                    subnet: { id: input(plan.subnetId!) },
                    privateIPAllocationMethod:
                        f.privateIpAddress === undefined ? "Dynamic" : "Static",
                    privateIPAddress:
                        f.privateIpAddress === undefined ? undefined : input(f.privateIpAddress),
                    privateIPAddressVersion: "IPv4",
                    zones: plan.zones && inputList(plan.zones),
                },
            ],
            backendAddressPools: [{ name: pool.name }],
            probes: [probeArgs(p)],
            loadBalancingRules: [ruleArgs(r, ref)],
        },
        { parent },
    );
    return {
        loadBalancer,
        address: loadBalancer.frontendIPConfigurations.apply(
            (configs) => configs?.find((c) => c.name === f.name)?.privateIPAddress ?? "",
        ),
        poolId: ref("backendAddressPools", pool.name).id,
    };
}
