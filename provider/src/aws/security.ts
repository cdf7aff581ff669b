// Security groups and their rules: the NLB's own group admits each frontend's clients on
// its port and may reach the nodes only on their target and health-check ports; the node
// groups admit the NLB's group on exactly those ports.
import * as pulumi from "@pulumi/pulumi";
import * as ec2 from "@pulumi/aws/ec2";
import * as vpc from "@pulumi/aws/vpc";
import { AwsGroupRole, AwsPlan, AwsRulePlan } from "../model/aws";
import { input, tagsInput } from "../component/inputs";

export type SecurityGroupIds = Record<
    Exclude<AwsGroupRole, "internalLoadBalancer">,
    pulumi.Output<string>
> & {
    internalLoadBalancer?: pulumi.Output<string>;
};

export function createSecurityGroups(plan: AwsPlan, parent: pulumi.Resource): SecurityGroupIds {
    const tags = tagsInput(plan.cluster.tags);
    const vpcId = input(plan.vpcId);
    const lb = plan.loadBalancer.securityGroup;
    const ids = {
        loadBalancer: new ec2.SecurityGroup(
            lb.logicalName,
            { name: lb.name, description: "hacluster network load balancer", vpcId, tags },
            { parent },
        ).id,
    } as SecurityGroupIds;
    const internal = plan.internalLoadBalancer?.securityGroup;
    if (internal) {
        ids.internalLoadBalancer = new ec2.SecurityGroup(
            internal.logicalName,
            {
                name: internal.name,
                description:
                    "hacluster internal network load balancer (private apiserver endpoint)",
                vpcId,
                tags,
            },
            { parent },
        ).id;
    }
    for (const group of plan.securityGroups) {
        ids[group.role] = group.create
            ? new ec2.SecurityGroup(
                  group.create.logicalName,
                  {
                      name: group.create.name,
                      description: `hacluster ${group.role}: load balancer traffic`,
                      vpcId,
                      tags,
                  },
                  { parent },
              ).id
            : pulumi.output(input(group.existingId!));
    }
    for (const rule of plan.rules) createRule(rule, ids, tags, parent);
    return ids;
}

function createRule(
    rule: AwsRulePlan,
    ids: SecurityGroupIds,
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
    parent: pulumi.Resource,
) {
    const peer =
        "cidr" in rule.peer
            ? rule.peer.family === "ipv4"
                ? { cidrIpv4: rule.peer.cidr }
                : { cidrIpv6: rule.peer.cidr }
            : { referencedSecurityGroupId: ids[rule.peer.group]! };
    const args = {
        securityGroupId: ids[rule.group]!,
        ipProtocol: rule.protocol,
        fromPort: rule.port,
        toPort: rule.port,
        description: rule.description,
        tags,
        ...peer,
    };
    if (rule.direction === "ingress")
        new vpc.SecurityGroupIngressRule(rule.logicalName, args, { parent });
    else new vpc.SecurityGroupEgressRule(rule.logicalName, args, { parent });
}
