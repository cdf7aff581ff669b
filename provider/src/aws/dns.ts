// Route53 alias records for the apiserver's name, pointing at the NLB.
import * as lb from "@pulumi/aws/lb";
import * as pulumi from "@pulumi/pulumi";
import * as route53 from "@pulumi/aws/route53";
import { AwsPlan, awsNames } from "../model/aws";
import { input } from "../component/inputs";

export function createDnsRecords(
    plan: AwsPlan,
    loadBalancer: lb.LoadBalancer,
    parent: pulumi.Resource,
): void {
    for (const type of plan.dns?.recordTypes ?? []) {
        new route53.Record(
            awsNames.dnsRecord(plan, type),
            {
                zoneId: input(plan.dns!.zoneId),
                name: input(plan.dns!.name),
                type,
                aliases: [
                    {
                        name: loadBalancer.dnsName,
                        zoneId: loadBalancer.zoneId,
                        evaluateTargetHealth: true,
                    },
                ],
            },
            { parent },
        );
    }
}
