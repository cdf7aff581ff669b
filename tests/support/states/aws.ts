import { StateFn, hex } from "./common";

export const awsStates: Record<string, StateFn> = {
    "aws:lb/loadBalancer:LoadBalancer": (name, inputs) => ({
        arn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/${inputs.name}/${hex(name)}`,
        dnsName: `${inputs.name}-${hex(name)}.elb.us-east-1.amazonaws.com`,
        zoneId: "Z26RNL4JYFTOTI",
    }),
    "aws:lb/targetGroup:TargetGroup": (name, inputs) => ({
        arn: `arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/${inputs.name}/${hex(name)}`,
    }),
    "aws:ec2/eip:Eip": (name) => ({ allocationId: `eipalloc-${hex(name)}`, publicIp: `203.0.113.${parseInt(hex(name, 2), 16)}` }),
};
