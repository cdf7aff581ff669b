// The private apiserver endpoint on Azure (`apiserver.internal`, docs/endpoints.md): a second,
// internal Standard load balancer whose NIC-based pool the controllers join besides their
// public one, its clients in the controllers' NSG, and the hairpin fix for its frontend.
import * as assert from "assert";
import { parse } from "yaml";
import { AzureHaCluster } from "../../provider/src/azure/azureHaCluster";
import { AzureHaClusterArgs } from "../../provider/src/generated/types";
import { azureInventory, planAzure } from "../../provider/src/model/azure";
import { build, valueOf } from "../support/harness";
import { objs, str, strs } from "../support/inputs";
import { assertProblem, ProblemRow } from "../support/problemRows";

const SUBNET =
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes";

const BASE: AzureHaClusterArgs = { resourceGroupName: "rg", clusterName: "prod", subnetId: SUBNET };

describe("AzureHaCluster: apiserver.internal", () => {
    const rows: ProblemRow[] = [
        {
            why: "no client list (Azure's NSG cannot tell the frontends apart)",
            args: { apiserver: { internal: {} } },
            path: "apiserver.internal.allowedCidrs",
            message: /is required on Azure/,
            fix: /list the nodes' subnets/,
        },
        {
            why: "everyone as the private endpoint's clients",
            args: { apiserver: { internal: { allowedCidrs: ["0.0.0.0/0"] } } },
            path: "apiserver.internal.allowedCidrs",
            message: /through the public frontend as well/,
        },
        {
            why: "no subnet for the internal frontend",
            args: {
                subnetId: undefined,
                apiserver: { internal: { allowedCidrs: ["10.0.0.0/16"] } },
            },
            path: "subnetId",
            message: /is required with apiserver.internal/,
        },
        {
            why: "a subnet without apiserver.internal on a public cluster",
            args: {},
            path: "subnetId",
            message: /public frontends take no subnet/,
            fix: /add apiserver.internal/,
        },
        {
            why: "controllers given by IP",
            args: {
                virtualNetworkId:
                    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v",
                controllers: { ipAddresses: ["10.0.1.4"] },
                apiserver: { internal: { allowedCidrs: ["10.0.0.0/16"] } },
            },
            path: "controllers.ipAddresses",
            message: /IP-based pool members/,
            fix: /join the controllers by NIC/,
        },
        {
            why: "AWS's per-subnet list",
            args: {
                apiserver: {
                    internal: { allowedCidrs: ["10.0.0.0/16"], privateIpv4Addresses: ["10.0.1.5"] },
                },
            },
            path: "apiserver.internal.privateIpv4Addresses",
            message: /AWS's per-subnet list/,
        },
    ];
    for (const row of rows) {
        it(`refuses ${row.why}`, () => {
            const { plan, problems } = planAzure({ ...BASE, ...row.args }, "demo");
            assert.strictEqual(plan, undefined);
            assertProblem(problems, row);
        });
    }

    it("adds an internal load balancer, its NSG rule, pool output and hairpin line", async () => {
        const { recorder: r, result: c } = await build(
            () =>
                new AzureHaCluster("demo", {
                    ...BASE,
                    apiserver: {
                        allowedCidrs: ["198.51.100.0/24"],
                        internal: {
                            allowedCidrs: ["10.0.0.0/16"],
                            privateIpv4Address: "10.0.1.50",
                        },
                    },
                }),
        );
        const lbs = r.ofType("azure-native:network:LoadBalancer");
        assert.deepStrictEqual(lbs.map((l) => [l.name, l.inputs.loadBalancerName]).sort(), [
            ["demo-int-lb", "prod-int-lb"],
            ["demo-lb", "prod-lb"],
        ]);
        const ilb = r.named("demo-int-lb").inputs;
        assert.deepStrictEqual(ilb.sku, { name: "Standard", tier: "Regional" });
        assert.deepStrictEqual(ilb.frontendIPConfigurations, [
            {
                name: "internal-ipv4",
                privateIPAddress: "10.0.1.50",
                privateIPAddressVersion: "IPv4",
                privateIPAllocationMethod: "Static",
                subnet: { id: SUBNET },
            },
        ]);
        assert.deepStrictEqual(ilb.backendAddressPools, [{ name: "controllers-ipv4" }]);
        assert.deepStrictEqual(
            objs(ilb, "probes").map((p) => [p.protocol, p.port, p.requestPath]),
            [["Https", 6443, "/readyz"]],
        );
        const [rule] = objs(ilb, "loadBalancingRules");
        assert.deepStrictEqual(
            [
                rule.name,
                rule.protocol,
                rule.frontendPort,
                rule.backendPort,
                rule.idleTimeoutInMinutes,
            ],
            ["apiserver-int-ipv4", "Tcp", 6443, 6443, 10],
        );
        assert.match(
            str(rule, "backendAddressPool", "id"),
            /loadBalancers\/prod-int-lb\/backendAddressPools\/controllers-ipv4$/,
        );
        assert.strictEqual(ilb.outboundRules, undefined);

        const nsg = r.named("demo-nsg-controllers-apiserver-int-ipv4").inputs;
        assert.deepStrictEqual(
            [
                nsg.networkSecurityGroupName,
                nsg.priority,
                nsg.destinationPortRanges,
                nsg.sourceAddressPrefixes,
            ],
            ["prod-controllers", 1002, ["6443"], ["10.0.0.0/16"]],
        );
        // The public apiserver's rule keeps its own clients (and the outbound address).
        assert.ok(
            !strs(
                r.named("demo-nsg-controllers-apiserver-ipv4").inputs,
                "sourceAddressPrefixes",
            ).includes("10.0.0.0/16"),
        );

        assert.match(
            (await valueOf(c.backendAddressPoolIds)).controllersInternalIpv4!,
            /loadBalancers\/prod-int-lb\/backendAddressPools\/controllers-ipv4$/,
        );
        assert.strictEqual(await valueOf(c.internalApiserverUrl), "https://10.0.1.50:6443");
        assert.deepStrictEqual(await valueOf(c.internalIpv4Addresses), ["10.0.1.50"]);
        const [publicIpv4] = await valueOf(c.ipv4Addresses);
        assert.deepStrictEqual(await valueOf(c.certSans), [publicIpv4, "10.0.1.50"]);
        assert.strictEqual(
            parse(await valueOf(c.kubeadmConfig)).controlPlaneEndpoint,
            "10.0.1.50:6443",
        );
        const hairpin = await valueOf(c.hairpinWorkaround);
        assert.match(
            hairpin,
            / {2}controllers\)\n {4}hacluster_hairpin 4 10\.0\.1\.50 tcp 6443 6443 # apiserver-int\n {4};;\n {2}workers\)\n {4};;/,
        );
        const controllers = (await valueOf(c.nodeRequirements)).controllers;
        assert.ok(
            controllers.some(
                (q) =>
                    q.kind === "backendPool" && q.description.includes("private endpoint's pool"),
            ),
        );
    });

    it("names the internal load balancer and its children apart from the public one's", () => {
        const { plan } = planAzure(
            { ...BASE, apiserver: { internal: { allowedCidrs: ["10.0.0.0/16"] } } },
            "demo",
        );
        const names = azureInventory(plan!).names;
        const keys = names.map((n) => `${n.kind}|${n.scope ?? ""}|${n.cloudName}`);
        assert.strictEqual(new Set(keys).size, keys.length);
        assert.deepStrictEqual(
            names
                .filter((n) => (n.scope ?? n.cloudName)?.startsWith("prod-int-lb"))
                .map((n) => n.kind),
            [
                "load balancer",
                "frontend IP configuration",
                "backend pool",
                "probe",
                "load-balancing rule",
            ],
        );
    });

    it("internalDns: a private zone's A record holds the internal frontend's address", async () => {
        const { recorder: r, result: c } = await build(
            () =>
                new AzureHaCluster("demo", {
                    ...BASE,
                    apiserver: {
                        internal: {
                            allowedCidrs: ["10.0.0.0/16"],
                            privateIpv4Address: "10.0.1.50",
                        },
                    },
                    dns: { zoneName: "example.com", name: "k8s.example.com" },
                    internalDns: {
                        zoneName: "prod.internal",
                        name: "api.prod.internal.",
                        resourceGroupName: "rg-dns",
                    },
                }),
        );
        const [publicIpv4] = await valueOf(c.ipv4Addresses);
        assert.deepStrictEqual(
            r.ofType("azure-native:dns:RecordSet").map((x) => [x.name, x.inputs.zoneName]),
            [["demo-dns-a", "example.com"]],
        );
        assert.deepStrictEqual(
            r.ofType("azure-native:privatedns:PrivateRecordSet").map((x) => [x.name, x.inputs]),
            [
                [
                    "demo-internal-dns-a",
                    {
                        resourceGroupName: "rg-dns",
                        privateZoneName: "prod.internal",
                        relativeRecordSetName: "api",
                        recordType: "A",
                        ttl: 300,
                        aRecords: [{ ipv4Address: "10.0.1.50" }],
                    },
                ],
            ],
        );
        assert.strictEqual(await valueOf(c.internalApiserverUrl), "https://api.prod.internal:6443");
        assert.strictEqual(await valueOf(c.dnsName), "k8s.example.com");
        assert.deepStrictEqual(await valueOf(c.certSans), [
            "k8s.example.com",
            "api.prod.internal",
            publicIpv4,
            "10.0.1.50",
        ]);
        assert.strictEqual(
            parse(await valueOf(c.kubeadmConfig)).controlPlaneEndpoint,
            "api.prod.internal:6443",
        );
    });
});
