// Scenarios on a deployed stack, on all three clouds: a service added in the middle of the
// list, and controllers joining one at a time (kURL). The engine's plan may only create the
// new members and update shared parents in place: nothing that holds an address is replaced
// or deleted. Also: a program whose inputs are IDs of resources it creates itself previews.
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { AwsHaCluster } from "../../provider/src/aws/awsHaCluster";
import { AzureHaCluster } from "../../provider/src/azure/azureHaCluster";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { Engine, Step, changes } from "./engine";
import { timed } from "./timing";

const VNET =
    "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet";
const gcpInstance = (zone: string, name: string) =>
    `https://www.googleapis.com/compute/v1/projects/demo-project/zones/us-central1-${zone}/instances/${name}`;
const PORTS: Record<string, number> = { alpha: 30101, beta: 30102, gamma: 30103 };
const service = (name: string) => ({ name, port: PORTS[name], targetPort: PORTS[name] });

/** Per cloud: the component built from a list of services and a list of controllers. */
const clouds: Record<
    string,
    {
        config: Record<string, string>;
        build: (name: string, services: string[], controllers: number) => Record<string, unknown>;
    }
> = {
    aws: {
        config: { "aws:region": "us-east-1" },
        build: (name, services, controllers) => {
            const c = new AwsHaCluster(name, {
                vpcId: "vpc-0123456789abcdef0",
                subnetIds: ["subnet-0a", "subnet-0b", "subnet-0c"],
                controllers: { instanceIds: ["i-0a", "i-0b", "i-0c"].slice(0, controllers) },
                workers: { instanceIds: ["i-1a", "i-1b"] },
                ingress: {},
                services: services.map(service),
            });
            return { url: c.apiserverUrl };
        },
    },
    azure: {
        config: { "azure-native:location": "westeurope" },
        build: (name, services, controllers) => {
            const c = new AzureHaCluster(name, {
                resourceGroupName: "rg",
                virtualNetworkId: VNET,
                controllers: {
                    ipAddresses: ["10.0.1.4", "10.0.1.5", "10.0.1.6"].slice(0, controllers),
                },
                workers: { ipAddresses: ["10.0.2.4", "10.0.2.5"] },
                ingress: {},
                services: services.map(service),
            });
            return { url: c.apiserverUrl };
        },
    },
    gcp: {
        config: { "gcp:project": "demo-project" },
        build: (name, services, controllers) => {
            const c = new GcpHaCluster(name, {
                region: "us-central1",
                network: "projects/demo-project/global/networks/k8s",
                subnetwork: "projects/demo-project/regions/us-central1/subnetworks/k8s-nodes",
                controllers: {
                    instances: ["a", "b", "c"]
                        .slice(0, controllers)
                        .map((z) => gcpInstance(z, `controller-${z}`)),
                },
                workers: { instances: ["a", "b"].map((z) => gcpInstance(z, `worker-${z}`)) },
                ingress: {},
                services: services.map(service),
            });
            return { url: c.apiserverUrl };
        },
    },
};

/** Shared parents that take new members in place, and the inputs that may change on them. */
const inPlace: Record<string, string[]> = {
    // The component's record of its address holders (model/holders.ts): a new frontend's.
    "hacluster:index:AwsHaCluster": ["addressHolders"],
    "hacluster:index:AzureHaCluster": ["addressHolders"],
    "hacluster:index:GcpHaCluster": ["addressHolders"],
    "azure-native:network:LoadBalancer": [
        "backendAddressPools",
        "frontendIPConfigurations",
        "loadBalancingRules",
        "probes",
        "outboundRules",
    ],
    // An NSG rule shared by the frontends with the same sources grows its port list in place.
    "azure-native:network:SecurityRule": ["destinationPortRanges", "description"],
    "gcp:compute/instanceGroup:InstanceGroup": ["instances", "namedPorts"],
    "gcp:compute/regionBackendService:RegionBackendService": ["backends"],
};

/** Fails on any replacement or deletion, and on any update outside `inPlace`. */
function assertOnlyAdditions(steps: Step[]): void {
    const bad = steps.filter((s) =>
        ["replace", "create-replacement", "delete-replaced", "delete", "discard"].includes(s.op),
    );
    assert.deepStrictEqual(
        bad.map((s) => `${s.op} ${s.type}::${s.name}`),
        [],
    );
    for (const s of steps.filter((s) => s.op === "update")) {
        const allowed = inPlace[s.type];
        assert.ok(
            allowed,
            `update of ${s.type}::${s.name}, which is no shared parent (diffs: ${s.diffs})`,
        );
        assert.deepStrictEqual(
            s.diffs.filter((d) => !allowed.includes(d.split(/[.[]/)[0])),
            [],
            `${s.type}::${s.name}`,
        );
    }
}

describe("changes to a deployed stack through the real engine", function () {
    this.timeout(900_000);
    const engine = new Engine();
    before(() => engine.start());
    after(() => engine.stop());

    for (const [cloud, { config, build }] of Object.entries(clouds)) {
        describe(cloud, () => {
            const job = (op: "preview" | "up" | "destroy", stack: string) => ({
                op,
                stack,
                project: "hacluster-e2e",
                config,
            });

            it("a service added in the middle of the list only adds resources", async () => {
                const stack = `svc-${cloud}`;
                const program = (services: string[]) => async () => build(stack, services, 3);
                await engine.typescript(job("up", stack), program(["alpha", "gamma"]));
                try {
                    const r = await timed(`${cloud} preview +service`, () =>
                        engine.typescript(
                            job("preview", stack),
                            program(["alpha", "beta", "gamma"]),
                        ),
                    );
                    assertOnlyAdditions(r.steps);
                    const created = r.steps.filter((s) => s.op === "create");
                    // Azure carries a new service entirely in shared parents: the load balancer's
                    // lists and the port lists of the NSG rules shared by frontends with the same sources.
                    if (cloud === "azure")
                        assert.ok(
                            r.steps.some((s) => s.op === "update"),
                            changes(r.steps).join("\n"),
                        );
                    else assert.ok(created.length > 0, changes(r.steps).join("\n"));
                    // Named after the new service, or after its port (security rules).
                    for (const s of created)
                        assert.match(
                            s.name,
                            /beta|30102/,
                            `created ${s.type}::${s.name}, which is not the new service's`,
                        );
                } finally {
                    await engine.typescript(job("destroy", stack), program(["alpha", "gamma"]));
                }
                assert.deepStrictEqual(engine.cloudResources(stack), []);
            });

            it("controllers joining one at a time add members and replace nothing", async () => {
                const stack = `join-${cloud}`;
                const program = (controllers: number) => async () => build(stack, [], controllers);
                await engine.typescript(job("up", stack), program(1));
                try {
                    const before = engine.cloudResources(stack);
                    const preview = await engine.typescript(job("preview", stack), program(3));
                    assertOnlyAdditions(preview.steps);
                    assert.ok(
                        preview.steps.some(
                            (s) => s.op !== "same" && s.type !== "pulumi:pulumi:Stack",
                        ),
                        "the new controllers change nothing",
                    );
                    const up = await timed(`${cloud} up 1 -> 3 controllers`, () =>
                        engine.typescript(job("up", stack), program(3)),
                    );
                    assertOnlyAdditions(up.steps);
                    // Everything deployed with one controller is still there.
                    const after = engine.cloudResources(stack);
                    assert.deepStrictEqual(
                        before.filter((r) => !after.includes(r)),
                        [],
                    );
                } finally {
                    await engine.typescript(job("destroy", stack), program(3));
                }
                assert.deepStrictEqual(engine.cloudResources(stack), []);
            });
        });
    }

    it("a program passing IDs of resources it creates previews without error", async () => {
        const r = await engine.typescript(
            {
                op: "preview",
                stack: "unknowns",
                project: "hacluster-e2e",
                config: { "aws:region": "us-east-1" },
            },
            async () => {
                const vpc = new aws.ec2.Vpc("vpc", { cidrBlock: "10.0.0.0/16" });
                const subnets = ["a", "b"].map(
                    (z) =>
                        new aws.ec2.Subnet(`subnet-${z}`, {
                            vpcId: vpc.id,
                            cidrBlock: `10.0.${z === "a" ? 1 : 2}.0/24`,
                        }),
                );
                const node = new aws.ec2.Instance("controller", {
                    ami: "ami-0123456789abcdef0",
                    instanceType: "t3.medium",
                    subnetId: subnets[0].id,
                });
                const c = new AwsHaCluster("unknowns", {
                    vpcId: vpc.id,
                    subnetIds: subnets.map((s) => s.id),
                    controllers: { instanceIds: [node.id] },
                    workers: { instanceIds: [node.id] },
                    ingress: {},
                });
                return { url: c.apiserverUrl };
            },
        );
        // The load balancer and its target groups are planned although their VPC is unknown.
        const planned = changes(r.steps);
        assert.ok(
            planned.some((s) => s.startsWith("create aws:lb/loadBalancer:LoadBalancer::")),
            planned.join("\n"),
        );
        assert.ok(
            planned.filter((s) => s.startsWith("create aws:lb/targetGroup:TargetGroup::")).length >=
                3,
            planned.join("\n"),
        );
    });
});
