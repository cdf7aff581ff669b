// One valid, representative input per component, shared by the tests that exercise every
// component the same way (SDK isolation, provider Construct, SDK round trips).
export interface ComponentCase {
    cloud: string;
    component: string;
    token: string;
    /** The cloud SDK its construction loads, and no other. */
    sdk: string;
    args: Record<string, unknown>;
    childTypePrefix: string;
    minChildren: number;
    apiserverUrl: RegExp;
}

export const COMPONENT_CASES: ComponentCase[] = [
    {
        cloud: "aws",
        component: "AwsHaCluster",
        token: "hacluster:index:AwsHaCluster",
        sdk: "@pulumi/aws",
        args: {
            vpcId: "vpc-0a1b",
            subnetIds: ["subnet-a", "subnet-b"],
            controllers: { instanceIds: ["i-c1"] },
            workers: { autoScalingGroupNames: ["workers"] },
            ingress: {},
            services: [{ name: "some-app", port: 3333, targetPort: 30333 }],
        },
        childTypePrefix: "aws:",
        minChildren: 20,
        apiserverUrl: /^https:\/\/.+\.elb\.us-east-1\.amazonaws\.com:6443$/,
    },
    {
        cloud: "azure",
        component: "AzureHaCluster",
        token: "hacluster:index:AzureHaCluster",
        sdk: "@pulumi/azure-native",
        args: {
            resourceGroupName: "rg-k8s",
            ipv6: true,
            ingress: {},
            services: [{ name: "some-app", port: 3333, targetPort: 30333 }],
        },
        childTypePrefix: "azure-native:",
        minChildren: 8,
        apiserverUrl: /^https:\/\/\d+\.\d+\.\d+\.\d+:6443$/,
    },
    {
        cloud: "gcp",
        component: "GcpHaCluster",
        token: "hacluster:index:GcpHaCluster",
        sdk: "@pulumi/gcp",
        args: {
            region: "us-central1",
            network: "default",
            controllers: { instances: ["https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instances/c0"] },
            ingress: {},
            services: [{ name: "syslog", port: 30514, protocol: "UDP", healthCheck: { port: 30515 } }],
        },
        childTypePrefix: "gcp:",
        minChildren: 10,
        apiserverUrl: /^https:\/\/\d+\.\d+\.\d+\.\d+:6443$/,
    },
];
