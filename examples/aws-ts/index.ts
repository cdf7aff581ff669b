// A dual-stack Kubernetes front door on AWS: apiserver, ingress and a NodePort service behind
// one NLB, in front of controllers created here and a worker Auto Scaling group.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { AwsHaCluster } from "pulumi-hacluster";

const config = new pulumi.Config();
const vpcId = config.require("vpcId");
const subnetIds = config.requireObject<string[]>("subnetIds");

const controllers = subnetIds.map(
    (subnetId, i) =>
        new aws.ec2.Instance(`controller-${i}`, {
            ami: config.require("ami"),
            instanceType: "t3.medium",
            subnetId,
            tags: { Name: `demo-controller-${i}` },
        }),
);

const cluster = new AwsHaCluster("demo", {
    vpcId,
    subnetIds,
    ipv6: true,
    controllers: { instanceIds: controllers.map((c) => c.id) },
    workers: { autoScalingGroupNames: [config.require("workerAutoScalingGroup")] },
    ingress: {},
    services: [{ name: "some-app", port: 3333, targetPort: 30333 }],
    apiserver: { allowedCidrs: ["198.51.100.0/24", "2001:db8::/32"] },
    // The NAT gateway's Elastic IP: the kubelets reach the public apiserver from it.
    nodeSourceCidrs: ["203.0.113.10/32"],
    dns: { zoneId: config.require("zoneId"), name: "k8s.example.com" },
    tags: { cluster: "demo" },
});

export const apiserverUrl = cluster.apiserverUrl;
export const workerSecurityGroupId = cluster.workerSecurityGroupId;
export const someAppTargetGroup = cluster.serviceTargetGroupArns.apply((arns) => arns["some-app"]);
