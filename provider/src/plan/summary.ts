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
// Typhoon's counts follow its per-cloud modules (poseidon/typhoon):
// aws/fedora-coreos/kubernetes/nlb.tf, azure/fedora-coreos/kubernetes/lb.tf,
// google-cloud/fedora-coreos/kubernetes/apiserver.tf and ingress.tf.
import { ClusterSpec, Frontend } from "../model/cluster";
import { Registration } from "./mocks";

export interface SummaryRow {
    item: string;
    count: number;
    /** Typhoon's count for the same frontends; absent where Typhoon has no such item. */
    typhoon?: number;
}

const count = (resources: Registration[], ...types: string[]) => resources.filter((r) => types.includes(r.type)).length;
const inline = (resources: Registration[], type: string, list: string) =>
    resources.filter((r) => r.type === type).reduce((n, r) => n + ((r.inputs[list] as unknown[] | undefined)?.length ?? 0), 0);
const distinct = <T>(values: T[]) => new Set(values.map((v) => JSON.stringify(v))).size;

/** Typhoon groups frontends as apiserver, ingress (80 and 443 together) and one per service. */
const group = (f: Frontend) => (f.role === "ingress" ? "ingress" : f.key);

function aws(resources: Registration[], spec: ClusterSpec): SummaryRow[] {
    // nlb.tf: one dual-stack NLB, a listener and a target group per frontend.
    const frontends = spec.frontends.length;
    return [
        { item: "network load balancers", count: count(resources, "aws:lb/loadBalancer:LoadBalancer"), typhoon: 1 },
        { item: "listeners", count: count(resources, "aws:lb/listener:Listener"), typhoon: frontends },
        { item: "target groups (health checks)", count: count(resources, "aws:lb/targetGroup:TargetGroup"), typhoon: frontends },
        { item: "Elastic IPs", count: count(resources, "aws:ec2/eip:Eip"), typhoon: 0 },
    ];
}

function azure(resources: Registration[], spec: ClusterSpec): SummaryRow[] {
    // lb.tf: one load balancer, a public IP and a frontend per family, a rule per frontend
    // and family, an outbound rule per family, a probe per distinct health check.
    const families = spec.families.length;
    const lb = "azure-native:network:LoadBalancer";
    return [
        { item: "load balancers", count: count(resources, lb), typhoon: 1 },
        { item: "load-balancing rules", count: inline(resources, lb, "loadBalancingRules"), typhoon: spec.frontends.length * families },
        { item: "outbound rules", count: inline(resources, lb, "outboundRules"), typhoon: spec.scheme === "public" ? families : 0 },
        { item: "health probes", count: inline(resources, lb, "probes"), typhoon: distinct(spec.frontends.map((f) => f.healthCheck)) },
        { item: "public IPs", count: count(resources, "azure-native:network:PublicIPAddress"), typhoon: spec.scheme === "public" ? families : 0 },
    ];
}

function gcp(resources: Registration[], spec: ClusterSpec): SummaryRow[] {
    // apiserver.tf and ingress.tf: the global proxy load balancer; per frontend a target TCP
    // proxy, a backend service and a forwarding rule per family; a health check per group;
    // the apiserver and the workers' frontends each on their own global address per family.
    const families = spec.families.length;
    const frontends = spec.frontends.length;
    const roles = new Set(spec.frontends.map((f) => (f.role === "apiserver" ? "apiserver" : f.backend))).size;
    return [
        {
            item: "forwarding rules",
            count: count(resources, "gcp:compute/forwardingRule:ForwardingRule", "gcp:compute/globalForwardingRule:GlobalForwardingRule"),
            typhoon: frontends * families,
        },
        { item: "target TCP proxies", count: count(resources, "gcp:compute/targetTCPProxy:TargetTCPProxy"), typhoon: frontends },
        {
            item: "backend services",
            count: count(resources, "gcp:compute/regionBackendService:RegionBackendService", "gcp:compute/backendService:BackendService"),
            typhoon: frontends,
        },
        {
            item: "health checks",
            count: count(resources, "gcp:compute/regionHealthCheck:RegionHealthCheck", "gcp:compute/healthCheck:HealthCheck"),
            typhoon: new Set(spec.frontends.map(group)).size,
        },
        {
            item: "static addresses",
            count: count(resources, "gcp:compute/address:Address", "gcp:compute/globalAddress:GlobalAddress"),
            typhoon: roles * families,
        },
    ];
}

const BY_CLOUD: Record<string, (resources: Registration[], spec: ClusterSpec) => SummaryRow[]> = {
    "hacluster:index:AwsHaCluster": aws,
    "hacluster:index:AzureHaCluster": azure,
    "hacluster:index:GcpHaCluster": gcp,
};

export function summarize(type: string, resources: Registration[], spec: ClusterSpec): SummaryRow[] {
    return BY_CLOUD[type](resources, spec);
}
