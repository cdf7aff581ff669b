// Addresses the user keeps (docs/endpoints.md): protectAddresses puts Pulumi's `protect` on
// every address holder the component creates, and on nothing else.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AwsHaCluster } from "../../provider/src/aws/awsHaCluster";
import { AzureHaCluster } from "../../provider/src/azure/azureHaCluster";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { build } from "../support/harness";

/** The protected resources' types and names, seen through a (client-side) transformation. */
async function protectedOf(make: (opts: pulumi.ComponentResourceOptions) => unknown): Promise<string[][]> {
    const seen: string[][] = [];
    const spy: pulumi.ResourceTransformation = (a) => {
        if (a.opts.protect) seen.push([a.type, a.name]);
        return undefined;
    };
    await build(() => make({ transformations: [spy] }));
    return seen.sort((x, y) => x[1].localeCompare(y[1]));
}

describe("endpoints: protectAddresses", () => {
    it("AWS protects the Elastic IPs", async () => {
        const args = { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], staticIpv4: true, controllers: { instanceIds: ["i-1"] } };
        assert.deepStrictEqual(await protectedOf((o) => new AwsHaCluster("demo", args, o)), []);
        assert.deepStrictEqual(await protectedOf((o) => new AwsHaCluster("demo", { ...args, protectAddresses: true }, o)), [
            ["aws:ec2/eip:Eip", "demo-eip-subnet-a"],
            ["aws:ec2/eip:Eip", "demo-eip-subnet-b"],
        ]);
    });

    it("Azure protects the inbound and outbound public IPs", async () => {
        const args = { resourceGroupName: "rg", ingress: {}, protectAddresses: true };
        assert.deepStrictEqual(await protectedOf((o) => new AzureHaCluster("demo", args, o)), [
            ["azure-native:network:PublicIPAddress", "demo-lb-ipv4"],
            ["azure-native:network:PublicIPAddress", "demo-lb-outbound-workers-ipv4"],
        ]);
    });

    it("Google Cloud protects the regional and the global addresses", async () => {
        const base = { region: "us-central1", network: "default", subnetwork: "nodes", ingress: {}, protectAddresses: true };
        assert.deepStrictEqual(await protectedOf((o) => new GcpHaCluster("demo", base, o)), [
            ["gcp:compute/address:Address", "demo-ipv4-address"],
            ["gcp:compute/address:Address", "demo-workers-ipv4-address"],
        ]);
        assert.deepStrictEqual(await protectedOf((o) => new GcpHaCluster("demo", { ...base, mode: "proxy", ipv6: true }, o)), [
            ["gcp:compute/globalAddress:GlobalAddress", "demo-ipv4-address"],
            ["gcp:compute/globalAddress:GlobalAddress", "demo-ipv6-address"],
        ]);
    });
});
