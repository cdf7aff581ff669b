// Cost figure of `npm run bench`: the load-balancer items a cloud bills per cluster, ours
// (counted from what the component registers under mocks) against Typhoon's for the same
// frontends: apiserver 6443 and ingress 80/443, public and dual-stack. Typhoon's counts come
// from the one baseline (provider/src/model/typhoon.ts), for the spec each case plans.
import { AwsHaCluster } from "../../provider/src/aws/awsHaCluster";
import { AzureHaCluster } from "../../provider/src/azure/azureHaCluster";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { planAws } from "../../provider/src/model/aws";
import { planAzure } from "../../provider/src/model/azure";
import { ClusterSpec } from "../../provider/src/model/cluster";
import { planGcp } from "../../provider/src/model/gcp";
import { TyphoonCloud, typhoonCounts } from "../../provider/src/model/typhoon";
import { Registered } from "./harness";
import { list, maybe } from "./inputs";

export interface CostCase {
    cloud: string;
    build: () => unknown;
    /** Billable items by kind. */
    count: (resources: Registered[]) => Record<string, number>;
    typhoon: Record<string, number>;
    source: string;
}

/** Typhoon's counts of the named items for a planned spec. */
function typhoon(
    cloud: TyphoonCloud,
    spec: ClusterSpec | undefined,
    items: string[],
): Record<string, number> {
    const counts = typhoonCounts(cloud, spec!);
    return Object.fromEntries(items.map((item) => [item, counts[item]]));
}

const ofType = (resources: Registered[], ...types: string[]) =>
    resources.filter((r) => types.includes(r.type));

// GCP bills the first five forwarding rules of a project at one rate and each further rule
// apart, global and per region (https://cloud.google.com/load-balancing/pricing).
const gcpItems = (resources: Registered[]) => ({
    "forwarding rules": ofType(
        resources,
        "gcp:compute/forwardingRule:ForwardingRule",
        "gcp:compute/globalForwardingRule:GlobalForwardingRule",
    ).length,
    "static addresses": ofType(
        resources,
        "gcp:compute/address:Address",
        "gcp:compute/globalAddress:GlobalAddress",
    ).length,
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

const AZURE_ARGS = { resourceGroupName: "rg-k8s", ipv6: true, ingress: {} };

/** Azure bills the rules beyond the first five of a load balancer, and each public IP. */
function azureTyphoon(): Record<string, number> {
    const counts = typhoonCounts("azure", planAzure(AZURE_ARGS, "cost").plan!.cluster);
    return {
        "rules beyond five": Math.max(
            0,
            counts["load-balancing rules"] + counts["outbound rules"] - 5,
        ),
        "public IPs": counts["public IPs"],
    };
}

export const COSTS: CostCase[] = [
    {
        cloud: "aws",
        build: () => new AwsHaCluster("cost", TYPHOON_AWS),
        // An NLB is billed by the hour (and capacity units); listeners are not billed, Elastic
        // IPs are (https://aws.amazon.com/elasticloadbalancing/pricing/,
        // https://aws.amazon.com/vpc/pricing/ public IPv4 addresses).
        count: (resources) => ({
            "network load balancers": ofType(resources, "aws:lb/loadBalancer:LoadBalancer").length,
            "Elastic IPs": ofType(resources, "aws:ec2/eip:Eip").length,
        }),
        typhoon: typhoon("aws", planAws(TYPHOON_AWS, "cost").plan?.cluster, [
            "network load balancers",
            "Elastic IPs",
        ]),
        source: "aws/fedora-coreos/kubernetes/nlb.tf",
    },
    {
        cloud: "azure",
        build: () => new AzureHaCluster("cost", AZURE_ARGS),
        // A Standard load balancer's first five rules are billed together, each further
        // load-balancing or outbound rule apart (https://azure.microsoft.com/pricing/details/load-balancer/);
        // Standard public IPs are billed each (https://azure.microsoft.com/pricing/details/ip-addresses/).
        count: (resources) => {
            const lb = ofType(resources, "azure-native:network:LoadBalancer")[0].inputs;
            const rules =
                (maybe(list, lb, "loadBalancingRules")?.length ?? 0) +
                (maybe(list, lb, "outboundRules")?.length ?? 0);
            return {
                "rules beyond five": Math.max(0, rules - 5),
                "public IPs": ofType(resources, "azure-native:network:PublicIPAddress").length,
            };
        },
        typhoon: azureTyphoon(),
        source: "azure/fedora-coreos/kubernetes/lb.tf",
    },
    {
        cloud: "gcp proxy",
        build: () => new GcpHaCluster("cost", { ...gcpArgs, mode: "proxy" }),
        count: gcpItems,
        typhoon: typhoon("gcp", planGcp({ ...gcpArgs, mode: "proxy" }, "cost").plan?.cluster, [
            "forwarding rules",
            "static addresses",
        ]),
        source: "google-cloud/fedora-coreos/kubernetes/apiserver.tf (IPv4 only) and ingress.tf",
    },
    {
        cloud: "gcp passthrough",
        build: () =>
            new GcpHaCluster("cost", {
                ...gcpArgs,
                subnetwork: "projects/p/regions/us-central1/subnetworks/nodes",
            }),
        count: gcpItems,
        typhoon: typhoon("gcp", planGcp({ ...gcpArgs, mode: "proxy" }, "cost").plan?.cluster, [
            "forwarding rules",
            "static addresses",
        ]),
        source: "as above",
    },
];
