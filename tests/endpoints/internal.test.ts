// The private apiserver endpoint beside the public one (`apiserver.internal`,
// docs/endpoints.md): validation and the lock-out check. What each cloud registers for it:
// tests/{aws,gcp}/internalEndpoint.test.ts.
import * as assert from "assert";
import { AwsHaCluster } from "../../provider/src/aws/awsHaCluster";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { AwsHaClusterArgs, GcpHaClusterArgs } from "../../provider/src/generated/types";
import { planAws } from "../../provider/src/model/aws";
import { ClusterSpec } from "../../provider/src/model/cluster";
import { policyOf } from "../../provider/src/plan/policy";
import { reachabilityOf } from "../../provider/src/plan/reachability";
import { build } from "../support/harness";
import { planGcp } from "../../provider/src/model/gcp";
import { AWS_TWO_SUBNETS } from "./fixtures";
import { assertProblem, ProblemRow } from "../support/problemRows";

describe("endpoints: apiserver.internal, the shared model", () => {
    const rows: ProblemRow[] = [
        {
            why: "an internal cluster is private already",
            args: { scheme: "internal", apiserver: { internal: {} } },
            path: "apiserver.internal",
            message: /with scheme "internal" the apiserver is private already/,
            fix: /remove apiserver.internal, or set scheme "public"/,
        },
        {
            why: "an IPv6 CIDR on the IPv4-only private endpoint",
            args: { ipv6: true, apiserver: { internal: { allowedCidrs: ["fd00::/8"] } } },
            path: "apiserver.internal.allowedCidrs[0]",
            message: /fd00::\/8 is an IPv6 CIDR, but the internal endpoint is IPv4 only/,
            fix: /remove the CIDR/,
        },
        {
            why: "an empty client list",
            args: { apiserver: { internal: { allowedCidrs: [] } } },
            path: "apiserver.internal.allowedCidrs",
            message: /is empty/,
        },
        {
            why: "Azure's and Google Cloud's single address on AWS",
            args: { apiserver: { internal: { privateIpv4Address: "10.0.1.10" } } },
            path: "apiserver.internal.privateIpv4Address",
            message: /an NLB has one per subnet/,
            fix: /apiserver.internal.privateIpv4Addresses/,
        },
        {
            why: "one pinned address for two subnets",
            args: { apiserver: { internal: { privateIpv4Addresses: ["10.0.1.10"] } } },
            path: "apiserver.internal.privateIpv4Addresses",
            message: /lists 1 addresses for 2 subnets/,
        },
        {
            why: "an IPv6 address pinned on the IPv4 private endpoint",
            args: {
                apiserver: { internal: { privateIpv4Addresses: ["10.0.1.10", "fd00::10"] } },
            },
            path: "apiserver.internal.privateIpv4Addresses[1]",
            message: /"fd00::10" is not an IPv4 address/,
        },
    ];
    for (const row of rows) {
        it(`refuses ${row.why}`, () => {
            const { plan, problems } = planAws({ ...AWS_TWO_SUBNETS, ...row.args }, "demo");
            assert.strictEqual(plan, undefined);
            assertProblem(problems, row);
        });
    }

    it("lets the nodes use the private endpoint instead of nodeSourceCidrs (lock-out check)", () => {
        const restricted = { apiserver: { allowedCidrs: ["198.51.100.0/24"] } };
        const without = planAws({ ...AWS_TWO_SUBNETS, ...restricted }, "demo");
        assertProblem(without.problems, {
            why: "locked out",
            args: {},
            path: "apiserver.allowedCidrs",
            message: /would be locked out/,
            fix: /give the nodes a private endpoint with apiserver.internal/,
        });
        const withInternal = planAws(
            { ...AWS_TWO_SUBNETS, apiserver: { ...restricted.apiserver, internal: {} } },
            "demo",
        );
        assert.deepStrictEqual(withInternal.problems, []);
        assert.deepStrictEqual(withInternal.plan!.cluster.internalEndpoint!.allowedCidrs, [
            "0.0.0.0/0",
        ]);
    });
});

describe("endpoints: apiserver.internal, Google Cloud's own inputs", () => {
    const base = { region: "us-central1", network: "default", subnetwork: "nodes" };
    const rows: ProblemRow[] = [
        {
            why: "the proxy mode",
            args: { mode: "proxy", apiserver: { internal: {} } },
            path: "apiserver.internal",
            message: /built for mode "passthrough" only/,
            fix: /use mode "passthrough"/,
        },
        {
            why: "no subnetwork for the internal address",
            args: { subnetwork: undefined, apiserver: { internal: {} } },
            path: "subnetwork",
            message: /is required with apiserver.internal/,
        },
        {
            why: "AWS's per-subnet list",
            args: { apiserver: { internal: { privateIpv4Addresses: ["10.128.0.5"] } } },
            path: "apiserver.internal.privateIpv4Addresses",
            message: /AWS's per-subnet list/,
            fix: /apiserver.internal.privateIpv4Address$/,
        },
        {
            why: "an IPv6 pinned address",
            args: { apiserver: { internal: { privateIpv4Address: "fd20::5" } } },
            path: "apiserver.internal.privateIpv4Address",
            message: /is not an IPv4 address/,
        },
    ];
    for (const row of rows) {
        it(`refuses ${row.why}`, () => {
            const { plan, problems } = planGcp({ ...base, ...row.args }, "demo");
            assert.strictEqual(plan, undefined);
            assertProblem(problems, row);
        });
    }

    it("defaults the private endpoint's clients to the private ranges an internal apiserver admits", () => {
        const { plan, problems } = planGcp({ ...base, apiserver: { internal: {} } }, "demo");
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(plan!.cluster.internalEndpoint!.allowedCidrs, [
            "10.0.0.0/8",
            "172.16.0.0/12",
            "192.168.0.0/16",
        ]);
    });
});

describe("endpoints: apiserver.internal in the reachability view", () => {
    // The view draws one load balancer: the private endpoint must not add or change any flow of
    // the public one (AWS: its NLB, group and listener; Google Cloud: its forwarding rule and
    // firewall rules, which admit packets to its own address only).
    const publicView = async (
        type: string,
        plan: (args: Record<string, unknown>) => { plan?: { cluster: ClusterSpec } },
        make: (args: Record<string, unknown>) => unknown,
        args: (internal: boolean) => Record<string, unknown>,
    ) => {
        const views = [];
        for (const internal of [false, true]) {
            const { recorder } = await build(() => make(args(internal)));
            const spec = plan(args(internal)).plan!.cluster;
            views.push(reachabilityOf(policyOf(type, recorder.resources, spec, false), spec));
        }
        return views;
    };
    const apiserver = (internal: boolean) => ({
        allowedCidrs: ["198.51.100.0/24"],
        ...(internal ? { internal: { allowedCidrs: ["10.20.0.0/16"] } } : {}),
    });

    it("AWS: the public endpoint's flows are the same with the private one", async () => {
        const [without, withInternal] = await publicView(
            "hacluster:index:AwsHaCluster",
            (args) => planAws(args, "demo"),
            (args) => new AwsHaCluster("demo", args as unknown as AwsHaClusterArgs),
            (internal) => ({
                ...AWS_TWO_SUBNETS,
                nodeSourceCidrs: ["203.0.113.0/24"],
                apiserver: apiserver(internal),
            }),
        );
        assert.ok(without.frontends.length > 0);
        assert.deepStrictEqual(withInternal, without);
    });

    it("Google Cloud: the public endpoint's flows are the same with the private one", async () => {
        const [without, withInternal] = await publicView(
            "hacluster:index:GcpHaCluster",
            (args) => planGcp(args, "demo"),
            (args) => new GcpHaCluster("demo", args as unknown as GcpHaClusterArgs),
            (internal) => ({
                region: "us-central1",
                network: "default",
                subnetwork: "nodes",
                nodeSourceCidrs: ["203.0.113.0/24"],
                apiserver: apiserver(internal),
            }),
        );
        assert.ok(without.frontends.length > 0);
        assert.deepStrictEqual(withInternal, without);
    });
});
