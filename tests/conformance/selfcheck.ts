// Broken copies of real clusters, judged in the same batch as everything else, so that each
// validator shows it can fail: every listed rule must report on its broken copy.
import { Registered } from "../support/harness";
import { Inputs, maybe, obj, objs } from "../support/inputs";
import { Scenario } from "./collect";

type Break = {
    type: string;
    change: (inputs: Inputs) => Inputs;
    expect: string[];
};

const BREAKS: Record<Scenario["cloud"], Break[]> = {
    aws: [
        {
            type: "aws:lb/targetGroup:TargetGroup",
            change: (i) => ({
                ...i,
                healthCheck: { ...maybe(obj, i, "healthCheck"), interval: 400, timeout: 10 },
            }),
            expect: ["cfn-lint/E3034"],
        },
        {
            type: "aws:lb/targetGroup:TargetGroup",
            change: (i) => ({
                ...i,
                healthCheck: { ...maybe(obj, i, "healthCheck"), interval: 6, timeout: 7 },
            }),
            expect: ["aws/health-check-interval-above-timeout"],
        },
        {
            type: "aws:ec2/securityGroup:SecurityGroup",
            change: (i) => ({ ...i, name: "sg-clash", tags: { "aws:owner": "x" } }),
            expect: ["aws/security-group-name", "aws/tags"],
        },
        {
            type: "aws:lb/loadBalancer:LoadBalancer",
            change: (i) => ({ ...i, name: "internal-front" }),
            expect: ["aws/load-balancer-name"],
        },
        {
            type: "aws:lb/targetGroup:TargetGroup",
            change: (i) => ({ ...i, name: "-apiserver-" }),
            expect: ["aws/target-group-name"],
        },
    ],
    gcp: [
        {
            type: "gcp:compute/forwardingRule:ForwardingRule",
            change: (i) => ({
                ...i,
                name: "Bad_Name",
                ports: ["1", "2", "3", "4", "5", "6"],
                ipProtocol: "TCPX",
            }),
            expect: [
                "gcp-discovery/name",
                "gcp-discovery/enum",
                "gcp/forwarding-rule-ports",
                "gcp/passthrough-keeps-the-port",
            ],
        },
        {
            type: "gcp:compute/regionBackendService:RegionBackendService",
            change: (i) => ({ ...i, timeoutSec: 30 }),
            expect: ["gcp/backend-service-timeout"],
        },
        {
            type: "gcp:compute/regionHealthCheck:RegionHealthCheck",
            change: (i) => ({ ...i, checkIntervalSec: 5, timeoutSec: 20 }),
            expect: ["gcp/health-check-timeout"],
        },
        {
            type: "gcp:compute/address:Address",
            change: (i) => ({ ...i, labels: { Team: "Platform" } }),
            expect: ["gcp/labels"],
        },
        {
            type: "gcp:compute/firewall:Firewall",
            change: (i) => ({ ...i, sourceRange: i.sourceRanges }),
            expect: ["gcp-discovery/unknown-field"],
        },
        {
            type: "gcp:dns/recordSet:RecordSet",
            change: (i) => ({ ...i, ttl: "soon", rrdata: i.rrdatas }),
            expect: ["gcp-discovery/type", "gcp-discovery/unknown-field"],
        },
    ],
    azure: [
        {
            type: "azure-native:network:LoadBalancer",
            change: (i) => ({
                ...i,
                probes: objs(i, "probes").map((p) => ({
                    ...p,
                    intervalInSeconds: 2,
                    protocol: "Tcpx",
                })),
            }),
            expect: ["azure-models/enum", "azure/probe-settings"],
        },
        {
            type: "azure-native:network:LoadBalancer",
            change: (i) => ({
                ...i,
                loadBalancingRules: [
                    ...objs(i, "loadBalancingRules"),
                    { ...obj(i, "loadBalancingRules", 0), name: "copy" },
                ],
            }),
            expect: ["azure/load-balancing-rule-uniqueness"],
        },
        {
            type: "azure-native:network:SecurityRule",
            change: (i) => ({ ...i, priority: 5000, sourcePortRanges: "*", sourcePort: "*" }),
            expect: ["azure-models/unknown-field", "azure/nsg-rule-priority"],
        },
        {
            type: "azure-native:network:SecurityRule",
            change: (i) => ({ ...i, description: "x".repeat(141) }),
            expect: ["azure/nsg-rule-description"],
        },
        {
            type: "azure-native:network:LoadBalancer",
            change: (i) => ({
                ...i,
                tags: { "kubernetes.io/cluster/prod": "owned" },
                loadBalancingRules: objs(i, "loadBalancingRules").map((r) => ({
                    ...r,
                    frontendPort: 65535,
                })),
            }),
            expect: ["azure/frontend-port", "azure/tags"],
        },
        {
            type: "azure-native:dns:RecordSet",
            change: (i) => ({
                ...i,
                recordType: "A",
                aRecords: [{ ipv4Address: "2001:db8::1" }],
                aaaaRecords: [],
            }),
            expect: ["azure/dns-record-set"],
        },
    ],
};

export interface SelfCheck {
    scenario: Scenario;
    expect: string[];
}

/** One broken copy per break, of the first scenario that has the resource to break. */
export function selfChecks(scenarios: Scenario[]): SelfCheck[] {
    return (Object.keys(BREAKS) as Scenario["cloud"][]).flatMap((cloud) =>
        BREAKS[cloud].map((b, i) => {
            const base = scenarios.find(
                (s) => s.cloud === cloud && s.resources.some((r) => r.type === b.type),
            )!;
            const target = base.resources.find((r) => r.type === b.type)!;
            const resources: Registered[] = base.resources.map((r) =>
                r === target ? { ...r, inputs: b.change(r.inputs) } : r,
            );
            return {
                scenario: {
                    id: `selfcheck ${cloud} #${i + 1} (${b.expect.join(", ")})`,
                    cloud,
                    resources,
                },
                expect: b.expect,
            };
        }),
    );
}
