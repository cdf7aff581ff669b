// AWS rules from the Elastic Load Balancing, EC2 and tagging references that cfn-lint's
// resource schemas do not carry (relations between properties and between resources).
import { Registered } from "../../support/harness";
import { Inputs, maybe, obj, objs, str } from "../../support/inputs";
import { finding, groupBy, ofType, Rule } from "./rule";

const TG = "aws:lb/targetGroup:TargetGroup";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const TAGGED = [TG, LB, LISTENER, SG, INGRESS, EGRESS, "aws:ec2/eip:Eip"];

// Network Load Balancer health checks: "HealthCheckTimeoutSeconds ... The default is 6 seconds
// for HTTP health checks and 10 seconds for TCP and HTTPS health checks"
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html;
// CreateTargetGroup states the same per protocol). These are the values since the November 2022
// change that made NLB timeouts configurable (https://github.com/aws/aws-cdk/pull/26031).
const DEFAULT_TIMEOUT: Record<string, number> = { HTTP: 6, HTTPS: 10, TCP: 10 };

const ELB_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/;

export const AWS_RULES: Rule[] = [
    {
        id: "aws/health-check-interval-above-timeout",
        // The timeout, the default included, may not exceed the interval: AWS answers
        // "ValidationError: Health check interval must be greater than the timeout" when it does
        // (https://github.com/terraform-linters/tflint-ruleset-aws/issues/404). Since NLB timeouts
        // became configurable (November 2022) an equal timeout is accepted: CDK validates "not
        // greater than" (https://github.com/aws/aws-cdk/pull/26031), an HTTP check at interval 6
        // with the 6 s default works while interval 5 fails
        // (https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/2951, #2898), and
        // Typhoon's NLB checks TCP every 10 s with the 10 s default (aws/fedora-coreos/kubernetes/nlb.tf).
        // The 2017 refusal of 10 against 10 (terraform-provider-aws#2366) predates that change.
        source: "https://github.com/aws/aws-cdk/pull/26031",
        check: (resources) =>
            ofType(resources, TG).flatMap((tg) => {
                const hc: Inputs = maybe(obj, tg.inputs, "healthCheck") ?? {};
                const interval = hc.interval ?? 30;
                const timeout = hc.timeout ?? DEFAULT_TIMEOUT[String(hc.protocol ?? "TCP")];
                return Number(timeout) > Number(interval)
                    ? [
                          finding(
                              tg,
                              `health check timeout ${timeout}s${hc.timeout === undefined ? ` (the ${hc.protocol ?? "TCP"} default)` : ""} exceeds the interval ${interval}s`,
                          ),
                      ]
                    : [];
            }),
    },
    {
        id: "aws/security-group-rules-per-family-quota",
        // "Inbound or outbound rules per security group: 60 ... enforced separately for IPv4 and
        // IPv6"; a rule referencing a security group counts for both families.
        source: "https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html#vpc-limits-security-groups",
        check: (resources) => {
            const rules = [...ofType(resources, INGRESS), ...ofType(resources, EGRESS)];
            const families = (r: Registered) =>
                r.inputs.cidrIpv4 ? ["IPv4"] : r.inputs.cidrIpv6 ? ["IPv6"] : ["IPv4", "IPv6"];
            const keyed = rules.flatMap((r) =>
                families(r).map((family) => ({
                    r,
                    key: `${r.inputs.securityGroupId} ${r.type === INGRESS ? "inbound" : "outbound"} ${family}`,
                })),
            );
            return [...groupBy(keyed, (k) => k.key)].flatMap(([key, list]) =>
                list.length > 60
                    ? [finding(list[60].r, `${list.length} rules for ${key} (quota 60)`)]
                    : [],
            );
        },
    },
    {
        id: "aws/security-group-name",
        // "Constraints: Up to 255 characters in length. Cannot start with sg-."
        source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html",
        check: (resources) =>
            ofType(resources, SG).flatMap((sg) => {
                const name = maybe(str, sg.inputs, "name") ?? "";
                return name.startsWith("sg-") || name.length > 255
                    ? [
                          finding(
                              sg,
                              `group name ${sg.inputs.name} starts with sg- or exceeds 255 characters`,
                          ),
                      ]
                    : [];
            }),
    },
    {
        id: "aws/tags",
        // Keys may not start with "aws:" (reserved), at most 50 user tags per resource, keys up
        // to 128 and values up to 256 characters.
        source: "https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html#tag-conventions",
        check: (resources) =>
            resources
                .filter((r) => TAGGED.includes(r.type))
                .flatMap((r) => {
                    const tags = Object.entries(maybe(obj, r.inputs, "tags") ?? {});
                    const bad = tags
                        .filter(
                            ([k, v]) =>
                                k.toLowerCase().startsWith("aws:") ||
                                k.length > 128 ||
                                String(v).length > 256,
                        )
                        .map(([k]) => k);
                    return [
                        ...(tags.length > 50
                            ? [finding(r, `${tags.length} tags (at most 50)`)]
                            : []),
                        ...(bad.length > 0
                            ? [
                                  finding(
                                      r,
                                      `tag keys ${bad.join(", ")} are reserved (aws:) or too long`,
                                  ),
                              ]
                            : []),
                    ];
                }),
    },
    {
        id: "aws/udp-on-dualstack-needs-ipv6-source-nat",
        // EnablePrefixForIpv6SourceNat: "[Network Load Balancers with UDP listeners] Indicates
        // whether to use an IPv6 prefix from each subnet for source NAT. The IP address type must
        // be dualstack." A dualstack NLB accepts a UDP listener only with it on, and subnet
        // mappings each need a SourceNatIpv6Prefix (or "auto_assigned");
        // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SubnetMapping.html.
        // Subnets given without mappings get theirs assigned: CDK's deployed integration test
        // integ.nlb-enable-prefix-for-ipv6-nat.ts sets only the attribute and the subnets.
        source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-listeners.html",
        check: (resources) =>
            ofType(resources, LB).flatMap((lb) => {
                if (lb.inputs.ipAddressType !== "dualstack") return [];
                const udp = ofType(resources, LISTENER).filter(
                    (l) => l.inputs.protocol === "UDP" || l.inputs.protocol === "TCP_UDP",
                );
                if (udp.length === 0) return [];
                const mappings = maybe(objs, lb.inputs, "subnetMappings") ?? [];
                const ok =
                    lb.inputs.enablePrefixForIpv6SourceNat === "on" &&
                    mappings.every((m) => m.sourceNatIpv6Prefix);
                return ok
                    ? []
                    : [
                          finding(
                              lb,
                              `dualstack NLB with UDP listeners on ${udp.map((l) => l.inputs.port).join(", ")} lacks enablePrefixForIpv6SourceNat "on" and a sourceNatIpv6Prefix per subnet mapping`,
                          ),
                      ];
            }),
    },
    {
        id: "aws/target-group-name",
        // "This name must be unique per region per account, can have a maximum of 32 characters,
        // must contain only alphanumeric characters or hyphens, and must not begin or end with a hyphen."
        source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html",
        check: (resources) =>
            ofType(resources, TG).flatMap((tg) => {
                const name = str(tg.inputs, "name");
                return name.length > 32 || !ELB_NAME.test(name)
                    ? [finding(tg, `target group name ${name}`)]
                    : [];
            }),
    },
    {
        id: "aws/load-balancer-name",
        // "...maximum of 32 characters, must contain only alphanumeric characters or hyphens, must
        // not begin or end with a hyphen, and must not begin with 'internal-'."
        source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html",
        check: (resources) =>
            ofType(resources, LB).flatMap((lb) => {
                const name = str(lb.inputs, "name");
                return name.length > 32 || !ELB_NAME.test(name) || name.startsWith("internal-")
                    ? [finding(lb, `load balancer name ${name}`)]
                    : [];
            }),
    },
    {
        id: "aws/listener-port-protocol-unique",
        // A load balancer has one listener per port and protocol, and TCP and UDP on one port
        // must be a single TCP_UDP listener: "you can't create a TCP listener and a UDP listener
        // on the same port" (DuplicateListener).
        source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-listeners.html",
        check: (resources) =>
            [
                ...groupBy(
                    ofType(resources, LISTENER),
                    (l) => `${l.inputs.loadBalancerArn} ${l.inputs.port}`,
                ),
            ].flatMap(([, list]) =>
                list.length > 1
                    ? [
                          finding(
                              list[1],
                              `${list.length} listeners on port ${list[0].inputs.port} (${list.map((l) => l.inputs.protocol).join(", ")})`,
                          ),
                      ]
                    : [],
            ),
    },
];
