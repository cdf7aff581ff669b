// Azure DNS record sets for a record plan, holding its frontend's addresses (the inbound
// frontend's for `dns`, the internal load balancer's for `internalDns`): `dns.RecordSet` in a
// public zone, `privatedns.PrivateRecordSet` in a private one.
import * as pulumi from "@pulumi/pulumi";
import * as dns from "@pulumi/azure-native/dns";
import * as privatedns from "@pulumi/azure-native/privatedns";
import { AzureDnsPlan, AzurePlan } from "../model/azure";
import { relativeRecordName } from "../model/dns";
import { Family } from "../model/net";
import { input } from "../component/inputs";
import { inputError } from "../component/validation";

/** Creates the records; returns the name they answer to, or undefined without the plan. */
export function createDnsRecords(
    plan: AzurePlan,
    spec: AzureDnsPlan | undefined,
    addresses: pulumi.Output<Partial<Record<Family, string>>>,
    parent: pulumi.Resource,
): pulumi.Output<string> | undefined {
    if (!spec) return undefined;
    const zoneName = input(spec.zoneName);
    const name = pulumi.output(input(spec.name));
    const relative = pulumi.all([name, zoneName]).apply(([fqdn, zone]) => {
        const rel = relativeRecordName(fqdn, zone);
        // Known names were checked by the plan; these were outputs.
        if (rel === undefined) {
            const problem = {
                path: `${spec.key}.name`,
                message: `${JSON.stringify(fqdn)} is not inside the zone ${JSON.stringify(zone)}`,
                fix: `use a name that ends in .${zone}`,
            };
            throw inputError("AzureHaCluster", plan.cluster.resourceName, [problem]);
        }
        return rel;
    });
    for (const record of spec.records) {
        const address = addresses.apply((a) => a[record.family]!);
        const common = {
            resourceGroupName: input(spec.resourceGroupName),
            relativeRecordSetName: relative,
            recordType: record.type,
            ttl: spec.ttl,
            aRecords: record.type === "A" ? [{ ipv4Address: address }] : undefined,
            aaaaRecords: record.type === "AAAA" ? [{ ipv6Address: address }] : undefined,
        };
        if (spec.private)
            new privatedns.PrivateRecordSet(
                record.logicalName,
                { ...common, privateZoneName: zoneName },
                { parent },
            );
        else new dns.RecordSet(record.logicalName, { ...common, zoneName }, { parent });
    }
    return name.apply((n) => n.replace(/\.$/, ""));
}
