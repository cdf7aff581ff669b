// The contract with the nodes: each component publishes, per role, what its nodes must carry,
// with the IDs filled in and whether the component could check it.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AwsHaCluster } from "../../provider/src/aws/awsHaCluster";
import { AzureHaCluster } from "../../provider/src/azure/azureHaCluster";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { NodeRequirement, NodeRequirements } from "../../provider/src/generated/types";
import { build, valueOf } from "../support/harness";

const brief = (list: NodeRequirement[]) =>
    list.map((r) => `${r.kind} ${r.value}${r.checked ? " (checked)" : ""}`);

async function requirementsOf(
    make: () => { nodeRequirements: pulumi.Input<NodeRequirements> },
): Promise<NodeRequirements> {
    const { result } = await build(make);
    return valueOf(result.nodeRequirements);
}

describe("the nodeRequirements output", () => {
    it("AWS: each role attaches its own security group and serves its ports", async () => {
        const req = await requirementsOf(
            () =>
                new AwsHaCluster("demo", {
                    vpcId: "vpc-0a1b",
                    subnetIds: ["subnet-a", "subnet-b"],
                    controllers: { instanceIds: ["i-c1"] },
                    workers: { autoScalingGroupNames: ["workers"] },
                    ingress: {},
                    apiserver: { allowedCidrs: ["203.0.113.0/24"] },
                    nodeSourceCidrs: ["198.51.100.7/32"],
                }),
        );
        assert.deepStrictEqual(brief(req.controllers), [
            "securityGroup demo-controllers-sg-id",
            "egressSource 198.51.100.7/32",
            "listen tcp/6443",
        ]);
        assert.deepStrictEqual(brief(req.workers), [
            "securityGroup demo-workers-sg-id",
            "egressSource 198.51.100.7/32",
            "listen tcp/80",
            "listen tcp/443",
            "listen tcp/10254",
        ]);
    });

    it("Azure: the NSG to associate, the pools (checked when given by IP) and the outbound sources", async () => {
        const req = await requirementsOf(
            () =>
                new AzureHaCluster("demo", {
                    resourceGroupName: "rg",
                    virtualNetworkId:
                        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v",
                    controllers: { ipAddresses: ["10.0.1.10"] },
                    ingress: {},
                    apiserver: { allowedCidrs: ["203.0.113.0/24"] },
                }),
        );
        const [nsg, ...rest] = req.controllers;
        assert.strictEqual(nsg.kind, "networkSecurityGroup");
        assert.match(nsg.value, /demo-controllers-nsg-id$/);
        // The outbound rules' public IPs are admitted by the NSG: no NAT source to require.
        assert.deepStrictEqual(brief(rest), [
            "backendPool controllers-ipv4 (checked)",
            "backendPool outbound-ipv4 (checked)",
            "listen tcp/6443",
        ]);
        assert.match(req.workers[0].value, /demo-workers-nsg-id$/);
        // Workers by NIC beside controllers by IP leave from outbound frontends of their own: one pool.
        const workerPools = req.workers.filter((r) => r.kind === "backendPool");
        assert.deepStrictEqual(
            workerPools.map((r) => r.checked),
            [false],
        );
        assert.match(workerPools[0].value, /backendAddressPools\/workers-ipv4$/);
    });

    it("GCP: the network tags, and in proxy mode the named ports of the groups it creates", async () => {
        const req = await requirementsOf(
            () =>
                new GcpHaCluster("demo", {
                    region: "us-central1",
                    network: "default",
                    mode: "proxy",
                    controllers: {
                        instances: [
                            "https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instances/c0",
                        ],
                    },
                    workers: {
                        instanceGroups: [
                            "https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instanceGroups/w",
                        ],
                    },
                    ingress: {},
                }),
        );
        assert.deepStrictEqual(brief(req.controllers), [
            "networkTag demo-controller",
            "namedPort apiserver=6443 (checked)",
            "listen tcp/6443",
        ]);
        assert.deepStrictEqual(brief(req.workers).slice(0, 3), [
            "networkTag demo-worker",
            "namedPort ingress-http=80",
            "namedPort ingress-https=443",
        ]);
    });
});
