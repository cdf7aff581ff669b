// Addresses the user keeps (docs/endpoints.md): Elastic IPs brought by allocation ID, and
// protectAddresses, Pulumi's `protect` on every address holder the component creates.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AwsHaCluster } from "../../provider/src/aws/awsHaCluster";
import { AzureHaCluster } from "../../provider/src/azure/azureHaCluster";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { planAws } from "../../provider/src/model/aws";
import { planAzure } from "../../provider/src/model/azure";
import { planGcp } from "../../provider/src/model/gcp";
import { build, valueOf } from "../support/harness";
import { at, objs, strs } from "../support/inputs";

/** The protected resources' types and names, seen through a (client-side) transformation. */
async function protectedOf(
    make: (opts: pulumi.ComponentResourceOptions) => unknown,
): Promise<string[][]> {
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
        const args = {
            vpcId: "vpc-1",
            subnetIds: ["subnet-a", "subnet-b"],
            staticIpv4: true,
            controllers: { instanceIds: ["i-1"] },
        };
        assert.deepStrictEqual(await protectedOf((o) => new AwsHaCluster("demo", args, o)), []);
        assert.deepStrictEqual(
            await protectedOf(
                (o) => new AwsHaCluster("demo", { ...args, protectAddresses: true }, o),
            ),
            [
                ["aws:ec2/eip:Eip", "demo-eip-subnet-a"],
                ["aws:ec2/eip:Eip", "demo-eip-subnet-b"],
            ],
        );
    });

    it("Azure protects the inbound and outbound public IPs", async () => {
        const args = {
            resourceGroupName: "rg",
            ingress: {},
            protectAddresses: true,
            outboundSnat: { ipv4Count: 2 },
        };
        assert.deepStrictEqual(await protectedOf((o) => new AzureHaCluster("demo", args, o)), [
            ["azure-native:network:PublicIPAddress", "demo-lb-ipv4"],
            ["azure-native:network:PublicIPAddress", "demo-lb-outbound-ipv4-2"],
        ]);
    });

    it("Google Cloud protects the regional and the global addresses", async () => {
        const base = {
            region: "us-central1",
            network: "default",
            subnetwork: "nodes",
            ingress: {},
            protectAddresses: true,
        };
        assert.deepStrictEqual(await protectedOf((o) => new GcpHaCluster("demo", base, o)), [
            ["gcp:compute/address:Address", "demo-ipv4-address"],
            ["gcp:compute/address:Address", "demo-workers-ipv4-address"],
        ]);
        assert.deepStrictEqual(
            await protectedOf(
                (o) => new GcpHaCluster("demo", { ...base, mode: "proxy", ipv6: true }, o),
            ),
            [
                ["gcp:compute/globalAddress:GlobalAddress", "demo-ipv4-address"],
                ["gcp:compute/globalAddress:GlobalAddress", "demo-ipv6-address"],
            ],
        );
    });
});

describe("endpoints: Elastic IPs the user keeps (AWS)", () => {
    const base = {
        vpcId: "vpc-1",
        subnetIds: ["subnet-a", "subnet-b"],
        controllers: { instanceIds: ["i-1"] },
    };

    it("maps the given allocations onto the subnets in order, allocates none, and reports their addresses", async () => {
        const { recorder: r, result: c } = await build(
            () =>
                new AwsHaCluster("demo", {
                    ...base,
                    eipAllocationIds: ["eipalloc-1", "eipalloc-2"],
                }),
        );
        assert.strictEqual(r.ofType("aws:ec2/eip:Eip").length, 0);
        const [nlb] = r.ofType("aws:lb/loadBalancer:LoadBalancer");
        assert.deepStrictEqual(nlb.inputs.subnetMappings, [
            { subnetId: "subnet-a", allocationId: "eipalloc-1" },
            { subnetId: "subnet-b", allocationId: "eipalloc-2" },
        ]);
        assert.strictEqual(nlb.inputs.subnets, undefined);
        const addresses = await valueOf(c.ipv4Addresses);
        assert.strictEqual(addresses.length, 2);
        assert.ok(
            addresses.every((a) => /^198\.51\.100\.\d+$/.test(a)),
            addresses.join(", "),
        );
        assert.deepStrictEqual((await valueOf(c.certSans)).slice(1), addresses);
    });

    it("refuses a count that differs from the subnets, duplicates, internal NLBs and staticIpv4 false", () => {
        const problems = (args: Record<string, unknown>) =>
            planAws({ ...base, ...args }, "demo").problems.map((p) => [p.path, p.message]);
        assert.deepStrictEqual(problems({ eipAllocationIds: ["eipalloc-1"] }), [
            ["eipAllocationIds", "lists 1 allocation IDs for 2 subnets"],
        ]);
        assert.deepStrictEqual(problems({ eipAllocationIds: ["eipalloc-1", "eipalloc-1"] }), [
            ["eipAllocationIds[1]", 'Elastic IP allocation "eipalloc-1" is listed twice'],
        ]);
        assert.deepStrictEqual(
            problems({ eipAllocationIds: ["eipalloc-1", "eipalloc-2"], staticIpv4: false }),
            [["staticIpv4", "is false, but eipAllocationIds map Elastic IPs onto the subnets"]],
        );
        assert.deepStrictEqual(
            problems({
                scheme: "internal",
                controllers: { ipAddresses: ["10.0.1.10"] },
                preserveClientIp: false,
                eipAllocationIds: ["eipalloc-1", "eipalloc-2"],
            }).filter(([path]) => path === "eipAllocationIds"),
            [["eipAllocationIds", "Elastic IPs are public; an internal NLB cannot use them"]],
        );
    });
});

describe("endpoints: pinned private frontend addresses", () => {
    it("AWS maps a private IPv4 address onto each subnet of an internal NLB", async () => {
        const args = {
            vpcId: "vpc-1",
            subnetIds: ["subnet-a", "subnet-b"],
            scheme: "internal" as const,
            controllers: { ipAddresses: ["10.0.1.10"] },
            privateIpv4Addresses: ["10.0.1.5", "10.0.2.5"],
        };
        const { recorder: r, result: c } = await build(() => new AwsHaCluster("demo", args));
        assert.deepStrictEqual(
            r.ofType("aws:lb/loadBalancer:LoadBalancer")[0].inputs.subnetMappings,
            [
                { subnetId: "subnet-a", privateIpv4Address: "10.0.1.5" },
                { subnetId: "subnet-b", privateIpv4Address: "10.0.2.5" },
            ],
        );
        assert.deepStrictEqual(await valueOf(c.ipv4Addresses), ["10.0.1.5", "10.0.2.5"]);
        const problems = (extra: Record<string, unknown>) =>
            planAws({ ...args, ...extra }, "demo").problems.map((p) => [p.path, p.message]);
        assert.deepStrictEqual(problems({ privateIpv4Addresses: ["10.0.1.5", "fd00::5"] }), [
            ["privateIpv4Addresses[1]", '"fd00::5" is not an IPv4 address'],
        ]);
        assert.deepStrictEqual(problems({ privateIpv4Addresses: ["10.0.1.5"] }), [
            ["privateIpv4Addresses", "lists 1 addresses for 2 subnets"],
        ]);
    });

    it("Azure gives the internal frontends static addresses", async () => {
        const args = {
            resourceGroupName: "rg",
            scheme: "internal" as const,
            subnetId: "/subnets/nodes",
            ipv6: true,
            privateIpv4Address: "10.0.1.50",
            privateIpv6Address: "fd00:10:0::50",
        };
        const { recorder: r, result: c } = await build(() => new AzureHaCluster("demo", args));
        const configs = objs(
            r.ofType("azure-native:network:LoadBalancer")[0].inputs,
            "frontendIPConfigurations",
        );
        assert.deepStrictEqual(
            configs.map((f) => [f.name, f.privateIPAllocationMethod, f.privateIPAddress]),
            [
                ["frontend-ipv4", "Static", "10.0.1.50"],
                ["frontend-ipv6", "Static", "fd00:10::50"],
            ],
        );
        assert.deepStrictEqual(await valueOf(c.certSans), ["10.0.1.50", "fd00:10::50"]);
        assert.deepStrictEqual(
            planAzure(
                { resourceGroupName: "rg", privateIpv4Address: "10.0.1.50" },
                "demo",
            ).problems.map((p) => [p.path, p.message]),
            [
                [
                    "privateIpv4Address",
                    "pins a private frontend address, and public frontends have none",
                ],
            ],
        );
    });

    it("Google Cloud reserves the given internal address for the apiserver only", async () => {
        const args = {
            region: "us-central1",
            network: "default",
            subnetwork: "nodes",
            scheme: "internal" as const,
            ingress: {},
            privateIpv4Address: "10.128.0.50",
        };
        const { recorder: r, result: c } = await build(() => new GcpHaCluster("demo", args));
        assert.deepStrictEqual(
            r
                .ofType("gcp:compute/address:Address")
                .map((a) => [a.name, a.inputs.address] as const)
                .sort((x, y) => x[0].localeCompare(y[0])),
            [
                ["demo-ipv4-address", "10.128.0.50"],
                ["demo-workers-ipv4-address", undefined],
            ],
        );
        assert.strictEqual(await valueOf(c.apiserverUrl), "https://10.128.0.50:6443");
    });
});

describe("endpoints: a pinned internal IPv6 address (Google Cloud)", () => {
    const args = {
        region: "us-central1",
        network: "default",
        subnetwork: "nodes",
        scheme: "internal" as const,
        ipv6: true,
        ingress: {},
        privateIpv6Address: "fd20:a:b:0:0:0:0:0",
    };

    it("reserves the controllers' internal IPv6 address as given, the workers' stays Google's pick", async () => {
        const { recorder: r } = await build(() => new GcpHaCluster("demo", args));
        const addresses = r
            .ofType("gcp:compute/address:Address")
            .map((a) => [a.name, a.inputs.ipVersion, a.inputs.addressType, a.inputs.address])
            .sort((x, y) => String(x[0]).localeCompare(String(y[0])));
        assert.deepStrictEqual(addresses, [
            ["demo-ipv4-address", "IPV4", "INTERNAL", undefined],
            ["demo-ipv6-address", "IPV6", "INTERNAL", "fd20:a:b::"],
            ["demo-workers-ipv4-address", "IPV4", "INTERNAL", undefined],
            ["demo-workers-ipv6-address", "IPV6", "INTERNAL", undefined],
        ]);
        const [ipv6Rule] = r
            .ofType("gcp:compute/forwardingRule:ForwardingRule")
            .filter((f) => f.name === "demo-apiserver-ipv6-fr");
        assert.strictEqual(ipv6Rule.inputs.ipVersion, "IPV6");
    });

    it("refuses another family, public frontends, and an IPv4-only apiserver", () => {
        const problems = (extra: Record<string, unknown>) =>
            planGcp({ ...args, ...extra }, "demo").problems.map((p) => [p.path, p.message]);
        assert.deepStrictEqual(problems({ privateIpv6Address: "10.128.0.50" }), [
            ["privateIpv6Address", '"10.128.0.50" is not an IPv6 address'],
        ]);
        assert.deepStrictEqual(problems({ scheme: "public" }), [
            [
                "privateIpv6Address",
                "pins a private frontend address, and public frontends have none",
            ],
        ]);
        assert.deepStrictEqual(problems({ ipv6: false }), [
            [
                "privateIpv6Address",
                "pins the controllers' IPv6 address, but no controllers' frontend is dual-stack",
            ],
        ]);
    });
});

describe("endpoints: a Google Cloud external address the user keeps", () => {
    const base = {
        region: "us-central1",
        network: "default",
        subnetwork: "nodes",
        ingress: {},
        publicIpv4Address: "34.120.0.7",
    };

    it("puts the apiserver's forwarding rule on it and reserves no address for it (passthrough and proxy)", async () => {
        const { recorder: r, result: c } = await build(() => new GcpHaCluster("demo", base));
        assert.deepStrictEqual(
            r.ofType("gcp:compute/address:Address").map((a) => a.name),
            ["demo-workers-ipv4-address"],
        );
        const apiserver = r
            .ofType("gcp:compute/forwardingRule:ForwardingRule")
            .find((f) => f.name === "demo-apiserver-ipv4-fr")!;
        assert.strictEqual(apiserver.inputs.ipAddress, "34.120.0.7");
        assert.strictEqual(await valueOf(c.apiserverUrl), "https://34.120.0.7:6443");
        const proxy = await build(() => new GcpHaCluster("demo", { ...base, mode: "proxy" }));
        assert.strictEqual(
            proxy.recorder.ofType("gcp:compute/globalAddress:GlobalAddress").length,
            0,
        );
        assert.ok(
            proxy.recorder
                .ofType("gcp:compute/globalForwardingRule:GlobalForwardingRule")
                .every((f) => f.inputs.ipAddress === "34.120.0.7"),
        );
    });

    it("refuses it on internal frontends and for another family", () => {
        const problems = (args: Record<string, unknown>) =>
            planGcp({ ...base, ...args }, "demo").problems.map((p) => [p.path, p.message]);
        assert.deepStrictEqual(problems({ scheme: "internal" }), [
            ["publicIpv4Address", "is a public address, and internal frontends take private ones"],
        ]);
        assert.deepStrictEqual(problems({ publicIpv4Address: "2600:1900::1" }), [
            ["publicIpv4Address", '"2600:1900::1" is not an IPv4 address'],
        ]);
    });
});

describe("endpoints: Azure public IPs the user keeps", () => {
    const kept =
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-ips/providers/Microsoft.Network/publicIPAddresses/k8s-api";

    it("puts the inbound IPv4 frontend on the kept IP, creates none for it, and admits its address", async () => {
        const args = {
            resourceGroupName: "rg",
            ingress: {},
            publicIpv4AddressId: kept,
            apiserver: { allowedCidrs: ["198.51.100.0/24"] },
            nodeSourceCidrs: [],
        };
        const { recorder: r, result: c } = await build(() => new AzureHaCluster("demo", args));
        assert.deepStrictEqual(
            r.ofType("azure-native:network:PublicIPAddress").map((x) => x.name),
            [],
        );
        const [lb] = r.ofType("azure-native:network:LoadBalancer");
        assert.deepStrictEqual(at(lb.inputs, "frontendIPConfigurations", 0), {
            name: "frontend-ipv4",
            publicIPAddress: { id: kept },
        });
        const [address] = await valueOf(c.ipv4Addresses);
        assert.match(address, /^198\.51\.100\.\d+$/);
        assert.strictEqual(await valueOf(c.apiserverUrl), `https://${address}:6443`);
        assert.deepStrictEqual((await valueOf(c.publicIpIds))[0], kept);
        // The controllers leave through the inbound frontend: the restricted apiserver admits the kept address.
        const apiRule = r
            .ofType("azure-native:network:SecurityRule")
            .find((x) => x.name === "demo-nsg-controllers-apiserver-ipv4")!;
        assert.ok(
            strs(apiRule.inputs, "sourceAddressPrefixes").includes(address),
            strs(apiRule.inputs, "sourceAddressPrefixes").join(", "),
        );
    });

    it("refuses it with dnsLabel, on internal frontends, and when it is not a public IP ID", () => {
        const problems = (args: Record<string, unknown>) =>
            planAzure({ resourceGroupName: "rg", ...args }, "demo").problems.map((p) => [
                p.path,
                p.message,
            ]);
        assert.deepStrictEqual(problems({ publicIpv4AddressId: kept, dnsLabel: "k8s-demo" }), [
            [
                "dnsLabel",
                "labels a public IP the component creates, and publicIpv4AddressId brings one",
            ],
        ]);
        assert.deepStrictEqual(problems({ publicIpv4AddressId: "k8s-api" }), [
            ["publicIpv4AddressId", '"k8s-api" is not a public IP resource ID'],
        ]);
        assert.deepStrictEqual(
            problems({ scheme: "internal", subnetId: "/subnets/nodes", publicIpv4AddressId: kept }),
            [
                [
                    "publicIpv4AddressId",
                    "is a public IP, and internal frontends take private addresses",
                ],
            ],
        );
    });
});

describe("endpoints: subnet mappings and dual-stack UDP (AWS)", () => {
    it("refuses UDP on a dual-stack NLB with pinned private addresses, which need a source-NAT prefix per mapping", () => {
        const args = {
            vpcId: "vpc-1",
            subnetIds: ["subnet-a", "subnet-b"],
            scheme: "internal",
            ipv6: true,
            controllers: { ipAddresses: ["10.0.1.10"] },
            privateIpv4Addresses: ["10.0.1.5", "10.0.2.5"],
            services: [{ name: "dns", port: 53, protocol: "UDP", healthCheck: { port: 8053 } }],
        };
        assert.deepStrictEqual(
            planAws(args, "demo").problems.map((p) => [p.path, p.fix]),
            [
                [
                    "services[0].protocol",
                    "remove privateIpv4Addresses (AWS then assigns the prefixes), set ipv6 false on every frontend, or serve the service over TCP",
                ],
            ],
        );
        const tcp = planAws({ ...args, services: [{ name: "dns", port: 53 }] }, "demo").plan!;
        assert.strictEqual(tcp.loadBalancer.ipv6SourceNat, false);
    });
});
