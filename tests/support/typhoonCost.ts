// Cost figure of `npm run bench`: the load-balancer items a cloud bills per cluster, ours
// (counted from what the component registers under mocks) against Typhoon's for the same
// frontends: apiserver 6443 and ingress 80/443, public and dual-stack. Typhoon's counts are
// read from its Terraform (repository poseidon/typhoon, the files named in `source`).
import { AwsHaCluster } from "../../provider/src/aws/awsHaCluster";
import { AzureHaCluster } from "../../provider/src/azure/azureHaCluster";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { Registered } from "./harness";

export interface CostCase {
    cloud: string;
    build: () => unknown;
    /** Billable items by kind. */
    count: (resources: Registered[]) => Record<string, number>;
    typhoon: Record<string, number>;
    source: string;
}

const ofType = (resources: Registered[], ...types: string[]) => resources.filter((r) => types.includes(r.type));

// GCP bills the first five forwarding rules of a project at one rate and each further rule
// apart, global and per region (https://cloud.google.com/load-balancing/pricing).
const gcpItems = (resources: Registered[]) => ({
    "forwarding rules": ofType(resources, "gcp:compute/forwardingRule:ForwardingRule", "gcp:compute/globalForwardingRule:GlobalForwardingRule").length,
    "static addresses": ofType(resources, "gcp:compute/address:Address", "gcp:compute/globalAddress:GlobalAddress").length,
});
const gcpZone = "https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instances";
const gcpArgs = {
    region: "us-central1",
    network: "default",
    ipv6: true,
    controllers: { instances: [`${gcpZone}/c0`] },
    workers: { instances: [`${gcpZone}/w0`] },
    ingress: {},
};

/** Typhoon's AWS front door: three controllers, a worker Auto Scaling group, ingress, dual-stack. */
export const TYPHOON_AWS = {
    vpcId: "vpc-0a1b",
    subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
    ipv6: true,
    controllers: { instanceIds: ["i-c1", "i-c2", "i-c3"] },
    workers: { autoScalingGroupNames: ["workers"] },
    ingress: {},
};

export const COSTS: CostCase[] = [
    {
        cloud: "aws",
        build: () => new AwsHaCluster("cost", TYPHOON_AWS),
        // An NLB is billed by the hour (and capacity units); listeners are not billed, Elastic
        // IPs are (https://aws.amazon.com/elasticloadbalancing/pricing/,
        // https://aws.amazon.com/vpc/pricing/ public IPv4 addresses).
        count: (resources) => ({
            "NLBs": ofType(resources, "aws:lb/loadBalancer:LoadBalancer").length,
            "Elastic IPs": ofType(resources, "aws:ec2/eip:Eip").length,
        }),
        typhoon: { "NLBs": 1, "Elastic IPs": 0 },
        source: "aws/fedora-coreos/kubernetes/nlb.tf: aws_lb.nlb dualstack, 3 listeners, no EIP",
    },
    {
        cloud: "azure",
        build: () => new AzureHaCluster("cost", { resourceGroupName: "rg-k8s", ipv6: true, ingress: {} }),
        // A Standard load balancer's first five rules are billed together, each further
        // load-balancing or outbound rule apart (https://azure.microsoft.com/pricing/details/load-balancer/);
        // Standard public IPs are billed each (https://azure.microsoft.com/pricing/details/ip-addresses/).
        count: (resources) => {
            const lb = ofType(resources, "azure-native:network:LoadBalancer")[0].inputs;
            const rules = (lb.loadBalancingRules?.length ?? 0) + (lb.outboundRules?.length ?? 0);
            return { "rules beyond five": Math.max(0, rules - 5), "public IPs": ofType(resources, "azure-native:network:PublicIPAddress").length };
        },
        typhoon: { "rules beyond five": 3, "public IPs": 2 },
        source: "azure/fedora-coreos/kubernetes/lb.tf: 6 azurerm_lb_rule, 2 azurerm_lb_outbound_rule (workers only), 2 azurerm_public_ip",
    },
    {
        cloud: "gcp proxy",
        build: () => new GcpHaCluster("cost", { ...gcpArgs, mode: "proxy" }),
        count: gcpItems,
        typhoon: { "forwarding rules": 5, "static addresses": 3 },
        source: "google-cloud/fedora-coreos/kubernetes/apiserver.tf (IPv4 only) and ingress.tf: 5 google_compute_global_forwarding_rule, 3 google_compute_global_address",
    },
    {
        cloud: "gcp passthrough",
        build: () => new GcpHaCluster("cost", { ...gcpArgs, subnetwork: "projects/p/regions/us-central1/subnetworks/nodes" }),
        count: gcpItems,
        typhoon: { "forwarding rules": 5, "static addresses": 3 },
        source: "as above",
    },
];
