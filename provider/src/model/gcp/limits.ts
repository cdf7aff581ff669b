// Google Cloud's limits that the plan checks against: health checks, timeouts, Cloud Armor
// ranges per rule, forwarding rules per internal address and labels.
import { CloudLimits } from "../cluster";

export const GCP_LIMITS: CloudLimits = {
    cloud: "Google Cloud",
    // Google Cloud limits forwarding rules and backend services per project (quotas), not per
    // load balancer. The one hard limit, 10 forwarding rules per shared internal address, is
    // checked by planGcp.
    maxFrontends: Number.POSITIVE_INFINITY,
    interval: { min: 1, max: 300, what: "a health-check interval (1-300 seconds)" },
    timeout: { min: 1, max: 300, what: "a health-check timeout (1-300 seconds)" },
    threshold: { min: 1, max: 10, what: "a health-check threshold (1-10)" },
    // A backend service's timeoutSec, which the proxies use as their idle timeout:
    // https://cloud.google.com/load-balancing/docs/backend-service#timeout-setting
    idleTimeout: {
        min: 1,
        max: 2147483647,
        what: "a backend service timeout (1-2147483647 seconds)",
    },
    // Issue 17, defect 11: firewall rules admit by source on every tagged node, so "everyone"
    // would open the target ports to the internet on nodes with external addresses. Internal
    // clients default to private sources: RFC 1918 for IPv4, and the unique local fc00::/7
    // (RFC 4193) for IPv6, which holds Google's internal IPv6 ranges (Compute v1 discovery,
    // Network.enableUlaInternalIpv6: "a /48 from google defined ULA prefix fd20::/20").
    // Clients elsewhere (RFC 6598, privately used public ranges, external IPv6) are listed by the user.
    internalDefaultCidrs: {
        ipv4: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
        ipv6: ["fc00::/7"],
    },
};

/**
 * Passthrough load balancers have no idle timeout of their own: the backend service's
 * timeoutSec is not theirs, and connectionTrackingPolicy.idleTimeoutSec can be set only on
 * internal ones with a session affinity short of the 5-tuple
 * (https://cloud.google.com/compute/docs/reference/rest/v1/regionBackendServices, connectionTrackingPolicy).
 * What cuts an idle TCP connection is the VPC's connection tracking, fixed at 10 minutes
 * (https://cloud.google.com/compute/docs/troubleshooting/general-tips#idle-connections).
 */
export const PASSTHROUGH_IDLE_TIMEOUT = 600;

/** https://cloud.google.com/compute/docs/reference/rest/v1/securityPolicies: "Maximum number of src_ip_ranges allowed is 10." */
export const MAX_RANGES_PER_ARMOR_RULE = 10;

/** Compute Engine's health-check timeout when none is set; it may not exceed the interval. */
export const GCP_DEFAULT_TIMEOUT = 5;

/** https://cloud.google.com/load-balancing/docs/quotas (internal forwarding rules per shared address). */
export const MAX_RULES_PER_INTERNAL_ADDRESS = 10;

export const MAX_LABELS = 64;

/**
 * Time allowed for Google's load balancers to act on a backend's new health state; Google
 * documents none (docs/rollouts.md), so the AWS figure measured in
 * https://github.com/kubernetes-sigs/cluster-api-provider-aws/issues/6254 stands in.
 */
export const GCP_HEALTH_PROPAGATION_SECONDS = 10;
