// DNS on every cloud (docs/endpoints.md): what each component registers for `dns`, the
// addresses the records hold, and `dnsName` and `apiserverUrl`; `internalDns`'s validation
// (what each cloud registers for it: tests/{aws,azure,gcp}/internalEndpoint.test.ts).
import * as assert from "assert";
import { AwsHaCluster } from "../../provider/src/aws/awsHaCluster";
import { AzureHaCluster } from "../../provider/src/azure/azureHaCluster";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { planAws } from "../../provider/src/model/aws";
import { planAzure } from "../../provider/src/model/azure";
import { planGcp } from "../../provider/src/model/gcp";
import { build, valueOf } from "../support/harness";
import { assertProblem, ProblemRow } from "../support/problemRows";
import { AWS_TWO_SUBNETS } from "./fixtures";

const AWS = {
    vpcId: "vpc-0a1b",
    subnetIds: ["subnet-a", "subnet-b"],
    controllers: { instanceIds: ["i-0c1"] },
};
const AZURE = { resourceGroupName: "rg-k8s" };
const GCP = { region: "us-central1", network: "default", subnetwork: "nodes" };

const AZURE_RECORD = "azure-native:dns:RecordSet";
const AZURE_PRIVATE_RECORD = "azure-native:privatedns:PrivateRecordSet";
const GCP_RECORD = "gcp:dns/recordSet:RecordSet";

describe("endpoints: DNS on every cloud", () => {
    it("Azure: A and AAAA record sets in the public zone hold the inbound frontend's addresses", async () => {
        const { recorder: r, result: c } = await build(
            () =>
                new AzureHaCluster("demo", {
                    ...AZURE,
                    ipv6: true,
                    dns: {
                        zoneName: "example.com",
                        name: "k8s.example.com",
                        resourceGroupName: "rg-dns",
                    },
                }),
        );
        const records = r
            .ofType(AZURE_RECORD)
            .map((x) => [x.name, x.inputs])
            .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
        const ips = Object.fromEntries(
            r
                .ofType("azure-native:network:PublicIPAddress")
                .map((x) => [x.inputs.publicIPAddressVersion, x]),
        );
        assert.strictEqual(r.ofType(AZURE_PRIVATE_RECORD).length, 0);
        const v4 = await valueOf(c.ipv4Addresses);
        const v6 = await valueOf(c.ipv6Addresses);
        assert.deepStrictEqual(records, [
            [
                "demo-dns-a",
                {
                    resourceGroupName: "rg-dns",
                    zoneName: "example.com",
                    relativeRecordSetName: "k8s",
                    recordType: "A",
                    ttl: 300,
                    aRecords: [{ ipv4Address: v4[0] }],
                },
            ],
            [
                "demo-dns-aaaa",
                {
                    resourceGroupName: "rg-dns",
                    zoneName: "example.com",
                    relativeRecordSetName: "k8s",
                    recordType: "AAAA",
                    ttl: 300,
                    aaaaRecords: [{ ipv6Address: v6[0] }],
                },
            ],
        ]);
        assert.ok(ips.IPv4 && ips.IPv6);
        assert.strictEqual(await valueOf(c.dnsName), "k8s.example.com");
        assert.strictEqual(await valueOf(c.apiserverUrl), "https://k8s.example.com:6443");
    });

    it("Azure: an internal load balancer's record goes to the private zone, at the apex when the name is the zone", async () => {
        const { recorder: r, result: c } = await build(
            () =>
                new AzureHaCluster("demo", {
                    ...AZURE,
                    scheme: "internal",
                    subnetId: "/subnets/nodes",
                    dns: { zoneName: "k8s.internal", name: "k8s.internal." },
                }),
        );
        assert.strictEqual(r.ofType(AZURE_RECORD).length, 0);
        const [record] = r.ofType(AZURE_PRIVATE_RECORD);
        const [address] = await valueOf(c.ipv4Addresses);
        assert.deepStrictEqual(record.inputs, {
            resourceGroupName: "rg-k8s",
            privateZoneName: "k8s.internal",
            relativeRecordSetName: "@",
            recordType: "A",
            ttl: 300,
            aRecords: [{ ipv4Address: address }],
        });
        assert.strictEqual(await valueOf(c.dnsName), "k8s.internal");
    });

    it("Google Cloud: records hold the controllers' address, A only for an IPv4-only apiserver", async () => {
        const { recorder: r, result: c } = await build(
            () =>
                new GcpHaCluster("demo", {
                    ...GCP,
                    ipv6: true,
                    apiserver: { ipv6: false },
                    ingress: {},
                    dns: {
                        managedZone: "example-com",
                        name: "k8s.example.com",
                        project: "dns-project",
                    },
                }),
        );
        const controllers = r
            .ofType("gcp:compute/address:Address")
            .find((x) => x.name === "demo-ipv4-address")!;
        assert.ok(controllers, "the controllers' IPv4 address");
        const [apiserverAddress] = await valueOf(c.ipv4Addresses);
        const records = r.ofType(GCP_RECORD);
        assert.deepStrictEqual(
            records.map((x) => [x.name, x.inputs]),
            [
                [
                    "demo-dns-a",
                    {
                        project: "dns-project",
                        managedZone: "example-com",
                        name: "k8s.example.com.",
                        type: "A",
                        ttl: 300,
                        rrdatas: [apiserverAddress],
                    },
                ],
            ],
        );
        assert.strictEqual(await valueOf(c.dnsName), "k8s.example.com");
        assert.strictEqual(await valueOf(c.apiserverUrl), "https://k8s.example.com:6443");
    });

    it("Google Cloud proxy: A and AAAA hold the shared global addresses", async () => {
        const { recorder: r, result: c } = await build(
            () =>
                new GcpHaCluster("demo", {
                    ...GCP,
                    mode: "proxy",
                    ipv6: true,
                    dns: { managedZone: "example-com", name: "k8s.example.com." },
                }),
        );
        const [v4] = await valueOf(c.ipv4Addresses);
        const [v6] = await valueOf(c.ipv6Addresses);
        assert.deepStrictEqual(
            r
                .ofType(GCP_RECORD)
                .map((x) => [x.inputs.type, x.inputs.name, x.inputs.rrdatas, x.inputs.project]),
            [
                ["A", "k8s.example.com.", [v4], undefined],
                ["AAAA", "k8s.example.com.", [v6], undefined],
            ],
        );
    });

    it("AWS: alias records follow the apiserver's families", async () => {
        const { recorder: r } = await build(
            () =>
                new AwsHaCluster("demo", {
                    ...AWS,
                    ipv6: true,
                    apiserver: { ipv6: false },
                    dns: { zoneId: "Z0123", name: "k8s.example.com" },
                }),
        );
        assert.deepStrictEqual(
            r.ofType("aws:route53/record:Record").map((x) => [x.name, x.inputs.type]),
            [["demo-dns-a", "A"]],
        );
    });

    it("refuses a record name outside its zone, and missing zones, before registering anything", () => {
        const azure = planAzure(
            { ...AZURE, dns: { zoneName: "example.com", name: "k8s.example.org" } },
            "demo",
        ).problems;
        assert.deepStrictEqual(
            azure.map((p) => [p.path, p.message, p.fix]),
            [
                [
                    "dns.name",
                    '"k8s.example.org" is not inside the zone "example.com" (dns.zoneName)',
                    "use a name that ends in .example.com",
                ],
            ],
        );
        const gcp = planGcp({ ...GCP, dns: { name: "k8s example" } }, "demo").problems;
        assert.deepStrictEqual(
            gcp.map((p) => [p.path, p.message]),
            [
                ["dns.managedZone", "is required"],
                ["dns.name", '"k8s example" is not a DNS name'],
            ],
        );
    });
});

describe("endpoints: internalDns, the private endpoint's record", () => {
    const AZURE_INTERNAL = {
        ...AZURE,
        subnetId: "/subnets/nodes",
        apiserver: { internal: { allowedCidrs: ["10.0.0.0/16"] } },
    };
    const rows: (ProblemRow & { plan: (args: Record<string, unknown>) => unknown })[] = [
        {
            why: "AWS: internalDns without apiserver.internal",
            plan: (args) => planAws({ ...AWS_TWO_SUBNETS, ...args }, "demo"),
            args: { internalDns: { zoneId: "Z0PRIVATE", name: "api.k8s.internal" } },
            path: "internalDns",
            message: /names the private endpoint, and this cluster has no apiserver.internal/,
            fix: /add apiserver.internal, or remove internalDns/,
        },
        {
            why: "Azure: internalDns on an internal cluster, whose own record is dns",
            plan: (args) => planAzure({ ...AZURE, ...args }, "demo"),
            args: {
                scheme: "internal",
                subnetId: "/subnets/nodes",
                internalDns: { zoneName: "k8s.internal", name: "api.k8s.internal" },
            },
            path: "internalDns",
            message: /has no apiserver.internal/,
            fix: /use dns/,
        },
        {
            why: "Google Cloud: internalDns without apiserver.internal",
            plan: (args) => planGcp({ ...GCP, ...args }, "demo"),
            args: { internalDns: { managedZone: "k8s-internal", name: "api.k8s.internal" } },
            path: "internalDns",
            message: /has no apiserver.internal/,
        },
        {
            why: "Azure: an internalDns name outside its private zone",
            plan: (args) => planAzure({ ...AZURE_INTERNAL, ...args }, "demo"),
            args: { internalDns: { zoneName: "k8s.internal", name: "api.example.com" } },
            path: "internalDns.name",
            message:
                /"api.example.com" is not inside the zone "k8s.internal" \(internalDns.zoneName\)/,
            fix: /use a name that ends in .k8s.internal/,
        },
        {
            why: "AWS: an internalDns without its zone and with a bad name",
            plan: (args) =>
                planAws({ ...AWS_TWO_SUBNETS, apiserver: { internal: {} }, ...args }, "demo"),
            args: { internalDns: { name: "api k8s" } },
            path: "internalDns.zoneId",
            message: /is required/,
        },
        {
            why: "Google Cloud: an internalDns name that is no DNS name",
            plan: (args) => planGcp({ ...GCP, apiserver: { internal: {} }, ...args }, "demo"),
            args: { internalDns: { managedZone: "k8s-internal", name: "api k8s" } },
            path: "internalDns.name",
            message: /"api k8s" is not a DNS name/,
        },
        {
            why: "AWS: internalDns naming dns's record in the same hosted zone",
            plan: (args) =>
                planAws({ ...AWS_TWO_SUBNETS, apiserver: { internal: {} }, ...args }, "demo"),
            args: {
                dns: { zoneId: "Z0123", name: "k8s.example.com" },
                internalDns: { zoneId: "Z0123", name: "K8S.example.com." },
            },
            path: "internalDns.name",
            message:
                /names the same record as dns.name \("k8s.example.com"\) in the same zone \(zoneId\)/,
            fix: /a name of its own, or a private zone in internalDns.zoneId/,
        },
        {
            why: "Google Cloud: internalDns naming dns's record in the same managed zone",
            plan: (args) => planGcp({ ...GCP, apiserver: { internal: {} }, ...args }, "demo"),
            args: {
                dns: { managedZone: "example-com", name: "k8s.example.com" },
                internalDns: { managedZone: "example-com", name: "k8s.example.com" },
            },
            path: "internalDns.name",
            message: /names the same record as dns.name/,
        },
    ];
    for (const row of rows) {
        it(`refuses ${row.why}`, () => {
            const { plan, problems } = row.plan(row.args) as {
                plan?: unknown;
                problems: Parameters<typeof assertProblem>[0];
            };
            assert.strictEqual(plan, undefined);
            assertProblem(problems, row);
        });
    }

    it("takes dns's name in another zone: a public and a private zone of one domain", () => {
        const { problems } = planAws(
            {
                ...AWS_TWO_SUBNETS,
                apiserver: { internal: {} },
                dns: { zoneId: "Z0PUBLIC", name: "k8s.example.com" },
                internalDns: { zoneId: "Z0PRIVATE", name: "k8s.example.com" },
            },
            "demo",
        );
        assert.deepStrictEqual(problems, []);
    });

    it("plans one A record per cloud, in the given zone, under its own logical name", () => {
        const aws = planAws(
            {
                ...AWS_TWO_SUBNETS,
                ipv6: true,
                apiserver: { internal: {} },
                internalDns: { zoneId: "Z0PRIVATE", name: "api.k8s.internal" },
            },
            "demo",
        ).plan!;
        assert.deepStrictEqual(aws.internalDns, {
            key: "internalDns",
            zoneId: "Z0PRIVATE",
            name: "api.k8s.internal",
            recordTypes: ["A"],
        });
        const azure = planAzure(
            {
                ...AZURE_INTERNAL,
                ipv6: true,
                internalDns: { zoneName: "k8s.internal", name: "api.k8s.internal" },
            },
            "demo",
        ).plan!;
        assert.deepStrictEqual(azure.internalDns, {
            key: "internalDns",
            zoneName: "k8s.internal",
            resourceGroupName: "rg-k8s",
            name: "api.k8s.internal",
            private: true,
            ttl: 300,
            records: [{ type: "A", family: "ipv4", logicalName: "demo-internal-dns-a" }],
        });
        const gcp = planGcp(
            {
                ...GCP,
                ipv6: true,
                apiserver: { internal: {} },
                internalDns: { managedZone: "k8s-internal", name: "api.k8s.internal" },
            },
            "demo",
        ).plan!;
        assert.deepStrictEqual(gcp.internalDns!.records, [
            {
                type: "A",
                family: "ipv4",
                logicalName: "demo-internal-dns-a",
                address: "controllers-internal-ipv4",
            },
        ]);
    });
});
