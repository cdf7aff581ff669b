// AzureHaCluster: validates and plans (model/azure), then composes the public IPs and load
// balancer, the NSG rules and the routes of that plan.
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import {
    AzureBackendAddressPoolIds,
    AzureHaClusterArgs,
    AzureHaClusterOutputs,
    AzureNetworkSecurityGroupIds,
} from "../generated/types";
import { planAzure } from "../model/azure";
import { azureHairpinScript } from "../model/azure/hairpin";
import { apiserverOf } from "../model/frontends";
import { endpointOutputs } from "../component/endpoint";
import { haClusterComponent } from "../component/publish";
import { nodeRequirements } from "../component/requirements";
import { azureNodeRequirements } from "../model/azure/requirements";
import { planOrThrow } from "../component/validation";
import { watchHolders } from "../component/holderHooks";
import { azureHolders } from "../model/azure/holders";
import { createDnsRecords } from "./dns";
import { createInternalLoadBalancer, createLoadBalancer } from "./loadBalancer";
import { createRoutes } from "./routes";
import { createSecurityRules } from "./security";

const AZURE_HA_CLUSTER = "hacluster:index:AzureHaCluster";

export class AzureHaCluster extends haClusterComponent<AzureHaClusterOutputs>() {
    constructor(name: string, args: AzureHaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validation first: invalid inputs register nothing, not even the component.
        const plan = planOrThrow("AzureHaCluster", name, args, planAzure);
        super(
            AZURE_HA_CLUSTER,
            name,
            ...watchHolders("AzureHaCluster", name, azureHolders(plan), opts),
        );

        // Sub-resource references are ID paths, which start with the subscription.
        const subscriptionId = authorization.getClientConfigOutput({ parent: this }).subscriptionId;
        const frontends = createLoadBalancer(plan, subscriptionId, this);
        const internal = createInternalLoadBalancer(plan, subscriptionId, this);
        const spec = plan.cluster;
        // The record's name with dns, else the FQDN with dnsLabel.
        const dnsName =
            createDnsRecords(plan, plan.dns, frontends.addresses, this) ?? frontends.dnsName;
        const internalDnsName =
            internal &&
            createDnsRecords(
                plan,
                plan.internalDns,
                internal.address.apply((ipv4) => ({ ipv4 })),
                this,
            );
        // The IPv4 frontend without either (Azure always has one).
        const host = pulumi.all([dnsName, frontends.addresses]).apply(([dns, a]) => dns || a.ipv4!);
        const poolIds = pulumi.all(
            Object.fromEntries([
                ...plan.loadBalancer.pools.map((p) => [
                    `${p.role ?? "outbound"}${p.family === "ipv4" ? "Ipv4" : "Ipv6"}`,
                    frontends.childId("backendAddressPools", p.name),
                ]),
                ...(internal ? [["controllersInternalIpv4", internal.poolId]] : []),
            ]),
        );
        const nsgIds = createSecurityRules(plan, subscriptionId, frontends.publicIpsByName, this);
        this.publish({
            // The record's name, the dnsLabel FQDN and the inbound addresses of the apiserver's families.
            ...endpointOutputs(
                host,
                apiserverOf(spec).port,
                pulumi
                    .all([dnsName, frontends.dnsName, frontends.addresses])
                    .apply(([dns, label, a]) => [
                        dns,
                        label,
                        ...apiserverOf(spec).families.map((family) => a[family]),
                    ]),
                // internalDns's name, and the internal frontend's address.
                internal && {
                    host: internalDnsName ?? internal.address,
                    hosts: pulumi
                        .all([internalDnsName, internal.address])
                        .apply(([dns, a]) => [dns, a]),
                    ipv4Addresses: internal.address.apply((a) => [a]),
                },
            ),
            apiserverShutdown: pulumi.output(plan.apiserverShutdown),
            ipv4Addresses: frontends.addresses.apply((a) => (a.ipv4 ? [a.ipv4] : [])),
            ipv6Addresses: frontends.addresses.apply((a) => (a.ipv6 ? [a.ipv6] : [])),
            dnsName,
            loadBalancerId: frontends.loadBalancer.id,
            // Public frontends hairpin: a node's flow leaves through outbound SNAT and comes back;
            // internal ones do not, the private endpoint's included.
            hairpinWorkaround: plan.loadBalancer.internal
                ? frontends.addresses.apply((a) => azureHairpinScript(spec, a))
                : internal
                  ? internal.address.apply((ipv4) => azureHairpinScript(spec, { ipv4 }))
                  : pulumi.output(""),
            // Only the pools that exist; the controllers' IPv4 pool always does.
            backendAddressPoolIds: poolIds.apply((ids): AzureBackendAddressPoolIds => ({
                ...ids,
                controllersIpv4: ids.controllersIpv4,
            })),
            networkSecurityGroupId: nsgIds.controllers!,
            networkSecurityGroupIds: pulumi
                .all(nsgIds)
                .apply((ids): AzureNetworkSecurityGroupIds => ({
                    ...ids,
                    controllers: ids.controllers!,
                })),
            routeTableId: createRoutes(plan, subscriptionId, this),
            publicIpIds: pulumi.all(frontends.publicIps.map((ip) => ip.id)),
            nodeRequirements: nodeRequirements(azureNodeRequirements(plan), {
                networkSecurityGroupIds: pulumi.all(nsgIds),
                backendAddressPoolIds: poolIds,
            }),
        });
    }
}
