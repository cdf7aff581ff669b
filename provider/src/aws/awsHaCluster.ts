// AwsHaCluster: validates and plans (model/aws), then composes the security groups, target
// groups, load balancer and routes of that plan.
import * as pulumi from "@pulumi/pulumi";
import { AwsHaClusterArgs, AwsHaClusterOutputs } from "../generated/types";
import { awsHairpinScript, planAws } from "../model/aws";
import { apiserverOf } from "../model/frontends";
import { endpointOutputs } from "../component/endpoint";
import { input } from "../component/inputs";
import { haClusterComponent } from "../component/publish";
import { nodeRequirements } from "../component/requirements";
import { awsNodeRequirements } from "../model/aws/requirements";
import { planOrThrow } from "../component/validation";
import { watchHolders } from "../component/holderHooks";
import { awsHolders } from "../model/aws/holders";
import { createDnsRecords } from "./dns";
import { createInternalLoadBalancer, createLoadBalancer } from "./loadBalancer";
import { createRoutes } from "./routes";
import { createSecurityGroups } from "./security";
import { createTargetGroups, registerTargets } from "./targets";

const AWS_HA_CLUSTER = "hacluster:index:AwsHaCluster";

export class AwsHaCluster extends haClusterComponent<AwsHaClusterOutputs>() {
    constructor(name: string, args: AwsHaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validation first: invalid inputs register nothing, not even the component.
        const plan = planOrThrow("AwsHaCluster", name, args, planAws);
        super(AWS_HA_CLUSTER, name, ...watchHolders("AwsHaCluster", name, awsHolders(plan), opts));

        const groupIds = createSecurityGroups(plan, this);
        const targetGroups = createTargetGroups(plan, this);
        registerTargets(plan, targetGroups, this);
        const { loadBalancer, ipv4Addresses } = createLoadBalancer(
            plan,
            groupIds.loadBalancer,
            targetGroups,
            this,
        );
        const internal = createInternalLoadBalancer(
            plan,
            groupIds.internalLoadBalancer,
            targetGroups,
            this,
        );
        createDnsRecords(plan, plan.dns, loadBalancer, this);
        if (internal) createDnsRecords(plan, plan.internalDns, internal.loadBalancer, this);
        const arnOf = (key: string) => targetGroups.get(key)!.arn;
        const services = plan.cluster.frontends.filter((f) => f.serviceName !== undefined);

        this.publish({
            // The record's name with dns, else the NLB's; Elastic IPs are the only addresses known.
            ...endpointOutputs(
                plan.dns ? input(plan.dns.name) : loadBalancer.dnsName,
                apiserverOf(plan.cluster).port,
                pulumi
                    .all([
                        plan.dns ? input(plan.dns.name) : undefined,
                        loadBalancer.dnsName,
                        ipv4Addresses,
                    ])
                    .apply(([dns, nlb, ips]) => [dns, nlb, ...ips]),
                // The nodes dial internalDns's name, else the internal NLB's own: AWS gives its
                // addresses out of view.
                internal && {
                    host: plan.internalDns
                        ? input(plan.internalDns.name)
                        : internal.loadBalancer.dnsName,
                    hosts: pulumi
                        .all([
                            plan.internalDns ? input(plan.internalDns.name) : undefined,
                            internal.loadBalancer.dnsName,
                            internal.ipv4Addresses,
                        ])
                        .apply(([dns, name, ips]) => [dns, name, ...ips]),
                    ipv4Addresses: internal.ipv4Addresses,
                },
            ),
            apiserverShutdown: pulumi.output(plan.apiserverShutdown),
            ipv4Addresses,
            // AWS assigns IPv6 frontend addresses from the subnets and does not report them.
            ipv6Addresses: pulumi.output([]),
            dnsName: loadBalancer.dnsName,
            loadBalancerId: loadBalancer.id,
            // Internal NLBs register IP targets without client IP preservation, and the
            // apiserver target group never preserves it, so nodes reach themselves directly.
            hairpinWorkaround: pulumi.output(awsHairpinScript()),
            loadBalancerArn: loadBalancer.arn,
            zoneId: loadBalancer.zoneId,
            apiserverTargetGroupArn: arnOf("apiserver"),
            ingressTargetGroupArns: targetGroups.has("ingress-https")
                ? pulumi.output({
                      http: targetGroups.get("ingress-http")?.arn,
                      https: arnOf("ingress-https"),
                  })
                : pulumi.output(undefined),
            serviceTargetGroupArns: pulumi.output(
                Object.fromEntries(services.map((f) => [f.serviceName!, arnOf(f.key)])),
            ),
            loadBalancerSecurityGroupId: groupIds.loadBalancer,
            controllerSecurityGroupId: groupIds.controllers,
            workerSecurityGroupId: groupIds.workers,
            routeIds: createRoutes(plan, this),
            nodeRequirements: nodeRequirements(awsNodeRequirements(plan), {
                controllerSecurityGroupId: groupIds.controllers,
                workerSecurityGroupId: groupIds.workers,
            }),
        });
    }
}
