// A dual-stack Kubernetes front door on AWS: apiserver, ingress and a NodePort service behind
// one NLB in the public subnets, in front of controllers created here in private subnets (their
// traffic to the public apiserver leaves through the NAT gateway) and a worker Auto Scaling group.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { AwsHaCluster } from "pulumi-hacluster";

const config = new pulumi.Config();
const vpcId = config.require("vpcId");
// The NLB's subnets: public, one per zone, dual-stack.
const subnetIds = config.requireObject<string[]>("subnetIds");
// The nodes' subnets: private, routed to the NAT gateway whose address nodeSourceCidrs lists.
const nodeSubnetIds = config.requireObject<string[]>("nodeSubnetIds");

// The controllers' own group, passed to the component, which opens on it exactly the ports the
// NLB needs; the instances carry it (a node in another group would be unreachable).
const controllerGroup = new aws.ec2.SecurityGroup("controllers", {
    vpcId,
    description: "demo controllers",
});

const controllers = nodeSubnetIds.map(
    (subnetId, i) =>
        new aws.ec2.Instance(`controller-${i}`, {
            ami: config.require("ami"),
            instanceType: "t3.medium",
            subnetId,
            vpcSecurityGroupIds: [controllerGroup.id],
            tags: { Name: `demo-controller-${i}` },
        }),
);

const cluster = new AwsHaCluster("demo", {
    vpcId,
    subnetIds,
    ipv6: true,
    controllers: { instanceIds: controllers.map((c) => c.id) },
    controllerSecurityGroupId: controllerGroup.id,
    workers: { autoScalingGroupNames: [config.require("workerAutoScalingGroup")] },
    // The group the workers' launch template attaches, which the component fills.
    workerSecurityGroupId: config.require("workerSecurityGroupId"),
    ingress: {},
    services: [{ name: "some-app", port: 3333, targetPort: 30333 }],
    apiserver: { allowedCidrs: ["198.51.100.0/24", "2001:db8::/32"] },
    // The NAT gateway's Elastic IP: the kubelets reach the public apiserver from it (over IPv4,
    // the family every node has).
    nodeSourceCidrs: [`${config.require("natGatewayIp")}/32`],
    dns: { zoneId: config.require("zoneId"), name: "k8s.example.com" },
    tags: { cluster: "demo" },
});

export const apiserverUrl = cluster.apiserverUrl;
export const workerSecurityGroupId = cluster.workerSecurityGroupId;
export const someAppTargetGroup = cluster.serviceTargetGroupArns.apply((arns) => arns["some-app"]);
