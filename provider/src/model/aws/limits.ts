// AWS's limits that the plan checks against: health-check ranges, idle timeouts, tags and
// the security-group rule quota.
import { CloudLimits } from "../cluster";

export const AWS_LIMITS: CloudLimits = {
    cloud: "AWS",
    maxFrontends: 50,
    interval: { min: 5, max: 300, what: "an NLB health-check interval (5-300 seconds)" },
    timeout: { min: 2, max: 120, what: "an NLB health-check timeout (2-120 seconds)" },
    threshold: { min: 2, max: 10, what: "an NLB health-check threshold (2-10)" },
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ListenerAttribute.html
    idleTimeout: { min: 60, max: 6000, what: "an NLB TCP idle timeout (60-6000 seconds)" },
};

/**
 * An NLB acts on a target's new state within about 10 s: connections were refused for ~10 s
 * after the target entered draining in
 * https://github.com/kubernetes-sigs/cluster-api-provider-aws/issues/6254.
 */
export const AWS_HEALTH_PROPAGATION_SECONDS = 10;

/** What AWS takes as tags (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html). */
export const AWS_MAX_TAGS = 50;

/**
 * AWS's default quota: 60 inbound and 60 outbound rules per security group, counted per IP
 * family; a rule whose peer is a security group counts once for IPv4 and once for IPv6, and a
 * managed prefix list counts as its maximum entries, so it saves nothing
 * (https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups).
 */
export const AWS_RULES_PER_GROUP = 60;
