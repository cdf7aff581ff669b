// The names the AWS plan gives, and what it opens: for the plan view and the naming laws.
import { DnsInput, RecordType, recordRole } from "../dns";
import { PlanInventory, PlannedName } from "../inventory";
import { cidrSlug, logicalName, shortHash } from "../naming";
import { AwsPlan, AwsRoutePlan } from "./types";
import { AWS_GROUP_NAME, AWS_LB_NAME } from "../naming";

// Logical names of resources that exist once per known value (a target, a subnet, a route
// table): the value names them, so adding or removing one leaves the others alone.
export const awsNames = {
    attachment: (plan: AwsPlan, frontendKey: string, target: string) =>
        logicalName(plan.cluster.resourceName, frontendKey, "target", target),
    autoScalingAttachment: (plan: AwsPlan, group: string, targetGroup: string) =>
        logicalName(plan.cluster.resourceName, "asg", group, targetGroup),
    extraAutoScalingAttachment: (plan: AwsPlan, group: string, targetGroupArn: string) =>
        logicalName(plan.cluster.resourceName, "asg", group, "extra", shortHash(targetGroupArn)),
    elasticIp: (plan: AwsPlan, subnetId: string) =>
        logicalName(plan.cluster.resourceName, "eip", subnetId),
    route: (plan: AwsPlan, route: AwsRoutePlan, routeTableId: string) =>
        logicalName(
            plan.cluster.resourceName,
            "route",
            cidrSlug(route.destinationCidr),
            routeTableId,
        ),
    dnsRecord: (plan: AwsPlan, key: DnsInput, type: RecordType) =>
        logicalName(plan.cluster.resourceName, recordRole(key), type.toLowerCase()),
};

export function awsInventory(plan: AwsPlan): PlanInventory {
    const lb = plan.loadBalancer;
    const names: PlannedName[] = [
        {
            kind: "load balancer",
            logicalName: lb.logicalName,
            cloudName: lb.name,
            rule: AWS_LB_NAME,
        },
        {
            kind: "security group",
            logicalName: lb.securityGroup.logicalName,
            cloudName: lb.securityGroup.name,
            rule: AWS_GROUP_NAME,
        },
        ...(plan.internalLoadBalancer
            ? [
                  {
                      kind: "load balancer",
                      logicalName: plan.internalLoadBalancer.logicalName,
                      cloudName: plan.internalLoadBalancer.name,
                      rule: AWS_LB_NAME,
                  },
                  {
                      kind: "security group",
                      logicalName: plan.internalLoadBalancer.securityGroup.logicalName,
                      cloudName: plan.internalLoadBalancer.securityGroup.name,
                      rule: AWS_GROUP_NAME,
                  },
              ]
            : []),
        ...plan.securityGroups.flatMap((g) =>
            g.create
                ? [
                      {
                          kind: "security group",
                          logicalName: g.create.logicalName,
                          cloudName: g.create.name,
                          rule: AWS_GROUP_NAME,
                      },
                  ]
                : [],
        ),
        ...plan.targetGroups.flatMap((tg) => [
            {
                kind: "target group",
                logicalName: tg.logicalName,
                cloudName: tg.name,
                rule: AWS_LB_NAME,
            },
            { kind: "listener", logicalName: tg.listener.logicalName },
        ]),
        ...plan.rules.map((r) => ({
            kind: `security group ${r.direction} rule`,
            logicalName: r.logicalName,
        })),
    ];
    // Egress rules only open the NLB's way to the nodes; what the cloud admits is ingress.
    const openings = plan.rules
        .filter((r) => r.direction === "ingress")
        .map((r) => ({
            logicalName: r.logicalName,
            protocol: r.protocol,
            ports: [r.port],
            sources: [
                "cidr" in r.peer
                    ? r.peer.cidr
                    : r.peer.group === "loadBalancer"
                      ? "load-balancer"
                      : r.peer.group === "internalLoadBalancer"
                        ? "internal-load-balancer"
                        : `${r.peer.group}-nodes`,
            ],
        }));
    return {
        names,
        openings,
        cloudSources: [
            "load-balancer",
            "internal-load-balancer",
            "controllers-nodes",
            "workers-nodes",
        ],
    };
}
