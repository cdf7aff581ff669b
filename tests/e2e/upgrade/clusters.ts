// The generated clusters the upgrade test deploys with a release and then upgrades: one per
// cloud with ingress, two services and DNS where the cloud has it (the day-2 baseline).
const VNET =
    "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet";
const gcpInstance = (zone: string, name: string) =>
    `https://www.googleapis.com/compute/v1/projects/demo-project/zones/us-central1-${zone}/instances/${name}`;
const services = [
    { name: "alpha", port: 30101, targetPort: 30101 },
    { name: "beta", port: 30102, targetPort: 30102 },
];

export interface Cluster {
    /** The component's module under provider/src and its class. */
    module: string;
    component: string;
    config: Record<string, string>;
    args: Record<string, unknown>;
}

export const CLUSTERS: Record<string, Cluster> = {
    aws: {
        module: "provider/src/aws/awsHaCluster",
        component: "AwsHaCluster",
        config: { "aws:region": "us-east-1" },
        args: {
            vpcId: "vpc-0123456789abcdef0",
            subnetIds: ["subnet-0a", "subnet-0b", "subnet-0c"],
            controllers: { instanceIds: ["i-0a", "i-0b"] },
            workers: { instanceIds: ["i-1a", "i-1b"] },
            dns: { zoneId: "Z0123456789ABCDEFGHIJ", name: "k8s.example.com" },
            ingress: {},
            services,
        },
    },
    azure: {
        module: "provider/src/azure/azureHaCluster",
        component: "AzureHaCluster",
        config: { "azure-native:location": "westeurope" },
        args: {
            resourceGroupName: "rg",
            virtualNetworkId: VNET,
            controllers: { ipAddresses: ["10.0.1.4", "10.0.1.5"] },
            workers: { ipAddresses: ["10.0.2.4", "10.0.2.5"] },
            dnsLabel: "k8s-demo",
            ingress: {},
            services,
        },
    },
    gcp: {
        module: "provider/src/gcp/gcpHaCluster",
        component: "GcpHaCluster",
        config: { "gcp:project": "demo-project" },
        args: {
            region: "us-central1",
            network: "projects/demo-project/global/networks/k8s",
            subnetwork: "projects/demo-project/regions/us-central1/subnetworks/k8s-nodes",
            controllers: { instances: ["a", "b"].map((z) => gcpInstance(z, `controller-${z}`)) },
            workers: { instances: ["a", "b"].map((z) => gcpInstance(z, `worker-${z}`)) },
            ingress: {},
            services,
        },
    },
};

export const PROJECT = "hacluster-upgrade";

/** The release the upgrade test starts from (CHANGELOG.md). */
export const RELEASE = { version: "0.1.0", commit: "9230423" };

/** A program building `cluster` with the component sources under `root`. */
export function clusterProgram(
    root: string,
    stack: string,
    cluster: Cluster,
): () => Promise<Record<string, unknown>> {
    return async () => {
        const Component = require(`${root}/${cluster.module}`)[cluster.component];
        return { url: new Component(stack, cluster.args).apiserverUrl };
    };
}
