// One valid, representative input per component of the component table, shared by the tests
// that exercise every component the same way (SDK isolation, provider Construct, SDK round
// trips). Keyed by token, so that a component without a case fails to compile.
import { ComponentToken } from "../../provider/src/generated/enums";
import { COMPONENTS } from "../../provider/src/component/table";

interface CaseInputs {
    args: Record<string, unknown>;
    childTypePrefix: string;
    minChildren: number;
    apiserverUrl: RegExp;
}

export interface ComponentCase extends CaseInputs {
    cloud: string;
    component: string;
    token: string;
    /** The cloud SDK its construction loads, and no other. */
    sdk: string;
}

const CASES: Record<ComponentToken, CaseInputs> = {
    "hacluster:index:AwsHaCluster": {
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
    "hacluster:index:AzureHaCluster": {
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
    "hacluster:index:GcpHaCluster": {
        args: {
            region: "us-central1",
            network: "default",
            controllers: {
                instances: [
                    "https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instances/c0",
                ],
            },
            ingress: {},
            services: [
                { name: "syslog", port: 30514, protocol: "UDP", healthCheck: { port: 30515 } },
            ],
        },
        childTypePrefix: "gcp:",
        minChildren: 10,
        apiserverUrl: /^https:\/\/\d+\.\d+\.\d+\.\d+:6443$/,
    },
};

export const COMPONENT_CASES: ComponentCase[] = Object.values(COMPONENTS).map((entry) => ({
    cloud: entry.cloud,
    component: entry.className,
    token: entry.token,
    sdk: entry.sdk,
    ...CASES[entry.token],
}));
