// AWS: the registered resources, translated to the CloudFormation resources with the same
// API properties, judged by AWS's own linter, cfn-lint (pinned in python/requirements.txt).
// References to resources of the same cluster become Ref/GetAtt; every other ID (given or
// unknown during a preview) becomes a Parameter of the type CloudFormation expects.
// aws:autoscaling/attachment has no CloudFormation resource (the group's TargetGroupARNs
// carries it) and is not translated.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Registered } from "../support/harness";
import { list, maybe, obj, objs, str } from "../support/inputs";
import { Scenario } from "./collect";
import { venvBin } from "./python";
import { resourceLabel, Violation } from "./violations";

type Json = Record<string, unknown>;
type Translate = (r: Registered, t: Translation) => Json;

/**
 * One resource's translation. Every ID it refers to becomes a Parameter of the CloudFormation
 * type that ID has, numbered in order of use, so that resources alike in everything but the IDs
 * they point at translate identically and are linted once.
 */
class Translation {
    readonly parameters: Json = {};
    private readonly seen = new Map<string, string>();

    constructor(readonly registered: Registered[]) {}

    param(type: string, value: unknown): Json {
        const key = `${type} ${JSON.stringify(value)}`;
        if (!this.seen.has(key)) {
            const id = `P${this.seen.size}${type.replace(/[^A-Za-z0-9]/g, "")}`;
            this.seen.set(key, id);
            this.parameters[id] = { Type: type };
        }
        return { Ref: this.seen.get(key)! };
    }
}

const SG = "aws:ec2/securityGroup:SecurityGroup";
const LB = "aws:lb/loadBalancer:LoadBalancer";
const TG = "aws:lb/targetGroup:TargetGroup";
const ATTACHMENT = "aws:lb/targetGroupAttachment:TargetGroupAttachment";

const tags = (value: unknown) => {
    const list = Object.entries(value ?? {}).map(([Key, Value]) => ({ Key, Value }));
    return list.length > 0 ? { Tags: list } : {};
};
const defined = (o: Json): Json =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function rule(r: Registered, t: Translation, egress: boolean): Json {
    const i = r.inputs;
    return defined({
        GroupId: t.param("AWS::EC2::SecurityGroup::Id", i.securityGroupId),
        IpProtocol: i.ipProtocol,
        FromPort: i.fromPort,
        ToPort: i.toPort,
        Description: i.description,
        CidrIp: i.cidrIpv4,
        CidrIpv6: i.cidrIpv6,
        [egress ? "DestinationSecurityGroupId" : "SourceSecurityGroupId"]:
            i.referencedSecurityGroupId === undefined
                ? undefined
                : t.param("AWS::EC2::SecurityGroup::Id", i.referencedSecurityGroupId),
    });
}

const TRANSLATE: Record<string, [string, Translate]> = {
    [SG]: [
        "AWS::EC2::SecurityGroup",
        (r, t) =>
            defined({
                GroupName: r.inputs.name,
                GroupDescription: r.inputs.description,
                VpcId: t.param("AWS::EC2::VPC::Id", r.inputs.vpcId),
                ...tags(r.inputs.tags),
            }),
    ],
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": [
        "AWS::EC2::SecurityGroupIngress",
        (r, t) => rule(r, t, false),
    ],
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": [
        "AWS::EC2::SecurityGroupEgress",
        (r, t) => rule(r, t, true),
    ],
    "aws:ec2/eip:Eip": [
        "AWS::EC2::EIP",
        (r) => defined({ Domain: r.inputs.domain, ...tags(r.inputs.tags) }),
    ],
    [LB]: [
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        (r, t) => {
            const i = r.inputs;
            return defined({
                Name: i.name,
                Type: i.loadBalancerType,
                Scheme: i.internal ? "internal" : "internet-facing",
                IpAddressType: i.ipAddressType,
                SecurityGroups: maybe(list, i, "securityGroups")?.map((id) =>
                    t.param("AWS::EC2::SecurityGroup::Id", id),
                ),
                Subnets: maybe(list, i, "subnets")?.map((s) => t.param("AWS::EC2::Subnet::Id", s)),
                SubnetMappings: maybe(objs, i, "subnetMappings")?.map((m) =>
                    defined({
                        SubnetId: t.param("AWS::EC2::Subnet::Id", m.subnetId),
                        AllocationId: m.allocationId && t.param("String", m.allocationId),
                        IPv6Address: m.ipv6Address,
                        PrivateIPv4Address: m.privateIpv4Address,
                        SourceNatIpv6Prefix: m.sourceNatIpv6Prefix,
                    }),
                ),
                EnablePrefixForIpv6SourceNat: i.enablePrefixForIpv6SourceNat,
                LoadBalancerAttributes:
                    i.enableCrossZoneLoadBalancing === undefined
                        ? undefined
                        : [
                              {
                                  Key: "load_balancing.cross_zone.enabled",
                                  Value: String(i.enableCrossZoneLoadBalancing),
                              },
                          ],
                ...tags(i.tags),
            });
        },
    ],
    [TG]: [
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        (r, t) => {
            const i = r.inputs;
            const hc: Json = maybe(obj, i, "healthCheck") ?? {};
            const targets = t.registered
                .filter(
                    (a) =>
                        a.type === ATTACHMENT &&
                        str(a.inputs, "targetGroupArn").includes(`/${i.name}/`),
                )
                .map((a) => ({
                    Id: /^i-/.test(String(a.inputs.targetId))
                        ? t.param("AWS::EC2::Instance::Id", a.inputs.targetId)
                        : a.inputs.targetId,
                    Port: a.inputs.port,
                }));
            return defined({
                Name: i.name,
                Port: i.port,
                Protocol: i.protocol,
                TargetType: i.targetType,
                VpcId: t.param("AWS::EC2::VPC::Id", i.vpcId),
                HealthCheckEnabled: hc.enabled,
                HealthCheckProtocol: hc.protocol,
                HealthCheckPort: hc.port,
                HealthCheckPath: hc.path,
                HealthCheckIntervalSeconds: hc.interval,
                HealthCheckTimeoutSeconds: hc.timeout,
                HealthyThresholdCount: hc.healthyThreshold,
                UnhealthyThresholdCount: hc.unhealthyThreshold,
                TargetGroupAttributes:
                    i.preserveClientIp === undefined
                        ? undefined
                        : [{ Key: "preserve_client_ip.enabled", Value: i.preserveClientIp }],
                Targets: targets.length > 0 ? targets : undefined,
                ...tags(i.tags),
            });
        },
    ],
    "aws:lb/listener:Listener": [
        "AWS::ElasticLoadBalancingV2::Listener",
        (r, t) =>
            defined({
                LoadBalancerArn: t.param("String", r.inputs.loadBalancerArn),
                Port: r.inputs.port,
                Protocol: r.inputs.protocol,
                DefaultActions: objs(r.inputs, "defaultActions").map((a) => ({
                    Type: a.type,
                    TargetGroupArn: t.param("String", a.targetGroupArn),
                })),
            }),
    ],
    "aws:ec2/route:Route": [
        "AWS::EC2::Route",
        (r, t) => {
            const i = r.inputs;
            const target = (key: string, cfn: string) =>
                i[key] === undefined ? {} : { [cfn]: t.param("String", i[key]) };
            return defined({
                RouteTableId: t.param("String", i.routeTableId),
                DestinationCidrBlock: i.destinationCidrBlock,
                DestinationIpv6CidrBlock: i.destinationIpv6CidrBlock,
                ...target("gatewayId", "GatewayId"),
                ...target("natGatewayId", "NatGatewayId"),
                ...target("vpcPeeringConnectionId", "VpcPeeringConnectionId"),
                ...target("transitGatewayId", "TransitGatewayId"),
                ...target("networkInterfaceId", "NetworkInterfaceId"),
                ...target("egressOnlyGatewayId", "EgressOnlyInternetGatewayId"),
            });
        },
    ],
    "aws:route53/record:Record": [
        "AWS::Route53::RecordSet",
        (r, t) => {
            const alias = maybe(objs, r.inputs, "aliases")?.[0];
            return defined({
                HostedZoneId: t.param("AWS::Route53::HostedZone::Id", r.inputs.zoneId),
                Name: r.inputs.name,
                Type: r.inputs.type,
                AliasTarget: alias && {
                    DNSName: t.param("String", alias.name),
                    HostedZoneId: t.param("String", alias.zoneId),
                    EvaluateTargetHealth: alias.evaluateTargetHealth,
                },
            });
        },
    ],
};

/** The CloudFormation resource for a registered one, or undefined when it has none. */
function awsResource(
    r: Registered,
    scenario: Registered[],
): { resource: Json; parameters: Json } | undefined {
    if (!TRANSLATE[r.type]) return undefined;
    const [type, translate] = TRANSLATE[r.type];
    const t = new Translation(scenario);
    const properties = translate(r, t);
    return { resource: { Type: type, Properties: properties }, parameters: t.parameters };
}

interface CfnMatch {
    Filename: string;
    Level: string;
    Message: string;
    Location: { Path: (string | number)[] };
    Rule: { Id: string; Source: string; Description: string };
}

// cfn-lint costs ~20 ms of CPU per resource, so each distinct translation is linted once and
// its findings are reported for every resource that translates to it.
const RESOURCES_PER_TEMPLATE = 400;

/** Lints every translatable resource of every scenario with one cfn-lint process. */
export function lintAws(scenarios: Scenario[]): Violation[] {
    const distinct = new Map<
        string,
        { resource: Json; parameters: Json; users: { scenario: string; resource: string }[] }
    >();
    for (const s of scenarios) {
        for (const r of s.resources) {
            const translated = awsResource(r, s.resources);
            if (!translated) continue;
            const key = JSON.stringify(translated);
            if (!distinct.has(key)) distinct.set(key, { ...translated, users: [] });
            distinct.get(key)!.users.push({ scenario: s.id, resource: resourceLabel(r) });
        }
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hacluster-cfn-"));
    const entries = [...distinct.values()];
    const files: string[] = [];
    for (let start = 0; start < entries.length; start += RESOURCES_PER_TEMPLATE) {
        const chunk = entries.slice(start, start + RESOURCES_PER_TEMPLATE);
        const template = {
            AWSTemplateFormatVersion: "2010-09-09",
            Parameters: Object.assign({}, ...chunk.map((e) => e.parameters)),
            Resources: Object.fromEntries(chunk.map((e, i) => [`R${start + i}`, e.resource])),
        };
        const file = path.join(dir, `resources-${start}.json`);
        fs.writeFileSync(file, JSON.stringify(template, null, 1));
        files.push(file);
    }
    if (files.length === 0) return [];
    const run = spawnSync(
        venvBin("cfn-lint"),
        ["--format", "json", "--regions", "us-east-1", "--", ...files],
        { encoding: "utf8", maxBuffer: 256 << 20 },
    );
    if (run.status !== 0 && !run.stdout.trim().startsWith("["))
        throw new Error(`cfn-lint failed: ${run.stderr}`);
    const matches: CfnMatch[] = JSON.parse(run.stdout || "[]");
    return matches.flatMap((m) => {
        const at = m.Location.Path;
        const entry = at[0] === "Resources" ? entries[Number(String(at[1]).slice(1))] : undefined;
        const users = entry?.users ?? [{ scenario: "(template)", resource: at.join("/") }];
        return users.map((u) => ({
            scenario: u.scenario,
            resource: u.resource,
            rule: `cfn-lint/${m.Rule.Id}`,
            message: `${at.slice(2).join(".")}: ${m.Message}`,
            source: m.Rule.Source || "cfn-lint",
        }));
    });
}
