// Target groups (one per frontend, health check as planned) and what is registered with
// them: instances or IP addresses per role, and the workers' Auto Scaling groups.
import * as pulumi from "@pulumi/pulumi";
import * as autoscaling from "@pulumi/aws/autoscaling";
import * as lb from "@pulumi/aws/lb";
import { AwsPlan, AwsTargetGroupPlan, awsNames, awsTargetAddressProblem } from "../model/aws";
import { input, perValue, tagsInput } from "../component/inputs";
import { inputError } from "../component/validation";

export type TargetGroups = Map<string, lb.TargetGroup>;

export function createTargetGroups(plan: AwsPlan, parent: pulumi.Resource): TargetGroups {
    const tags = tagsInput(plan.cluster.tags);
    const groups: TargetGroups = new Map();
    for (const tg of plan.targetGroups) {
        groups.set(
            tg.frontend.key,
            new lb.TargetGroup(tg.logicalName, targetGroupArgs(plan, tg, tags), { parent }),
        );
    }
    return groups;
}

function targetGroupArgs(
    plan: AwsPlan,
    tg: AwsTargetGroupPlan,
    tags: pulumi.Input<Record<string, pulumi.Input<string>>>,
): lb.TargetGroupArgs {
    const hc = tg.healthCheck;
    return {
        name: tg.name,
        port: tg.port,
        protocol: tg.protocol,
        targetType: plan.targetType,
        vpcId: input(plan.vpcId),
        preserveClientIp:
            tg.preserveClientIp === undefined ? undefined : String(tg.preserveClientIp),
        healthCheck: {
            enabled: true,
            protocol: hc.protocol,
            port: String(hc.port),
            path: hc.path,
            interval: hc.intervalSeconds,
            timeout: hc.timeoutSeconds,
            healthyThreshold: hc.healthyThreshold,
            unhealthyThreshold: hc.unhealthyThreshold,
        },
        ...(tg.draining && {
            deregistrationDelay: tg.draining.deregistrationDelaySeconds,
            connectionTermination: tg.draining.terminateOnDeregistration,
            targetHealthStates: [
                {
                    enableUnhealthyConnectionTermination: tg.draining.terminateWhenUnhealthy,
                    unhealthyDrainingInterval: tg.draining.unhealthyDrainingSeconds,
                },
            ],
        }),
        tags,
    };
}

export function registerTargets(
    plan: AwsPlan,
    groups: TargetGroups,
    parent: pulumi.Resource,
): void {
    for (const role of plan.targets) {
        for (const key of role.targetGroups) {
            const group = groups.get(key)!;
            const port = plan.targetGroups.find((tg) => tg.frontend.key === key)!.port;
            const attach = (targetId: string) =>
                new lb.TargetGroupAttachment(
                    awsNames.attachment(plan, key, targetId),
                    { targetGroupArn: group.arn, targetId, port },
                    { parent },
                ).id;
            perValue(role.instanceIds, attach);
            perValue(role.ipAddresses, (address) => {
                // Addresses that were outputs are checked here, once known.
                const problem = awsTargetAddressProblem(address, `${role.role}.ipAddresses`);
                if (problem) throw inputError("AwsHaCluster", plan.cluster.resourceName, [problem]);
                return attach(address);
            });
        }
    }
    const asg = plan.autoScaling;
    perValue(asg.groupNames, (groupName) => {
        for (const key of asg.targetGroups) {
            new autoscaling.Attachment(
                awsNames.autoScalingAttachment(plan, groupName, key),
                { autoscalingGroupName: groupName, lbTargetGroupArn: groups.get(key)!.arn },
                { parent },
            );
        }
        return perValue(
            asg.extraTargetGroupArns,
            (arn) =>
                new autoscaling.Attachment(
                    awsNames.extraAutoScalingAttachment(plan, groupName, arn),
                    { autoscalingGroupName: groupName, lbTargetGroupArn: arn },
                    { parent },
                ).id,
        );
    });
}
