// certSans and kubeadmConfig (docs/endpoints.md): every name and address of the apiserver,
// per cloud, and the kubeadm fragment built from them.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { AwsHaCluster } from "../../provider/src/aws/awsHaCluster";
import { AzureHaCluster } from "../../provider/src/azure/azureHaCluster";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { certSans, kubeadmClusterConfiguration } from "../../provider/src/model/certificates";
import { build, valueOf } from "../support/harness";
import { GCP_DUAL_STACK_DNS } from "./fixtures";

async function endpoint(c: {
    certSans: pulumi.Input<string[]>;
    kubeadmConfig: pulumi.Input<string>;
    apiserverUrl: pulumi.Input<string>;
}) {
    return {
        sans: (await valueOf(c.certSans)) as string[],
        kubeadm: parse(await valueOf(c.kubeadmConfig)),
        url: await valueOf(c.apiserverUrl),
    };
}

describe("endpoints: certSans and the kubeadm fragment", () => {
    it("lists names first, each once, and addresses in canonical form", () => {
        assert.deepStrictEqual(
            certSans([
                "K8s.Example.com.",
                undefined,
                "",
                "2001:DB8:0::1",
                "203.0.113.7",
                "k8s.example.com",
                "2001:db8::1",
            ]),
            ["k8s.example.com", "2001:db8::1", "203.0.113.7"],
        );
        assert.deepStrictEqual(
            parse(kubeadmClusterConfiguration("2001:db8::1", 6443, ["2001:db8::1"])),
            {
                apiVersion: "kubeadm.k8s.io/v1beta4",
                kind: "ClusterConfiguration",
                controlPlaneEndpoint: "[2001:db8::1]:6443",
                apiServer: { certSANs: ["2001:db8::1"] },
            },
        );
    });

    it("Google Cloud: the record, then the controllers' IPv4 and IPv6 addresses, not the workers'", async () => {
        const { result: c } = await build(
            () =>
                new GcpHaCluster("demo", {
                    ...GCP_DUAL_STACK_DNS,
                    ingress: {},
                    apiserver: { port: 8443 },
                }),
        );
        const { sans, kubeadm, url } = await endpoint(c);
        const [v4] = await valueOf(c.ipv4Addresses);
        const [v6] = await valueOf(c.ipv6Addresses);
        assert.deepStrictEqual(sans, ["k8s.example.com", v4, v6]);
        assert.strictEqual(
            (await valueOf(c.ipv4Addresses)).length,
            2,
            "the workers have an address of their own, left out",
        );
        assert.strictEqual(url, "https://k8s.example.com:8443");
        assert.deepStrictEqual(kubeadm, {
            apiVersion: "kubeadm.k8s.io/v1beta4",
            kind: "ClusterConfiguration",
            controlPlaneEndpoint: "k8s.example.com:8443",
            apiServer: { certSANs: sans },
        });
    });

    it("Azure: the dnsLabel FQDN and the IPv4 frontend of an IPv4-only apiserver", async () => {
        const { result: c } = await build(
            () =>
                new AzureHaCluster("demo", {
                    resourceGroupName: "rg",
                    location: "westeurope",
                    dnsLabel: "k8s-demo",
                    ipv6: true,
                    apiserver: { ipv6: false },
                    ingress: {},
                }),
        );
        const { sans, kubeadm } = await endpoint(c);
        const [v4] = await valueOf(c.ipv4Addresses);
        assert.deepStrictEqual(sans, ["k8s-demo.westeurope.cloudapp.azure.com", v4]);
        assert.strictEqual(
            kubeadm.controlPlaneEndpoint,
            "k8s-demo.westeurope.cloudapp.azure.com:6443",
        );
    });

    it("AWS: the Route53 name, the NLB's name and its Elastic IPs", async () => {
        const { result: c } = await build(
            () =>
                new AwsHaCluster("demo", {
                    vpcId: "vpc-1",
                    subnetIds: ["subnet-a", "subnet-b"],
                    staticIpv4: true,
                    controllers: { instanceIds: ["i-1"] },
                    dns: { zoneId: "Z1", name: "k8s.example.com" },
                }),
        );
        const { sans, kubeadm } = await endpoint(c);
        const eips = await valueOf(c.ipv4Addresses);
        assert.strictEqual(eips.length, 2);
        assert.deepStrictEqual(sans, ["k8s.example.com", await valueOf(c.dnsName), ...eips]);
        assert.strictEqual(kubeadm.controlPlaneEndpoint, "k8s.example.com:6443");
    });
});
