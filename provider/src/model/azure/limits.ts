// Azure's limits that the plan checks against: probe ranges and idle timeouts.
import { IntRange } from "../read";
import { CloudLimits } from "../cluster";

/**
 * Time allowed for Azure to act on a probe's verdict; Azure documents none (docs/rollouts.md),
 * so the AWS figure measured in
 * https://github.com/kubernetes-sigs/cluster-api-provider-aws/issues/6254 stands in.
 */
export const AZURE_HEALTH_PROPAGATION_SECONDS = 10;

export const AZURE_LIMITS: CloudLimits = {
    cloud: "Azure",
    // Every frontend may bring a source set of its own per family, each an NSG rule in the
    // cluster's range of 400 priorities (see security.ts); an NSG holds at most 1000 rules.
    maxFrontends: 300,
    interval: { min: 5, max: 2147483646, what: "an Azure probe interval (5 seconds or more)" },
    timeout: { unsupported: "Azure load balancer probes have no timeout setting" },
    // probeThreshold: consecutive probes that take a backend out of rotation, and back in.
    threshold: { min: 1, max: 100, what: "an Azure probe threshold (1-100)" },
    oneThreshold: "an Azure probe has one threshold (probeThreshold) for both directions",
    // idleTimeoutInMinutes, 4 to 100 minutes for load-balancing rules, in whole minutes (see
    // checkIdleTimeouts): https://learn.microsoft.com/azure/load-balancer/load-balancer-tcp-idle-timeout
    // The REST model's description of the field still says 4-30; the current documentation
    // page, which names load-balancing, outbound and inbound NAT rules, is followed here.
    idleTimeout: {
        min: 240,
        max: 6000,
        what: "an Azure idle timeout (240-6000 seconds, 4-100 minutes)",
    },
};

/**
 * A load-balancing rule's frontendPort: "Acceptable values are between 0 and 65534. Note that
 * value 0 enables 'Any Port'" (LoadBalancingRulePropertiesFormat, Microsoft.Network REST API:
 * https://learn.microsoft.com/rest/api/load-balancer/load-balancers/create-or-update#loadbalancingrule).
 * The shared model takes 1-65535, so only 65535 is Azure's own refusal.
 */
export const AZURE_MAX_FRONTEND_PORT = 65534;

/**
 * Tags (https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations):
 * at most 50 name-value pairs per resource, names up to 512 characters, values up to 256, and
 * names "can't contain these characters: <, >, %, &, \, ?, /".
 */
export const AZURE_TAGS = {
    max: 50,
    nameLength: 512,
    valueLength: 256,
    forbidden: ["<", ">", "%", "&", "\\", "?", "/"],
} as const;

/** A security rule's description: "Restricted to 140 chars" (SecurityRulePropertiesFormat, REST API). */
export const AZURE_RULE_DESCRIPTION_LENGTH = 140;

/**
 * Outbound rules: an idle timeout of 4-120 minutes, and SNAT ports from the 64,000 ephemeral
 * ports each frontend IP gives
 * (https://learn.microsoft.com/azure/load-balancer/outbound-rules,
 * https://learn.microsoft.com/azure/load-balancer/load-balancer-outbound-connections).
 */
export const OUTBOUND_IDLE_MINUTES: IntRange = {
    min: 4,
    max: 120,
    what: "an outbound idle timeout (4-120 minutes)",
};

export const OUTBOUND_PORTS: IntRange = {
    min: 1,
    max: 64000,
    what: "SNAT ports per instance (1-64000, the ephemeral ports of one frontend IP)",
};

/**
 * Public IPs per outbound rule and family: each gives the rule's backends another 64,000 SNAT
 * ports (https://learn.microsoft.com/azure/load-balancer/outbound-rules). AKS, which builds the
 * same outbound rules, takes 1-100 per family (ManagedClusterLoadBalancerProfileManagedOutboundIPs
 * count and countIPv6: https://learn.microsoft.com/javascript/api/@azure/arm-containerservice/managedclusterloadbalancerprofilemanagedoutboundips).
 */
export const OUTBOUND_IP_COUNT: IntRange = {
    min: 1,
    max: 100,
    what: "public IPs per outbound rule (1-100, AKS's range)",
};
