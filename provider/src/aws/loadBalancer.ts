// The frontend side: the NLB (with an Elastic IP per subnet when asked) and a listener per
// frontend.
import * as pulumi from "@pulumi/pulumi";
import * as ec2 from "@pulumi/aws/ec2";
import * as lb from "@pulumi/aws/lb";
import { AwsPlan, AwsTargetGroupPlan, awsNames } from "../model/aws";
import { inputList, perValue, tagsInput } from "../component/inputs";
import { TargetGroups } from "./targets";

export interface Frontends {
    loadBalancer: lb.LoadBalancer;
    ipv4Addresses: pulumi.Output<string[]>;
}

export function createLoadBalancer(
    plan: AwsPlan,
    securityGroupId: pulumi.Input<string>,
    groups: TargetGroups,
    parent: pulumi.Resource,
): Frontends {
    const tags = tagsInput(plan.cluster.tags);
    const spec = plan.loadBalancer;
    let subnets: Pick<lb.LoadBalancerArgs, "subnets" | "subnetMappings"> = {
        subnets: inputList(plan.subnetIds),
    };
    let ipv4Addresses = pulumi.output<string[]>([]);
    if (spec.eipAllocationIds !== undefined) {
        // Kept Elastic IPs: mapped onto the subnets in order, their addresses read back.
        const ids = pulumi.output(inputList(spec.eipAllocationIds));
        subnets = {
            subnetMappings: pulumi
                .all([inputList(plan.subnetIds), ids])
                .apply(([subnetIds, allocations]) =>
                    subnetIds.map((subnetId, i) => ({ subnetId, allocationId: allocations[i] })),
                ),
        };
        ipv4Addresses = ids.apply((list) =>
            pulumi.all(list.map((id) => ec2.getElasticIpOutput({ id }, { parent }).publicIp)),
        );
    } else if (spec.privateIpv4Addresses !== undefined) {
        // Pinned private addresses of an internal NLB, one per subnet in order.
        subnets = {
            subnetMappings: pulumi
                .all([inputList(plan.subnetIds), inputList(spec.privateIpv4Addresses)])
                .apply(([subnetIds, addresses]) =>
                    subnetIds.map((subnetId, i) => ({
                        subnetId,
                        privateIpv4Address: addresses[i],
                    })),
                ),
        };
        ipv4Addresses = pulumi.output(inputList(spec.privateIpv4Addresses));
    } else if (spec.staticIpv4) {
        const mappings = perValue(plan.subnetIds, (subnetId) => {
            const eip = new ec2.Eip(
                awsNames.elasticIp(plan, subnetId),
                { domain: "vpc", tags },
                { parent, protect: plan.cluster.protectAddresses },
            );
            return { subnetId, allocationId: eip.allocationId, publicIp: eip.publicIp };
        });
        subnets = {
            subnetMappings: mappings.apply((ms) =>
                ms.map(({ subnetId, allocationId }) => ({ subnetId, allocationId })),
            ),
        };
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
    for (const tg of plan.targetGroups.filter((g) => !g.internal)) {
        createListener(tg, loadBalancer, groups, tags, parent);
    }
    return { loadBalancer, ipv4Addresses };
}

function createListener(
    tg: AwsTargetGroupPlan,
    loadBalancer: lb.LoadBalancer,
    groups: TargetGroups,
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
    parent: pulumi.Resource,
) {
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

/**
 * The private endpoint's NLB (`apiserver.internal`): internal, IPv4, in the same subnets, with
 * the pinned private addresses as subnet mappings when given, and the internal apiserver
 * target group's listener.
 */
export function createInternalLoadBalancer(
    plan: AwsPlan,
    securityGroupId: pulumi.Input<string> | undefined,
    groups: TargetGroups,
    parent: pulumi.Resource,
): Frontends | undefined {
    const spec = plan.internalLoadBalancer;
    if (!spec || !securityGroupId) return undefined;
    const tags = tagsInput(plan.cluster.tags);
    const pinned = spec.privateIpv4Addresses;
    const loadBalancer = new lb.LoadBalancer(
        spec.logicalName,
        {
            name: spec.name,
            loadBalancerType: "network",
            internal: true,
            ipAddressType: "ipv4",
            securityGroups: [securityGroupId],
            enableCrossZoneLoadBalancing: plan.loadBalancer.crossZone,
            ...(pinned === undefined
                ? { subnets: inputList(plan.subnetIds) }
                : {
                      subnetMappings: pulumi
                          .all([inputList(plan.subnetIds), inputList(pinned)])
                          .apply(([subnetIds, addresses]) =>
                              subnetIds.map((subnetId, i) => ({
                                  subnetId,
                                  privateIpv4Address: addresses[i],
                              })),
                          ),
                  }),
            tags,
        },
        // As the public NLB: replaced when its subnets change, and names are unique.
        { parent, deleteBeforeReplace: true },
    );
    for (const tg of plan.targetGroups.filter((g) => g.internal)) {
        createListener(tg, loadBalancer, groups, tags, parent);
    }
    return {
        loadBalancer,
        ipv4Addresses: pulumi.output(pinned === undefined ? [] : inputList(pinned)),
    };
}
