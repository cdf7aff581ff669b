// GcpHaCluster: validates and plans (model/gcp), then composes the instance groups, load
// balancer, firewall rules and routes of that plan.
import * as pulumi from "@pulumi/pulumi";
import { GcpHaClusterArgs, GcpHaClusterOutputs } from "../generated/types";
import { planGcp } from "../model/gcp";
import { gcpHairpinScript } from "../model/gcp/hairpin";
import { Family } from "../model/net";
import { apiserverOf } from "../model/frontends";
import { endpointOutputs } from "../component/endpoint";
import { haClusterComponent } from "../component/publish";
import { nodeRequirements } from "../component/requirements";
import { gcpNodeRequirements } from "../model/gcp/requirements";
import { planOrThrow } from "../component/validation";
import { watchHolders } from "../component/holderHooks";
import { gcpHolders } from "../model/gcp/holders";
import { createDnsRecords } from "./dns";
import { createLoadBalancer } from "./loadBalancer";
import { createRoutes } from "./routes";
import { createFirewalls } from "./security";
import { createInstanceGroups } from "./targets";

const GCP_HA_CLUSTER = "hacluster:index:GcpHaCluster";

export class GcpHaCluster extends haClusterComponent<GcpHaClusterOutputs>() {
    constructor(name: string, args: GcpHaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validation first: invalid inputs register nothing, not even the component.
        const plan = planOrThrow("GcpHaCluster", name, args, planGcp);
        super(GCP_HA_CLUSTER, name, ...watchHolders("GcpHaCluster", name, gcpHolders(plan), opts));

        const backends = createInstanceGroups(plan, this);
        const lb = createLoadBalancer(plan, backends.groups, this);
        const every = pulumi.all(
            lb.addresses.map(({ role, family, address, internal }) =>
                address.apply((a) => ({ role, family, address: a, internal })),
            ),
        );
        // The private endpoint's address (`apiserver.internal`) is apart from the frontends'.
        const addresses = every.apply((list) => list.filter((a) => !a.internal));
        const internalIpv4 = every.apply((list) =>
            list.filter((a) => a.internal).map((a) => a.address),
        );
        const ofFamily = (family: Family) =>
            addresses.apply((list) =>
                list.filter((a) => a.family === family).map((a) => a.address),
            );
        const ipv4Addresses = ofFamily("ipv4");
        const dnsName = createDnsRecords(plan, plan.dns, lb, this);
        const internalDnsName = createDnsRecords(plan, plan.internalDns, lb, this);
        const api = apiserverOf(plan.cluster);

        this.publish({
            // The controllers' IPv4 address comes first (proxy mode has one address per family).
            ...endpointOutputs(
                pulumi
                    .all([dnsName ?? "", ipv4Addresses])
                    .apply(([dns, [address]]) => dns || address),
                api.port,
                // The apiserver's own addresses: the controllers' (passthrough) or the shared ones (proxy).
                pulumi
                    .all([dnsName ?? "", addresses])
                    .apply(([dns, list]) => [
                        dns,
                        ...list
                            .filter(
                                (a) =>
                                    (plan.mode === "proxy" || a.role === "controllers") &&
                                    api.families.includes(a.family),
                            )
                            .map((a) => a.address),
                    ]),
                // internalDns's name, and the private endpoint's address.
                plan.cluster.internalEndpoint && {
                    host: pulumi
                        .all([internalDnsName ?? "", internalIpv4])
                        .apply(([dns, [address]]) => dns || address),
                    hosts: pulumi
                        .all([internalDnsName ?? "", internalIpv4])
                        .apply(([dns, list]) => [dns, ...list]),
                    ipv4Addresses: internalIpv4,
                },
            ),
            apiserverShutdown: pulumi.output(plan.apiserverShutdown),
            ipv4Addresses,
            ipv6Addresses: ofFamily("ipv6"),
            dnsName: dnsName ?? pulumi.output(""),
            loadBalancerId: lb.backendServiceIds.apiserver,
            // Google's front ends end proxied connections, so only passthrough loops back to the node.
            hairpinWorkaround:
                plan.mode === "passthrough"
                    ? every.apply((list) =>
                          gcpHairpinScript(
                              // The private endpoint's address is the controllers' too.
                              list.map(({ role, family, address }) => ({
                                  role: role!,
                                  family,
                                  address,
                              })),
                          ),
                      )
                    : pulumi.output(""),
            backendServiceIds: pulumi.output(lb.backendServiceIds),
            forwardingRuleIds: pulumi.output(lb.forwardingRuleIds),
            instanceGroupIds: backends.instanceGroupIds,
            firewallIds: pulumi.output(createFirewalls(plan, lb.destinations, this)),
            healthCheckIds: pulumi.output(lb.healthCheckIds),
            routeIds: pulumi.output(createRoutes(plan, this)),
            nodeRequirements: nodeRequirements(gcpNodeRequirements(plan), {}),
        });
    }
}
