// Route53 alias records for a record plan, pointing at its NLB: the apiserver's (`dns`) at the
// NLB, the private endpoint's (`internalDns`) at the internal NLB.
import * as lb from "@pulumi/aws/lb";
import * as pulumi from "@pulumi/pulumi";
import * as route53 from "@pulumi/aws/route53";
import { AwsDnsPlan, AwsPlan, awsNames } from "../model/aws";
import { input } from "../component/inputs";

export function createDnsRecords(
    plan: AwsPlan,
    spec: AwsDnsPlan | undefined,
    loadBalancer: lb.LoadBalancer,
    parent: pulumi.Resource,
): void {
    for (const type of spec?.recordTypes ?? []) {
        new route53.Record(
            awsNames.dnsRecord(plan, spec!.key, type),
            {
                zoneId: input(spec!.zoneId),
                name: input(spec!.name),
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
