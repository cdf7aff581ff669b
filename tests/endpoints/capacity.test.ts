// Capacity knobs (docs/endpoints.md): Google Cloud internal global access, Azure outbound SNAT.
import * as assert from "assert";
import { AzureHaCluster } from "../../provider/src/azure/azureHaCluster";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { planAzure } from "../../provider/src/model/azure";
import { planGcp } from "../../provider/src/model/gcp";
import { build, valueOf } from "../support/harness";
import { objs } from "../support/inputs";

const INTERNAL = {
    region: "us-central1",
    network: "default",
    subnetwork: "nodes",
    scheme: "internal" as const,
    ingress: {},
};

describe("endpoints: Google Cloud internal global access", () => {
    it("sets allowGlobalAccess on every internal forwarding rule, and only when asked", async () => {
        const on = await build(() => new GcpHaCluster("demo", { ...INTERNAL, globalAccess: true }));
        const rules = on.recorder.ofType("gcp:compute/forwardingRule:ForwardingRule");
        assert.deepStrictEqual(rules.map((f) => [f.name, f.inputs.allowGlobalAccess]).sort(), [
            ["demo-apiserver-ipv4-fr", true],
            ["demo-ingress-ipv4-fr", true],
        ]);
        const off = await build(() => new GcpHaCluster("demo", INTERNAL));
        assert.ok(
            off.recorder
                .ofType("gcp:compute/forwardingRule:ForwardingRule")
                .every((f) => f.inputs.allowGlobalAccess === undefined),
        );
    });

    it("refuses it on a public load balancer", () => {
        const { problems } = planGcp({ ...INTERNAL, scheme: "public", globalAccess: true }, "demo");
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["globalAccess"],
        );
    });
});

describe("endpoints: Azure outbound SNAT", () => {
    it("sets the SNAT ports per instance and the idle timeout on every outbound rule", async () => {
        const { recorder: r } = await build(
            () =>
                new AzureHaCluster("demo", {
                    resourceGroupName: "rg",
                    ingress: {},
                    outboundSnat: { allocatedOutboundPorts: 1024, idleTimeoutMinutes: 30 },
                }),
        );
        const [lb] = r.ofType("azure-native:network:LoadBalancer");
        assert.deepStrictEqual(
            objs(lb.inputs, "outboundRules").map((o) => [
                o.name,
                o.allocatedOutboundPorts,
                o.idleTimeoutInMinutes,
            ]),
            [["outbound-ipv4", 1024, 30]],
        );
        const plain = await build(
            () => new AzureHaCluster("demo", { resourceGroupName: "rg", ingress: {} }),
        );
        const rules = objs(
            plain.recorder.ofType("azure-native:network:LoadBalancer")[0].inputs,
            "outboundRules",
        );
        // Unset: Azure's port allocation, and the apiserver's 600 s idle timeout in minutes.
        assert.deepStrictEqual(
            rules.map((o) => [o.allocatedOutboundPorts, o.idleTimeoutInMinutes]),
            [[undefined, 10]],
        );
    });

    it("refuses values outside Azure's ranges, and SNAT settings without outbound rules", () => {
        const problems = (args: Record<string, unknown>) =>
            planAzure({ resourceGroupName: "rg", ...args }, "demo").problems.map((p) => p.path);
        assert.deepStrictEqual(
            problems({ outboundSnat: { allocatedOutboundPorts: 70000, idleTimeoutMinutes: 2 } }),
            ["outboundSnat.allocatedOutboundPorts", "outboundSnat.idleTimeoutMinutes"],
        );
        assert.deepStrictEqual(
            problems({ outboundRules: false, outboundSnat: { idleTimeoutMinutes: 10 } }),
            ["outboundSnat"],
        );
    });
});

const KEPT = (name: string) =>
    `/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-ips/providers/Microsoft.Network/publicIPAddresses/${name}`;

type Row = Record<string, unknown>;
const frontendsOf = (lb: { inputs: Row }) =>
    (lb.inputs.frontendIPConfigurations as Row[]).map((f) => [
        f.name,
        (f.publicIPAddress as Row).id,
    ]);
const outboundOf = (lb: { inputs: Row }) =>
    (lb.inputs.outboundRules as Row[]).map((o) => [
        o.name,
        (o.frontendIPConfigurations as Row[]).map((f) => String(f.id).split("/").pop()),
    ]);

describe("endpoints: Azure outbound IP count", () => {
    it("gives the nodes' outbound rule the inbound frontend and ipv4Count - 1 outbound frontends, each with a public IP", async () => {
        const { recorder: r } = await build(
            () =>
                new AzureHaCluster("demo", {
                    resourceGroupName: "rg",
                    ingress: {},
                    apiserver: { allowedCidrs: ["198.51.100.0/24"] },
                    outboundSnat: { ipv4Count: 3 },
                }),
        );
        assert.deepStrictEqual(
            r.ofType("azure-native:network:PublicIPAddress").map((x) => x.name),
            ["demo-lb-ipv4", "demo-lb-outbound-ipv4-2", "demo-lb-outbound-ipv4-3"],
        );
        const [lb] = r.ofType("azure-native:network:LoadBalancer");
        assert.deepStrictEqual(
            frontendsOf(lb).map(([name]) => name),
            ["frontend-ipv4", "outbound-ipv4-2", "outbound-ipv4-3"],
        );
        assert.deepStrictEqual(outboundOf(lb), [
            ["outbound-ipv4", ["frontend-ipv4", "outbound-ipv4-2", "outbound-ipv4-3"]],
        ]);
        // No load-balancing rule uses an outbound-only frontend.
        assert.ok(
            (lb.inputs.loadBalancingRules as Row[]).every((rule) =>
                String((rule.frontendIPConfiguration as Row).id).endsWith("/frontend-ipv4"),
            ),
        );
        // The restricted apiserver admits every address the nodes leave from: 3 public IPs.
        const api = r
            .ofType("azure-native:network:SecurityRule")
            .find((x) => x.name === "demo-nsg-controllers-apiserver-ipv4")!;
        const [cidr, ...ips] = api.inputs.sourceAddressPrefixes as string[];
        assert.strictEqual(cidr, "198.51.100.0/24");
        assert.strictEqual(new Set(ips).size, 3);
        assert.ok(
            ips.every((ip) => /^\d+\.\d+\.\d+\.\d+$/.test(ip)),
            ips.join(", "),
        );
    });

    it("keeps every existing name when the count grows (no IP is replaced)", async () => {
        const names = async (outboundSnat: Row | undefined) => {
            const { recorder: r } = await build(
                () =>
                    new AzureHaCluster("demo", {
                        resourceGroupName: "rg",
                        ingress: {},
                        ipv6: true,
                        outboundSnat,
                    }),
            );
            return r.ofType("azure-native:network:PublicIPAddress").map((x) => x.name);
        };
        const before = await names(undefined);
        const after = await names({ ipv4Count: 2, ipv6Count: 2 });
        assert.deepStrictEqual(before, ["demo-lb-ipv4", "demo-lb-ipv6"]);
        assert.deepStrictEqual(after, [
            "demo-lb-ipv4",
            "demo-lb-ipv6",
            "demo-lb-outbound-ipv4-2",
            "demo-lb-outbound-ipv6-2",
        ]);
    });

    it("gives the workers' own outbound rule ipv4Count frontends when they leave separately", async () => {
        const { recorder: r } = await build(
            () =>
                new AzureHaCluster("demo", {
                    resourceGroupName: "rg",
                    virtualNetworkId: "/vnet",
                    controllers: { ipAddresses: ["10.0.0.4"] },
                    ingress: {},
                    outboundSnat: { ipv4Count: 2 },
                }),
        );
        const [lb] = r.ofType("azure-native:network:LoadBalancer");
        assert.deepStrictEqual(outboundOf(lb), [
            ["outbound-ipv4", ["frontend-ipv4", "outbound-ipv4-2"]],
            ["outbound-workers-ipv4", ["outbound-workers-ipv4", "outbound-workers-ipv4-2"]],
        ]);
        assert.deepStrictEqual(
            r.ofType("azure-native:network:PublicIPAddress").map((x) => x.name),
            [
                "demo-lb-ipv4",
                "demo-lb-outbound-ipv4-2",
                "demo-lb-outbound-workers-ipv4",
                "demo-lb-outbound-workers-ipv4-2",
            ],
        );
    });

    it("puts kept outbound IPs on the outbound frontends in order and creates none for them", async () => {
        const { recorder: r, result: c } = await build(
            () =>
                new AzureHaCluster("demo", {
                    resourceGroupName: "rg",
                    virtualNetworkId: "/vnet",
                    controllers: { ipAddresses: ["10.0.0.4"] },
                    ingress: {},
                    outboundSnat: {
                        ipv4Count: 2,
                        publicIpv4AddressIds: [
                            KEPT("egress-1"),
                            KEPT("egress-2"),
                            KEPT("egress-3"),
                        ],
                    },
                }),
        );
        assert.deepStrictEqual(
            r.ofType("azure-native:network:PublicIPAddress").map((x) => x.name),
            ["demo-lb-ipv4"],
        );
        const [lb] = r.ofType("azure-native:network:LoadBalancer");
        assert.deepStrictEqual(frontendsOf(lb).slice(1), [
            ["outbound-ipv4-2", KEPT("egress-1")],
            ["outbound-workers-ipv4", KEPT("egress-2")],
            ["outbound-workers-ipv4-2", KEPT("egress-3")],
        ]);
        const ids = await valueOf(c.publicIpIds);
        assert.deepStrictEqual(ids.slice(1), [
            KEPT("egress-1"),
            KEPT("egress-2"),
            KEPT("egress-3"),
        ]);
    });

    it("refuses counts outside 1-100, IPv6 IPs without IPv6, and a kept list of the wrong length", () => {
        const problems = (args: Record<string, unknown>) =>
            planAzure({ resourceGroupName: "rg", ingress: {}, ...args }, "demo").problems.map(
                (p) => [p.path, p.message, p.fix],
            );
        assert.deepStrictEqual(
            problems({ outboundSnat: { ipv4Count: 0, ipv6Count: 101 } }).map(([path]) => path),
            ["outboundSnat.ipv4Count", "outboundSnat.ipv6Count"],
        );
        assert.deepStrictEqual(problems({ outboundSnat: { ipv6Count: 2 } }), [
            [
                "outboundSnat.ipv6Count",
                "sets IPv6 outbound IPs, but no frontend is dual-stack",
                "set ipv6: true, or remove it",
            ],
        ]);
        assert.deepStrictEqual(
            problems({ outboundSnat: { publicIpv4AddressIds: [KEPT("egress-1")] } }),
            [
                [
                    "outboundSnat.publicIpv4AddressIds",
                    "lists 1 public IPs for the 0 outbound-only frontends of ipv4Count 1: 0 besides the inbound frontend in the nodes' outbound rule",
                    "set outboundSnat.ipv4Count to 2 (the inbound frontend's IP is kept with publicIpv4AddressId), or remove the list",
                ],
            ],
        );
        assert.deepStrictEqual(
            problems({
                publicIpv4AddressId: KEPT("k8s-api"),
                outboundSnat: { ipv4Count: 3, publicIpv4AddressIds: [KEPT("K8S-API"), KEPT("e")] },
            }).map(([path]) => path),
            ["outboundSnat.publicIpv4AddressIds[0]"],
        );
        assert.deepStrictEqual(
            problems({ outboundSnat: { ipv4Count: 3, publicIpv4AddressIds: ["egress-1"] } }).map(
                ([path, message]) => [path, message],
            ),
            [
                [
                    "outboundSnat.publicIpv4AddressIds[0]",
                    '"egress-1" is not a public IP resource ID',
                ],
                [
                    "outboundSnat.publicIpv4AddressIds",
                    "lists 1 public IPs for the 2 outbound-only frontends of ipv4Count 3: 2 besides the inbound frontend in the nodes' outbound rule",
                ],
            ],
        );
    });
});
