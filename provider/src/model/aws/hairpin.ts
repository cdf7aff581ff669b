// AWS needs no node-side hairpin script. The apiserver's target group and every target group
// of an internal NLB keep client IP preservation off, so the NLB itself returns a node's own
// flow to it; flows with preserved client IPs (public ingress and TCP services by default, UDP
// always) cannot hairpin at all, and no node-side rule fixes that: "NAT loopback, also known
// as hairpinning, is not supported when client IP preservation is enabled"
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-troubleshooting.html).

/** The script every node runs at boot: none on AWS. */
export function awsHairpinScript(): string {
    return "";
}
