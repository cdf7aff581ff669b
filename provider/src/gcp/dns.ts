// Cloud DNS record sets for a record plan, holding the plan's addresses it names: the
// apiserver's (`dns`), the private endpoint's (`internalDns`).
import * as pulumi from "@pulumi/pulumi";
import * as gcpDns from "@pulumi/gcp/dns";
import { GcpDnsPlan, GcpPlan } from "../model/gcp";
import { absoluteName } from "../model/dns";
import { input } from "../component/inputs";
import { LoadBalancer } from "./loadBalancer";

/** Creates the records; returns the name they answer to, or undefined without the plan. */
export function createDnsRecords(
    plan: GcpPlan,
    spec: GcpDnsPlan | undefined,
    lb: LoadBalancer,
    parent: pulumi.Resource,
): pulumi.Output<string> | undefined {
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
