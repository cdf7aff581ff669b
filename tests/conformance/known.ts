// The violations today's components still have, each waiting for the fix named beside it.
// The conformance test fails on any violation not listed here, and on any entry that no longer
// matches a violation: remove an entry when its fix lands, until the list is empty.
import { Violation } from "./violations";

export interface KnownDefect {
    rule: string;
    /** Ids of the scenarios (suite test titles, examples, generated clusters) it occurs in. */
    scenarios: RegExp;
    waitsFor: string;
}

const AWS_TIMEOUT = "issue 9: AWS health checks default to interval 10 s while the NLB's default timeout is 10 s (the interval must exceed it)";
const AWS_UDP = "issue 9: a UDP listener on a dualstack NLB needs enablePrefixForIpv6SourceNat and a source NAT prefix per subnet mapping";
const AZURE_OUTBOUND = "issue 9: Azure outbound rules, one per pool, share each family's frontend (one outbound rule per frontend and protocol)";

export const KNOWN_DEFECTS: KnownDefect[] = [
    { rule: "aws/health-check-interval-above-timeout", scenarios: /^suite: AwsHaCluster /, waitsFor: AWS_TIMEOUT },
    { rule: "aws/health-check-interval-above-timeout", scenarios: /^example: examples\/aws-ts\//, waitsFor: AWS_TIMEOUT },
    { rule: "aws/health-check-interval-above-timeout", scenarios: /^generated aws /, waitsFor: AWS_TIMEOUT },
    { rule: "aws/udp-on-dualstack-needs-ipv6-source-nat", scenarios: /^suite: AwsHaCluster security never opens a health-check port to a CIDR$/, waitsFor: AWS_UDP },
    { rule: "aws/udp-on-dualstack-needs-ipv6-source-nat", scenarios: /^generated aws /, waitsFor: AWS_UDP },
    { rule: "azure/one-outbound-rule-per-frontend-and-protocol", scenarios: /^suite: AzureHaCluster /, waitsFor: AZURE_OUTBOUND },
    { rule: "azure/one-outbound-rule-per-frontend-and-protocol", scenarios: /^example: examples\/azure-ts\//, waitsFor: AZURE_OUTBOUND },
    { rule: "azure/one-outbound-rule-per-frontend-and-protocol", scenarios: /^generated azure /, waitsFor: AZURE_OUTBOUND },
];

export const isKnown = (v: Violation) => KNOWN_DEFECTS.some((d) => d.rule === v.rule && d.scenarios.test(v.scenario));
