// Endpoints (docs/endpoints.md): per-frontend address families on every cloud.
import * as assert from "assert";
import { planAws } from "../../provider/src/model/aws";
import { planAzure } from "../../provider/src/model/azure";
import { planGcp } from "../../provider/src/model/gcp";
import { Problem } from "../../provider/src/model/problems";

const AWS = { vpcId: "vpc-0a1b", subnetIds: ["subnet-a", "subnet-b"] };
const AZURE = { resourceGroupName: "rg", location: "westeurope" };
const GCP = { region: "us-central1", network: "default", subnetwork: "nodes" };

/** Typhoon's layout: an IPv4-only apiserver beside dual-stack ingress. */
const TYPHOON = { ipv6: true, apiserver: { ipv6: false }, ingress: {} };

function ok<T>(result: { plan?: T; problems: Problem[] }): T {
    assert.deepStrictEqual(result.problems, []);
    return result.plan!;
}

describe("endpoints: per-frontend address families", () => {
    it("AWS admits IPv6 clients only to dual-stack frontends, on a dual-stack NLB", () => {
        const p = ok(planAws({ ...AWS, ...TYPHOON }, "demo"));
        assert.strictEqual(p.loadBalancer.ipAddressType, "dualstack");
        const clients = p.rules
            .filter((r) => r.direction === "ingress" && "cidr" in r.peer)
            .map((r) => [r.port, "cidr" in r.peer && r.peer.cidr]);
        assert.deepStrictEqual(clients, [
            [6443, "0.0.0.0/0"],
            [80, "0.0.0.0/0"],
            [80, "::/0"],
            [443, "0.0.0.0/0"],
            [443, "::/0"],
        ]);
        assert.deepStrictEqual(p.dns, undefined);
    });

    it("AWS stays IPv4-only when every frontend opts out of the cluster-wide ipv6", () => {
        const p = ok(
            planAws(
                { ...AWS, ipv6: true, apiserver: { ipv6: false }, ingress: { ipv6: false } },
                "demo",
            ),
        );
        assert.strictEqual(p.loadBalancer.ipAddressType, "ipv4");
        assert.strictEqual(p.loadBalancer.ipv6SourceNat, false);
    });

    it("Azure gives an IPv4-only apiserver no IPv6 rule, pool or NSG rule", () => {
        const p = ok(planAzure({ ...AZURE, ...TYPHOON }, "demo"));
        assert.deepStrictEqual(
            p.loadBalancer.rules.map((r) => r.name),
            [
                "apiserver-ipv4",
                "ingress-http-ipv4",
                "ingress-http-ipv6",
                "ingress-https-ipv4",
                "ingress-https-ipv6",
            ],
        );
        // The outbound pools (every node's SNAT, one per family on the inbound frontends) stay dual-stack.
        assert.deepStrictEqual(
            p.loadBalancer.pools.map((x) => x.name),
            ["controllers-ipv4", "outbound-ipv4", "outbound-ipv6", "workers-ipv4", "workers-ipv6"],
        );
        assert.deepStrictEqual(
            p.loadBalancer.frontends.map((f) => f.name),
            ["frontend-ipv4", "frontend-ipv6"],
        );
        // The controllers' pool has no IPv6 member, so it gets no IPv6 outbound rule.
        assert.deepStrictEqual(
            p.loadBalancer.outboundRules.map((o) => o.name),
            ["outbound-ipv4", "outbound-ipv6"],
        );
        assert.deepStrictEqual(
            p.securityRules.map((r) => [r.role, r.name, r.sources]),
            [
                ["controllers", "demo-apiserver-ipv4", ["0.0.0.0/0"]],
                ["controllers", "demo-probes", ["AzureLoadBalancer"]],
                ["workers", "demo-probes", ["AzureLoadBalancer"]],
                ["workers", "demo-ingress-ipv4", ["0.0.0.0/0"]],
                ["workers", "demo-ingress-ipv6", ["::/0"]],
            ],
        );
    });

    it("Google Cloud registers IPv6 forwarding rules and addresses only for dual-stack frontends", () => {
        const p = ok(planGcp({ ...GCP, ...TYPHOON }, "demo"));
        assert.deepStrictEqual(
            p.forwardingRules.map((f) => f.key),
            ["apiserver-ipv4", "ingress-ipv4", "ingress-ipv6"],
        );
        assert.deepStrictEqual(
            p.addresses.map((a) => a.key),
            ["controllers-ipv4", "workers-ipv4", "workers-ipv6"],
        );
        assert.deepStrictEqual(
            p.firewalls.filter((f) => f.name.includes("apiserver")).map((f) => f.name),
            ["demo-apiserver-clients-ipv4", "demo-apiserver-health-ipv4"],
        );
        const proxy = ok(planGcp({ ...GCP, mode: "proxy", ...TYPHOON }, "demo"));
        assert.deepStrictEqual(
            proxy.forwardingRules.map((f) => f.key),
            [
                "apiserver-ipv4",
                "ingress-http-ipv4",
                "ingress-http-ipv6",
                "ingress-https-ipv4",
                "ingress-https-ipv6",
            ],
        );
    });

    it("makes one service dual-stack in an IPv4 cluster", () => {
        const services = [
            { name: "app", port: 3333, ipv6: true },
            { name: "db", port: 5432 },
        ];
        const gcp = ok(planGcp({ ...GCP, services }, "demo"));
        assert.deepStrictEqual(
            gcp.forwardingRules.map((f) => f.key),
            ["apiserver-ipv4", "svc-app-ipv4", "svc-app-ipv6", "svc-db-ipv4"],
        );
        const azure = ok(planAzure({ ...AZURE, services }, "demo"));
        assert.deepStrictEqual(
            azure.loadBalancer.rules.filter((r) => r.family === "ipv6").map((r) => r.name),
            ["svc-app-ipv6"],
        );
        const aws = ok(planAws({ ...AWS, services }, "demo"));
        assert.strictEqual(aws.loadBalancer.ipAddressType, "dualstack");
        assert.deepStrictEqual(
            aws.rules
                .filter((r) => "cidr" in r.peer && r.peer.family === "ipv6")
                .map((r) => r.port),
            [3333],
        );
    });

    it("names the frontend's own ipv6 in the error about an IPv6 CIDR it cannot serve", () => {
        const { problems } = planAws(
            {
                ...AWS,
                ipv6: true,
                apiserver: { ipv6: false, allowedCidrs: ["198.51.100.0/24", "2001:db8::/32"] },
                nodeSourceCidrs: ["203.0.113.0/24", "2001:db8:1::/48"],
            },
            "demo",
        );
        assert.deepStrictEqual(
            problems.map((x) => [x.path, x.message, x.fix]),
            [
                [
                    "apiserver.allowedCidrs[1]",
                    "2001:db8::/32 is an IPv6 CIDR but apiserver.ipv6 is false",
                    "set apiserver.ipv6: true, or remove the CIDR",
                ],
                [
                    "nodeSourceCidrs[1]",
                    "2001:db8:1::/48 is an IPv6 CIDR but apiserver.ipv6 is false",
                    "set apiserver.ipv6: true, or remove the CIDR",
                ],
            ],
        );
        const svc = planGcp(
            { ...GCP, services: [{ name: "app", port: 3333, ipv6: "yes" }] },
            "demo",
        ).problems;
        assert.deepStrictEqual(
            svc.map((x) => x.path),
            ["services[0].ipv6"],
        );
    });
});
