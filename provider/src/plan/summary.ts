// The billable load-balancer items of a cluster, beside what Typhoon's modules build for the
// same frontends. What each cloud bills by:
// - AWS: each Network Load Balancer by the hour and by capacity units; listeners and target
//   groups are not billed on their own, Elastic IPs are (https://aws.amazon.com/elasticloadbalancing/pricing/,
//   https://aws.amazon.com/vpc/pricing/).
// - Azure: a Standard load balancer by its rules, load-balancing and outbound alike, beyond
//   the first five, plus each Standard public IP
//   (https://azure.microsoft.com/pricing/details/load-balancer/, https://azure.microsoft.com/pricing/details/ip-addresses/).
// - Google Cloud: each forwarding rule by the hour, the first five at a flat rate
//   (https://cloud.google.com/load-balancing/pricing); static addresses in use by them.
// Typhoon's counts come from the one baseline, model/typhoon.ts.
import { ClusterSpec } from "../model/cluster";
import { typhoonCounts } from "../model/typhoon";
import { Cloud, componentOf } from "../component/table";
import { Registration } from "./mocks";

export interface SummaryRow {
    item: string;
    count: number;
    /** Typhoon's count for the same frontends; absent where Typhoon has no such item. */
    typhoon?: number;
}

const count =
    (...types: string[]) =>
    (resources: Registration[]) =>
        resources.filter((r) => types.includes(r.type)).length;
/** The items of the inline list `list` (rules, frontends, mappings) of every `type` resource. */
export const listItems = (
    resources: Registration[],
    type: string,
    list: string,
): Record<string, unknown>[] =>
    resources
        .filter((r) => r.type === type)
        .flatMap((r) => (r.inputs[list] as Record<string, unknown>[] | undefined) ?? []);
const inline = (type: string, list: string) => (resources: Registration[]) =>
    listItems(resources, type, list).length;

type Counter = (resources: Registration[]) => number;
export const AZURE_LB = "azure-native:network:LoadBalancer";

/** Per cloud, how each item of Typhoon's baseline is counted among the registrations. */
const ITEMS: Record<Cloud, Record<string, Counter>> = {
    aws: {
        "network load balancers": count("aws:lb/loadBalancer:LoadBalancer"),
        listeners: count("aws:lb/listener:Listener"),
        "target groups (health checks)": count("aws:lb/targetGroup:TargetGroup"),
        "Elastic IPs": count("aws:ec2/eip:Eip"),
    },
    azure: {
        "load balancers": count(AZURE_LB),
        "load-balancing rules": inline(AZURE_LB, "loadBalancingRules"),
        "outbound rules": inline(AZURE_LB, "outboundRules"),
        "health probes": inline(AZURE_LB, "probes"),
        "public IPs": count("azure-native:network:PublicIPAddress"),
    },
    gcp: {
        "forwarding rules": count(
            "gcp:compute/forwardingRule:ForwardingRule",
            "gcp:compute/globalForwardingRule:GlobalForwardingRule",
        ),
        "target TCP proxies": count("gcp:compute/targetTCPProxy:TargetTCPProxy"),
        "backend services": count(
            "gcp:compute/regionBackendService:RegionBackendService",
            "gcp:compute/backendService:BackendService",
        ),
        "health checks": count(
            "gcp:compute/regionHealthCheck:RegionHealthCheck",
            "gcp:compute/healthCheck:HealthCheck",
        ),
        "static addresses": count(
            "gcp:compute/address:Address",
            "gcp:compute/globalAddress:GlobalAddress",
        ),
    },
};

export function summarize(
    type: string,
    resources: Registration[],
    spec: ClusterSpec,
): SummaryRow[] {
    const cloud = componentOf(type).cloud;
    const typhoon = typhoonCounts(cloud, spec);
    return Object.entries(ITEMS[cloud]).map(([item, counter]) => ({
        item,
        count: counter(resources),
        typhoon: typhoon[item],
    }));
}
