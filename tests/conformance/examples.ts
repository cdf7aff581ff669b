// The TypeScript examples a user would copy, run as Pulumi programs under the mock runtime
// with placeholder configuration; `pulumi-hacluster` resolves to this checkout's source, as
// examples/tsconfig.json maps it for the type check.
import NodeModule from "module";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { build } from "../support/harness";
import { cloudStates } from "../support/states";
import { Cloud, Scenario } from "./collect";

const ROOT = path.resolve(__dirname, "../..");
const SOURCE = path.join(ROOT, "provider/src/index.ts");

export const EXAMPLE_CONFIG: Record<string, string> = {
    vpcId: "vpc-0a1b",
    subnetIds: JSON.stringify(["subnet-0a", "subnet-0b", "subnet-0c"]),
    nodeSubnetIds: JSON.stringify(["subnet-1a", "subnet-1b", "subnet-1c"]),
    natGatewayIp: "203.0.113.10",
    workerSecurityGroupId: "sg-0workers",
    ami: "ami-0a1b2c3d",
    workerAutoScalingGroup: "demo-workers",
    zoneId: "Z0123456789ABC",
    resourceGroupName: "rg-k8s",
    virtualNetworkId:
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-k8s/providers/Microsoft.Network/virtualNetworks/vnet-k8s",
    subnetId:
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-k8s/providers/Microsoft.Network/virtualNetworks/vnet-k8s/subnets/nodes",
    network: "k8s-vpc",
    subnetwork: "k8s-nodes",
    image: "debian-cloud/debian-12",
    natAddress: "203.0.113.20",
    natAddressSelfLink:
        "https://www.googleapis.com/compute/v1/projects/demo-project/regions/us-central1/addresses/demo-nat",
    workerInstanceGroup:
        "https://www.googleapis.com/compute/v1/projects/demo-project/zones/us-central1-a/instanceGroups/workers",
};

const EXAMPLES: [Cloud, string][] = [
    ["aws", "examples/aws-ts/index.ts"],
    ["azure", "examples/azure-ts/index.ts"],
    ["gcp", "examples/gcp-ts/index.ts"],
];

// _resolveFilename is Node's internal resolver, absent from @types/node.
const Module = NodeModule as unknown as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
};

// The examples create their GCP instances; the suites' mocks never needed their self links.
const INSTANCE = "gcp:compute/instance:Instance";
const instanceState = (name: string, inputs: Record<string, unknown>) => ({
    selfLink: `https://www.googleapis.com/compute/v1/projects/demo-project/zones/${inputs.zone}/instances/${inputs.name ?? name}`,
});

/** `source`: what `pulumi-hacluster` resolves to (a wrapper may record the components' args). */
export async function exampleScenarios(source = SOURCE): Promise<Scenario[]> {
    const resolve = Module._resolveFilename;
    cloudStates[INSTANCE] = instanceState;
    Module._resolveFilename = (request, ...rest) =>
        request === "pulumi-hacluster" ? source : resolve(request, ...rest);
    try {
        const scenarios: Scenario[] = [];
        for (const [cloud, file] of EXAMPLES) {
            const program = path.join(ROOT, file);
            const { recorder } = await build(() => {
                for (const [key, value] of Object.entries(EXAMPLE_CONFIG))
                    pulumi.runtime.setConfig(`project:${key}`, value);
                delete require.cache[program];
                require(program);
            });
            scenarios.push({ id: `example: ${file}`, cloud, resources: recorder.resources });
        }
        return scenarios;
    } finally {
        Module._resolveFilename = resolve;
        delete cloudStates[INSTANCE];
    }
}
