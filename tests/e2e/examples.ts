// The examples a user would copy, with the configuration each needs: the real engine runs
// them as they are (TypeScript and YAML from their files, Python with runpy, Go through the
// example's program package).
import * as fs from "fs";
import * as path from "path";
import { ROOT } from "./engine";

export interface Example {
    /** The folder under examples/, or "." for the repository's own Pulumi.yaml. */
    dir: string;
    language: "typescript" | "python" | "go" | "yaml";
    project: string;
    /** The component the example builds (type token). */
    component: string;
    config: Record<string, string>;
    /** Stack outputs the example exports. */
    outputs: string[];
}

const json = (v: unknown) => JSON.stringify(v);

export const examples: Example[] = [
    {
        dir: "aws-ts",
        language: "typescript",
        project: "hacluster-aws-ts",
        component: "hacluster:index:AwsHaCluster",
        config: {
            "aws:region": "us-east-1",
            vpcId: "vpc-0123456789abcdef0",
            subnetIds: json(["subnet-0a", "subnet-0b", "subnet-0c"]),
            nodeSubnetIds: json(["subnet-1a", "subnet-1b", "subnet-1c"]),
            natGatewayIp: "203.0.113.10",
            ami: "ami-0123456789abcdef0",
            workerAutoScalingGroup: "demo-workers",
            workerSecurityGroupId: "sg-0123456789abcdef0",
            zoneId: "Z0123456789ABCDEFGHIJ",
        },
        outputs: ["apiserverUrl", "workerSecurityGroupId", "someAppTargetGroup"],
    },
    {
        dir: "azure-ts",
        language: "typescript",
        project: "hacluster-azure-ts",
        component: "hacluster:index:AzureHaCluster",
        config: {
            "azure-native:location": "westeurope",
            resourceGroupName: "demo-rg",
            virtualNetworkId:
                "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/demo-rg/providers/Microsoft.Network/virtualNetworks/demo",
            subnetId:
                "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/demo-rg/providers/Microsoft.Network/virtualNetworks/demo/subnets/nodes",
        },
        outputs: ["apiserverUrl", "ipv4Addresses", "ipv6Addresses", "networkSecurityGroupId"],
    },
    {
        dir: "gcp-ts",
        language: "typescript",
        project: "hacluster-gcp-ts",
        component: "hacluster:index:GcpHaCluster",
        config: {
            "gcp:project": "demo-project",
            network: "projects/demo-project/global/networks/k8s",
            subnetwork: "projects/demo-project/regions/us-central1/subnetworks/k8s-nodes",
            image: "debian-cloud/debian-12",
            natAddress: "203.0.113.20",
            natAddressSelfLink:
                "https://www.googleapis.com/compute/v1/projects/demo-project/regions/us-central1/addresses/demo-nat",
            workerInstanceGroup:
                "https://www.googleapis.com/compute/v1/projects/demo-project/zones/us-central1-a/instanceGroups/demo-workers",
        },
        outputs: ["apiserverUrl", "loadBalancerAddresses", "hairpinWorkaround", "instanceGroups"],
    },
    {
        dir: "aws-py",
        language: "python",
        project: "hacluster-aws-py",
        component: "hacluster:index:AwsHaCluster",
        config: {
            "aws:region": "us-east-1",
            vpcId: "vpc-0123456789abcdef0",
            subnetIds: json(["subnet-0a", "subnet-0b"]),
            controllerIps: json(["10.0.1.10", "10.0.2.10", "10.0.1.11"]),
            workerIps: json(["10.0.1.20", "10.0.2.20"]),
            controllerSecurityGroupId: "sg-0c0c0c0c0c0c0c0c0",
            workerSecurityGroupId: "sg-0d0d0d0d0d0d0d0d0",
        },
        outputs: ["apiserverUrl", "workerSecurityGroupId", "dnsTargetGroupArn"],
    },
    {
        dir: "gcp-go",
        language: "go",
        project: "hacluster-gcp-go",
        component: "hacluster:index:GcpHaCluster",
        config: {
            "gcp:project": "demo-project",
            project: "demo-project",
            controllerInstances: json(
                ["a", "b", "c"].map(
                    (z) =>
                        `https://www.googleapis.com/compute/v1/projects/demo-project/zones/us-central1-${z}/instances/k8s-controller-${z}`,
                ),
            ),
            workerInstances: json(
                ["a", "b"].map(
                    (z) =>
                        `https://www.googleapis.com/compute/v1/projects/demo-project/zones/us-central1-${z}/instances/k8s-worker-${z}`,
                ),
            ),
        },
        outputs: ["apiserverUrl", "hairpinWorkaround"],
    },
    {
        dir: "azure-yaml",
        language: "yaml",
        project: "hacluster-azure-yaml",
        component: "hacluster:index:AzureHaCluster",
        config: {
            "azure-native:location": "westeurope",
            resourceGroupName: "demo-rg",
            virtualNetworkId:
                "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/demo-rg/providers/Microsoft.Network/virtualNetworks/demo",
        },
        outputs: ["apiserverUrl", "ipv4Addresses", "backendAddressPoolIds"],
    },
    // The repository's own demo program, one cluster per cloud (when the checkout has it).
    ...(fs.existsSync(path.join(ROOT, "Pulumi.yaml"))
        ? [
              {
                  dir: ".",
                  language: "yaml" as const,
                  project: "hacluster-demo",
                  component: "hacluster:index:AwsHaCluster",
                  config: {
                      "aws:region": "us-east-1",
                      "azure-native:location": "westeurope",
                      "gcp:project": "demo-project",
                  },
                  outputs: ["awsApiserverUrl", "azureApiserverUrl", "gcpApiserverUrl"],
              },
          ]
        : []),
];

/** The program of an example: its file or folder, or for YAML a copy of its project (stack files land there). */
export function programPath(example: Example, scratch: string): string {
    const dir = example.dir === "." ? ROOT : path.join(ROOT, "examples", example.dir);
    switch (example.language) {
        case "typescript":
            return path.join(dir, "index.ts");
        case "python":
            return path.join(dir, "__main__.py");
        case "go":
            return dir;
        case "yaml":
            return projectCopy(dir, scratch);
    }
}

import { Engine, Job, Result, programOf, projectCopy } from "./engine";

/** One operation of an example on `stack`, in the example's own language. */
export function runExample(
    engine: Engine,
    example: Example,
    op: Job["op"],
    stack: string,
    program: string,
    config = example.config,
): Promise<Result> {
    const job: Job = { op, stack, project: example.project, config };
    switch (example.language) {
        case "typescript":
            return engine.typescript(job, programOf(program));
        case "python":
            return engine.driver("python", job, program);
        case "go":
            return engine.driver("go", job, program);
        case "yaml":
            return engine.directory(job, program);
    }
}
