// The clusters the engine figures build: one per cloud, with ingress and `n` services, as plain
// inputs (for YAML programs) and as the TypeScript component (for inline programs).
import { componentOf } from "../support/components";
import { Cloud } from "./engine";

const VNET =
    "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet";
const gcpInstance = (zone: string, name: string) =>
    `https://www.googleapis.com/compute/v1/projects/demo-project/zones/us-central1-${zone}/instances/${name}`;
const services = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ name: `svc-${i}`, port: 20000 + i }));

export const CLUSTER_ARGS: Record<Cloud, (n: number) => Record<string, unknown>> = {
    aws: (n) => ({
        vpcId: "vpc-0123456789abcdef0",
        subnetIds: ["subnet-0a", "subnet-0b", "subnet-0c"],
        controllers: { instanceIds: ["i-0a", "i-0b", "i-0c"] },
        workers: { instanceIds: ["i-1a", "i-1b"] },
        ingress: {},
        services: services(n),
    }),
    azure: (n) => ({
        resourceGroupName: "rg",
        virtualNetworkId: VNET,
        controllers: { ipAddresses: ["10.0.1.4", "10.0.1.5", "10.0.1.6"] },
        workers: { ipAddresses: ["10.0.2.4", "10.0.2.5"] },
        ingress: {},
        services: services(n),
    }),
    gcp: (n) => ({
        region: "us-central1",
        network: "projects/demo-project/global/networks/k8s",
        subnetwork: "projects/demo-project/regions/us-central1/subnetworks/k8s-nodes",
        controllers: { instances: ["a", "b", "c"].map((z) => gcpInstance(z, `controller-${z}`)) },
        workers: { instances: ["a", "b"].map((z) => gcpInstance(z, `worker-${z}`)) },
        ingress: {},
        services: services(n),
    }),
};

export const TOKENS: Record<Cloud, string> = {
    aws: "hacluster:index:AwsHaCluster",
    azure: "hacluster:index:AzureHaCluster",
    gcp: "hacluster:index:GcpHaCluster",
};

/** A program building one `cloud` cluster named `name` with `n` services. */
export const cluster =
    (cloud: Cloud, n: number, name = "bench") =>
    () =>
        new (componentOf(cloud))(name, CLUSTER_ARGS[cloud](n));
