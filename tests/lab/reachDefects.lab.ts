// The flow defects of issue 17, each as packets in the reachability lab: what the front door
// should do, asserted on the lab's answers. Each failed on main when written.
import * as assert from "assert";
import { planAws } from "../../provider/src/model/aws";
import { planAzure } from "../../provider/src/model/azure";
import { planGcp } from "../../provider/src/model/gcp";
import { componentOf } from "../support/components";
import { build } from "../support/harness";
import { requireLab } from "./netns";
import { ReachNet } from "./reachNet";
import { ReachScenario, tsExampleScenarios, yamlScenarios } from "./reachScenarios";
import { walk } from "./reachWalk";

const VNET = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v";
const PLANS = { aws: planAws, azure: planAzure, gcp: planGcp } as const;

/** A component alone (the nodes' side under the contract), or undefined when it refuses the args. */
async function component(
    cloud: keyof typeof PLANS,
    args: Record<string, unknown>,
): Promise<ReachScenario | undefined> {
    const planned = PLANS[cloud](args, "lab");
    if (!planned.plan) return undefined;
    const { recorder } = await build(() => new (componentOf(cloud))("lab", args));
    return {
        id: `${cloud} component`,
        type: `hacluster:index:${cloud === "aws" ? "Aws" : cloud === "azure" ? "Azure" : "Gcp"}HaCluster`,
        resources: recorder.resources,
        spec: planned.plan.cluster,
        wholeProgram: false,
    };
}

describe("reachability lab: the flow defects of issue 17", function () {
    this.timeout(120_000);
    let net: ReachNet;
    const answers = async (s: ReachScenario) => (await walk(net, s)).actual;

    before(function () {
        requireLab(this, "the reachability lab's defect cases");
        net = new ReachNet();
    });
    after(() => net?.destroy());

    it("defect 2: the NSG of the demo, examples/azure-yaml and examples/azure-ts reaches their nodes, so allowed clients reach the apiserver", async () => {
        const demo = (await yamlScenarios("Pulumi.yaml")).find((s) => s.type.includes("Azure"))!;
        const yaml = (await yamlScenarios("examples/azure-yaml/Pulumi.yaml"))[0];
        const ts = (await tsExampleScenarios()).find((s) => s.type.includes("Azure"))!;
        assert.strictEqual(
            (await answers(demo))["frontend apiserver ipv4 from internet"],
            "controllers",
        );
        assert.strictEqual(
            (await answers(yaml))["frontend apiserver ipv4 from client 198.51.100.0/24"],
            "controllers",
        );
        assert.strictEqual(
            (await answers(ts))["frontend apiserver ipv4 from client 198.51.100.0/24"],
            "controllers",
        );
    });

    // Azure's default rule AllowVnetInBound (65000) admits the virtual network and its peerings
    // on every port; the apiserver's Deny rule, after the cluster's allow rules, stops them on 6443.
    it("defect 3: a restricted internal Azure apiserver admits its nodes, not a peered network of the VirtualNetwork tag", async () => {
        const s = (await component("azure", {
            resourceGroupName: "rg",
            scheme: "internal",
            subnetId: `${VNET}/subnets/nodes`,
            // Internal load balancers take NIC-based pools only (docs/azure.md), so the nodes are
            // admitted by their subnets, as nodeSourceCidrs.
            nodeSourceCidrs: ["10.77.0.0/16"],
            ingress: {},
            apiserver: { allowedCidrs: ["198.51.100.0/24"] },
        }))!;
        const a = await answers(s);
        assert.strictEqual(a["frontend apiserver ipv4 from client 198.51.100.0/24"], "controllers");
        assert.strictEqual(a["frontend apiserver ipv4 from workers"], "controllers");
        assert.strictEqual(a["frontend apiserver ipv4 from peered network"], "");
    });

    it("defect 4: Azure workers expose no apiserver port and controllers no ingress port to the frontends' clients", async () => {
        const demo = (await yamlScenarios("Pulumi.yaml")).find((s) => s.type.includes("Azure"))!;
        const a = await answers({ ...demo, wholeProgram: false });
        assert.strictEqual(a["frontend apiserver ipv4 from internet"], "controllers");
        assert.strictEqual(a["node workers tcp/6443 ipv4 from internet"], "");
        assert.strictEqual(a["node controllers tcp/80 ipv4 from internet"], "");
        assert.strictEqual(a["node controllers tcp/443 ipv6 from internet"], "");
    });

    it("defect 5: examples/azure-yaml gives every frontend family a member, or the component refuses it", async () => {
        let yaml: ReachScenario;
        try {
            yaml = (await yamlScenarios("examples/azure-yaml/Pulumi.yaml"))[0];
        } catch (error) {
            assert.match(String(error), /ipv6|IPv6/);
            return;
        }
        const a = await answers({ ...yaml, wholeProgram: false });
        assert.strictEqual(a["frontend ingress-http ipv6 from internet"], "workers");
        assert.strictEqual(a["frontend apiserver ipv6 from client 2001:db8::/32"], "controllers");
    });

    it("defect 11: an internal Google Cloud cluster admits no internet client to its nodes, around the load balancer", async () => {
        const s = (await component("gcp", {
            region: "us-central1",
            network: "default",
            subnetwork: "nodes",
            scheme: "internal",
            controllers: {
                instances: [
                    "https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instances/c0",
                ],
            },
            workers: {
                instances: [
                    "https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instances/w0",
                ],
            },
            ingress: {},
            services: [{ name: "registry", port: 30500 }],
        }))!;
        const a = await answers(s);
        assert.strictEqual(a["frontend apiserver ipv4 from workers"], "controllers");
        assert.strictEqual(a["node controllers tcp/6443 ipv4 from internet"], "");
        assert.strictEqual(a["node workers tcp/30500 ipv4 from internet"], "");
        assert.strictEqual(a["node workers tcp/80 ipv4 from internet"], "");
    });

    it("defect 13: examples/aws-ts: allowed clients and every node reach the apiserver", async () => {
        const ts = (await tsExampleScenarios()).find((s) => s.type.includes("Aws"))!;
        const a = await answers(ts);
        assert.strictEqual(a["frontend apiserver ipv4 from client 198.51.100.0/24"], "controllers");
        assert.strictEqual(a["frontend apiserver ipv4 from workers"], "controllers");
        assert.strictEqual(a["frontend apiserver ipv4 from controllers"], "controllers");
    });

    it("defect 15: an apiserver restricted to IPv6 ranges is refused, or every node reaches it over IPv4", async () => {
        for (const [cloud, args] of [
            [
                "aws",
                {
                    vpcId: "vpc-1",
                    subnetIds: ["subnet-a"],
                    ipv6: true,
                    controllers: { instanceIds: ["i-c1"] },
                    workers: { instanceIds: ["i-w1"] },
                    apiserver: { allowedCidrs: ["2001:db8:1::/48"] },
                },
            ],
            [
                "gcp",
                {
                    region: "us-central1",
                    network: "default",
                    subnetwork: "nodes",
                    ipv6: true,
                    controllers: {
                        instances: [
                            "https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instances/c0",
                        ],
                    },
                    apiserver: { allowedCidrs: ["2001:db8:1::/48"] },
                },
            ],
        ] as const) {
            const s = await component(cloud, args as Record<string, unknown>);
            if (s === undefined) continue;
            const a = await answers(s);
            assert.strictEqual(
                a["frontend apiserver ipv4 from workers"],
                "controllers",
                `${cloud}: the workers are locked out over IPv4`,
            );
        }
    });
});
