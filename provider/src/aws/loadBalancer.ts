// The frontend side: the NLB (with an Elastic IP per subnet when asked), a listener per
// frontend, and the Route53 alias records.
import * as pulumi from "@pulumi/pulumi";
import * as ec2 from "@pulumi/aws/ec2";
import * as lb from "@pulumi/aws/lb";
import * as route53 from "@pulumi/aws/route53";
import { AwsPlan, awsNames } from "../model/aws";
import { input, inputList, perValue, tagsInput } from "../component/inputs";
import { TargetGroups } from "./targets";

export interface Frontends {
    loadBalancer: lb.LoadBalancer;
    ipv4Addresses: pulumi.Output<string[]>;
}

export function createLoadBalancer(plan: AwsPlan, securityGroupId: pulumi.Input<string>, groups: TargetGroups, parent: pulumi.Resource): Frontends {
    const tags = tagsInput(plan.cluster.tags);
    const spec = plan.loadBalancer;
    let subnets: Pick<lb.LoadBalancerArgs, "subnets" | "subnetMappings"> = { subnets: inputList(plan.subnetIds) };
    let ipv4Addresses = pulumi.output<string[]>([]);
    if (spec.staticIpv4) {
        const mappings = perValue(plan.subnetIds, (subnetId) => {
            const eip = new ec2.Eip(awsNames.elasticIp(plan, subnetId), { domain: "vpc", tags }, { parent });
            return { subnetId, allocationId: eip.allocationId, publicIp: eip.publicIp };
        });
        subnets = { subnetMappings: mappings.apply((ms) => ms.map(({ subnetId, allocationId }) => ({ subnetId, allocationId }))) };
        ipv4Addresses = mappings.apply((ms) => ms.map((m) => m.publicIp));
    }
    const loadBalancer = new lb.LoadBalancer(
        spec.logicalName,
        {
            name: spec.name,
            loadBalancerType: "network",
            internal: spec.internal,
            ipAddressType: spec.ipAddressType,
            enablePrefixForIpv6SourceNat: spec.ipv6SourceNat ? "on" : undefined,
            securityGroups: [securityGroupId],
            enableCrossZoneLoadBalancing: spec.crossZone,
            ...subnets,
            tags,
        },
        // AWS replaces an NLB whose subnets shrink or swap, or that turns static addresses on or
        // off (terraform-provider-aws internal/service/elbv2/load_balancer.go,
        // customizeDiffLoadBalancerNLB; tests/e2e/replacements/table.json), and refuses a second
        // load balancer with the same name: the old one must go first.
        { parent, deleteBeforeReplace: true },
    );
    for (const tg of plan.targetGroups) {
        new lb.Listener(
            tg.listener.logicalName,
            {
                loadBalancerArn: loadBalancer.arn,
                port: tg.listener.port,
                protocol: tg.protocol,
                tcpIdleTimeoutSeconds: tg.listener.tcpIdleTimeoutSeconds,
                defaultActions: [{ type: "forward", targetGroupArn: groups.get(tg.frontend.key)!.arn }],
                tags,
            },
            { parent },
        );
    }
    for (const type of plan.dns?.recordTypes ?? []) {
        new route53.Record(
            awsNames.dnsRecord(plan, type),
            {
                zoneId: input(plan.dns!.zoneId),
                name: input(plan.dns!.name),
                type,
                aliases: [{ name: loadBalancer.dnsName, zoneId: loadBalancer.zoneId, evaluateTargetHealth: true }],
            },
            { parent },
        );
    }
    return { loadBalancer, ipv4Addresses };
}
