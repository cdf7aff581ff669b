// The frontend side: addresses, health checks, backend services and forwarding rules, either
// regional and passthrough, or global behind target TCP proxies.
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/gcp/compute";
import { BackendRole } from "../generated/enums";
import { ARMOR_DEFAULT_PRIORITY, GcpHealthCheckPlan, GcpPlan } from "../model/gcp";
import { Family } from "../model/net";
import { Maybe } from "../model/unknown";
import { input, tagsInput } from "../component/inputs";

type Ids = Record<string, pulumi.Output<string>>;

export interface LoadBalancer {
    /** In the plan's order: the controllers' addresses first. */
    addresses: {
        role?: BackendRole;
        family: Family;
        address: pulumi.Output<string>;
        /** The private endpoint's (`apiserver.internal`). */
        internal?: boolean;
    }[];
    /** Passthrough: each address as a CIDR, by plan key, for the firewall rules' destinations. */
    destinations: Map<string, pulumi.Output<string>>;
    healthCheckIds: Ids;
    backendServiceIds: Ids;
    forwardingRuleIds: Ids;
}

type Groups = Record<BackendRole, pulumi.Output<string[]>>;

export function createLoadBalancer(
    plan: GcpPlan,
    groups: Groups,
    parent: pulumi.Resource,
): LoadBalancer {
    return plan.mode === "proxy"
        ? createProxy(plan, groups, parent)
        : createPassthrough(plan, groups, parent);
}

function keyed<T extends { key: string }, R>(items: T[], make: (item: T) => R): Map<string, R> {
    return new Map(items.map((item) => [item.key, make(item)]));
}

type Resources = Map<string, pulumi.CustomResource>;

const idsOf = (resources: Resources): Ids =>
    Object.fromEntries([...resources].map(([key, r]) => [key, r.id]));

type Addresses = Map<
    string,
    { address: pulumi.Output<string>; prefixLength?: pulumi.Output<number> }
>;

function loadBalancer(
    plan: GcpPlan,
    addresses: Addresses,
    healthChecks: Resources,
    backendServices: Resources,
    forwardingRules: Resources,
): LoadBalancer {
    const cidr = (
        family: Family,
        a: { address: pulumi.Output<string>; prefixLength?: pulumi.Output<number> },
    ) =>
        pulumi
            .all([a.address, a.prefixLength])
            .apply(([address, prefix]) => `${address}/${prefix || (family === "ipv6" ? 128 : 32)}`);
    return {
        addresses: plan.addresses.map((a) => ({
            role: a.role,
            family: a.family,
            address: addresses.get(a.key)!.address,
            internal: a.internal,
        })),
        destinations: new Map(
            plan.addresses.map((a) => [a.key, cidr(a.family, addresses.get(a.key)!)]),
        ),
        healthCheckIds: idsOf(healthChecks),
        backendServiceIds: idsOf(backendServices),
        forwardingRuleIds: idsOf(forwardingRules),
    };
}

const ipVersion = (family: Family) => (family === "ipv6" ? "IPV6" : "IPV4");

function healthCheckArgs(hc: GcpHealthCheckPlan) {
    const c = hc.check;
    const probe =
        c.protocol === "TCP"
            ? { tcpHealthCheck: { port: c.port } }
            : c.protocol === "HTTP"
              ? { httpHealthCheck: { port: c.port, requestPath: c.path } }
              : { httpsHealthCheck: { port: c.port, requestPath: c.path } };
    return {
        name: hc.name,
        checkIntervalSec: c.intervalSeconds,
        timeoutSec: hc.timeoutSeconds,
        healthyThreshold: c.healthyThreshold,
        unhealthyThreshold: c.unhealthyThreshold,
        ...probe,
    };
}

/** An external IPv4 address the user keeps: forwarding rules take its IP, nothing is created. */
const kept = (ip: Maybe<string>) => ({
    address: pulumi.output(input(ip)),
    id: pulumi.output(input(ip)),
});

// A forwarding rule that must be replaced would clash with its predecessor's name and with
// its ports on the shared address, so the old rule goes first.
const REPLACE_FORWARDING_RULE = { deleteBeforeReplace: true };

function createPassthrough(plan: GcpPlan, groups: Groups, parent: pulumi.Resource): LoadBalancer {
    const regional = { project: input(plan.project), region: input(plan.region) };
    const labels = tagsInput(plan.cluster.tags);
    // The private endpoint's resources (`apiserver.internal`) are internal in a public cluster.
    const isInternal = (x: { internal?: boolean }) => plan.internal || x.internal === true;
    const scheme = (x: { internal?: boolean }) => (isInternal(x) ? "INTERNAL" : "EXTERNAL");
    const tierOf = (x: { internal?: boolean }) => (isInternal(x) ? undefined : plan.networkTier);
    // Internal frontends and IPv6 frontends take their address from the subnetwork.
    const subnetworkOf = (family: Family, x: { internal?: boolean }) =>
        isInternal(x) || family === "ipv6" ? input(plan.subnetwork!) : undefined;
    const addresses = keyed(plan.addresses, (a) =>
        a.existing !== undefined
            ? kept(a.existing)
            : new compute.Address(
                  a.logicalName,
                  {
                      ...regional,
                      name: a.name,
                      labels,
                      address: a.address === undefined ? undefined : input(a.address),
                      addressType: scheme(a),
                      ipVersion: ipVersion(a.family),
                      networkTier: tierOf(a),
                      subnetwork: subnetworkOf(a.family, a),
                      // Several internal forwarding rules share an address only when it is reserved for that.
                      purpose: plan.internal ? "SHARED_LOADBALANCER_VIP" : undefined,
                      ipv6EndpointType: a.family === "ipv6" && !plan.internal ? "NETLB" : undefined,
                  },
                  { parent, protect: plan.cluster.protectAddresses },
              ),
    );
    const healthChecks = keyed(
        plan.healthChecks,
        (hc) =>
            new compute.RegionHealthCheck(
                hc.logicalName,
                { ...regional, ...healthCheckArgs(hc) },
                { parent },
            ),
    );
    const backendServices = keyed(
        plan.backendServices,
        (b) =>
            new compute.RegionBackendService(
                b.logicalName,
                {
                    ...regional,
                    name: b.name,
                    loadBalancingScheme: scheme(b),
                    protocol: b.protocol,
                    healthChecks: healthChecks.get(b.healthCheck)!.id,
                    connectionDrainingTimeoutSec: b.drainingTimeoutSeconds,
                    backends: groups[b.role].apply((links) =>
                        links.map((group) => ({ group, balancingMode: "CONNECTION" })),
                    ),
                },
                { parent },
            ),
    );
    const forwardingRules = keyed(plan.forwardingRules, (fr) => {
        const address = addresses.get(fr.address)!;
        return new compute.ForwardingRule(
            fr.logicalName,
            {
                ...regional,
                name: fr.name,
                labels,
                loadBalancingScheme: scheme(fr),
                backendService: backendServices.get(fr.backendService!)!.id,
                ipProtocol: fr.protocol,
                ports: fr.ports.map(String),
                ipVersion: ipVersion(fr.family),
                // An IPv6 frontend is a /96 range, which the rule takes by its address resource.
                ipAddress: fr.family === "ipv6" ? address.id : address.address,
                networkTier: tierOf(fr),
                network: isInternal(fr) ? input(plan.network) : undefined,
                allowGlobalAccess: plan.globalAccess ? true : undefined,
                subnetwork: subnetworkOf(fr.family, fr),
            },
            { parent, ...REPLACE_FORWARDING_RULE },
        );
    });
    return loadBalancer(plan, addresses, healthChecks, backendServices, forwardingRules);
}

function createProxy(plan: GcpPlan, groups: Groups, parent: pulumi.Resource): LoadBalancer {
    const project = input(plan.project);
    const labels = tagsInput(plan.cluster.tags);
    const scheme = "EXTERNAL_MANAGED";
    const addresses = keyed(plan.addresses, (a) =>
        a.existing !== undefined
            ? kept(a.existing)
            : new compute.GlobalAddress(
                  a.logicalName,
                  {
                      project,
                      name: a.name,
                      labels,
                      addressType: "EXTERNAL",
                      ipVersion: ipVersion(a.family),
                  },
                  { parent, protect: plan.cluster.protectAddresses },
              ),
    );
    const healthChecks = keyed(
        plan.healthChecks,
        (hc) =>
            new compute.HealthCheck(
                hc.logicalName,
                { project, ...healthCheckArgs(hc) },
                { parent },
            ),
    );
    const policies = keyed(
        plan.securityPolicies,
        (p) =>
            new compute.SecurityPolicy(
                p.logicalName,
                {
                    project,
                    name: p.name,
                    // A backend security policy, the kind a backend service of the proxy takes.
                    type: "CLOUD_ARMOR",
                    rules: [
                        ...p.rules.map((rule) => ({
                            action: "allow",
                            priority: rule.priority,
                            description: rule.description,
                            match: srcIps(rule.srcIpRanges),
                        })),
                        {
                            action: "deny(403)",
                            priority: ARMOR_DEFAULT_PRIORITY,
                            description: "everyone else",
                            match: srcIps(["*"]),
                        },
                    ],
                },
                { parent },
            ),
    );
    const backendServices = keyed(
        plan.backendServices,
        (b) =>
            new compute.BackendService(
                b.logicalName,
                {
                    project,
                    name: b.name,
                    loadBalancingScheme: scheme,
                    protocol: "TCP",
                    // The proxies connect to this named port of each instance group: the target port.
                    portName: b.portName,
                    timeoutSec: b.timeoutSeconds,
                    connectionDrainingTimeoutSec: b.drainingTimeoutSeconds,
                    securityPolicy:
                        b.securityPolicy === undefined
                            ? undefined
                            : policies.get(b.securityPolicy)!.selfLink,
                    healthChecks: healthChecks.get(b.healthCheck)!.id,
                    backends: groups[b.role].apply((links) =>
                        links.map((group) => ({
                            group,
                            balancingMode: "UTILIZATION",
                            capacityScaler: 1,
                        })),
                    ),
                },
                { parent },
            ),
    );
    const proxies = keyed(
        plan.targetProxies,
        (p) =>
            new compute.TargetTCPProxy(
                p.logicalName,
                {
                    project,
                    name: p.name,
                    backendService: backendServices.get(p.backendService)!.id,
                    proxyHeader: "NONE",
                },
                { parent },
            ),
    );
    const forwardingRules = keyed(
        plan.forwardingRules,
        (fr) =>
            new compute.GlobalForwardingRule(
                fr.logicalName,
                {
                    project,
                    name: fr.name,
                    labels,
                    loadBalancingScheme: scheme,
                    target: proxies.get(fr.targetProxy!)!.id,
                    ipProtocol: "TCP",
                    portRange: String(fr.ports[0]),
                    ipVersion: ipVersion(fr.family),
                    ipAddress: addresses.get(fr.address)!.address,
                },
                { parent, ...REPLACE_FORWARDING_RULE },
            ),
    );
    return loadBalancer(plan, addresses, healthChecks, backendServices, forwardingRules);
}

const srcIps = (srcIpRanges: string[]) => ({
    versionedExpr: "SRC_IPS_V1",
    config: { srcIpRanges },
});
