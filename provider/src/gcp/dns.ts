// Cloud DNS record sets for the apiserver's name, holding the apiserver's addresses.
import * as pulumi from "@pulumi/pulumi";
import * as gcpDns from "@pulumi/gcp/dns";
import { GcpPlan } from "../model/gcp";
import { absoluteName } from "../model/dns";
import { input } from "../component/inputs";
import { LoadBalancer } from "./loadBalancer";

/** Creates the records; returns the name they answer to, or undefined without `dns`. */
export function createDnsRecords(
    plan: GcpPlan,
    lb: LoadBalancer,
    parent: pulumi.Resource,
): pulumi.Output<string> | undefined {
    const spec = plan.dns;
    if (!spec) return undefined;
    const name = pulumi.output(input(spec.name));
    for (const record of spec.records) {
        // lb.addresses follows plan.addresses.
        const address =
            lb.addresses[plan.addresses.findIndex((a) => a.key === record.address)].address;
        new gcpDns.RecordSet(
            record.logicalName,
            {
                project: spec.project && input(spec.project),
                managedZone: input(spec.managedZone),
                name: name.apply(absoluteName),
                type: record.type,
                ttl: spec.ttl,
                rrdatas: [address],
            },
            { parent },
        );
    }
    return name.apply((n) => n.replace(/\.$/, ""));
}
