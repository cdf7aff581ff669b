import { str } from "../inputs";
import { CallFn, StateFn, hex } from "./common";

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
    // Beside the components, in the examples.
    "aws:ec2/instance:Instance": (name) => ({ arn: `arn:aws:ec2:us-east-1:123456789012:instance/i-${hex(name, 17)}`, privateIp: `10.0.1.${parseInt(hex(name, 2), 16) % 250 + 4}` }),
    "aws:ec2/vpc:Vpc": (name) => ({ arn: `arn:aws:ec2:us-east-1:123456789012:vpc/vpc-${hex(name, 17)}` }),
};

export const awsCalls: Record<string, CallFn> = {
    // An Elastic IP the user keeps, looked up by its allocation ID.
    "aws:ec2/getElasticIp:getElasticIp": (inputs) => ({ id: inputs.id, publicIp: `198.51.100.${parseInt(hex(str(inputs, "id"), 2), 16) % 250 + 4}` }),
};
