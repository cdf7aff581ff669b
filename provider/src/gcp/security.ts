// Firewall rules on the nodes' network tags: each opens a frontend group's ports to its
// clients or to Google's probe and proxy ranges, one address family per rule (a rule cannot
// mix IPv4 and IPv6 ranges).
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/gcp/compute";
import { GcpPlan } from "../model/gcp";
import { input, inputList } from "../component/inputs";

/** A frontend address as a firewall destination: an IPv6 frontend is a /96 range (its prefixLength). */
export type Destinations = Map<string, pulumi.Output<string>>;

export function createFirewalls(
    plan: GcpPlan,
    destinations: Destinations,
    parent: pulumi.Resource,
): Record<string, pulumi.Output<string>> {
    const network = input(plan.network);
    const project = input(plan.project);
    return Object.fromEntries(
        plan.firewalls.map((rule) => [
            rule.key,
            new compute.Firewall(
                rule.logicalName,
                {
                    name: rule.name,
                    project,
                    network,
                    description: rule.description,
                    direction: "INGRESS",
                    sourceRanges: rule.sources.length > 0 ? rule.sources : undefined,
                    sourceTags:
                        rule.sourceRoles &&
                        pulumi
                            .all(rule.sourceRoles.map((role) => inputList(plan.targets[role].tags)))
                            .apply((tags) => tags.flat()),
                    targetTags: inputList(plan.targets[rule.role].tags),
                    destinationRanges:
                        rule.destination === undefined
                            ? undefined
                            : destinations.get(rule.destination)!.apply((d) => [d]),
                    allows: [{ protocol: rule.protocol, ports: rule.ports.map(String) }],
                },
                { parent },
            ).id,
        ]),
    );
}
