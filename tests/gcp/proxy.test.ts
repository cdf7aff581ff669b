// GcpHaCluster in mode proxy under Pulumi's mock runtime: the global external proxy network
// load balancer with port mapping through named ports.
import * as assert from "assert";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { GcpHaClusterArgs } from "../../provider/src/generated/types";
import { valueOf } from "../support/harness";
import { at, num, objs, str, strs } from "../support/inputs";
import { cluster, firewallLayout, kurl, one, PROBES, T } from "./fixtures";

/** A Cloud Armor rule as the component writes it. */
const proxy: GcpHaClusterArgs = {
    ...kurl,
    mode: "proxy",
    networkTier: undefined,
    apiserver: {},
    services: [{ name: "some-app", port: 3333, targetPort: 30333 }],
};

describe("GcpHaCluster proxy", () => {
    it("builds a global address, target TCP proxies and global forwarding rules (EXTERNAL_MANAGED)", async () => {
        const { r } = await cluster(proxy);
        for (const regional of [T.address, T.forwardingRule, T.backendService, T.healthCheck])
            assert.deepStrictEqual(r.ofType(regional), []);
        const [address, ...more] = r.ofType(T.globalAddress);
        assert.strictEqual(more.length, 0);
        assert.deepStrictEqual(
            [address.inputs.addressType, address.inputs.ipVersion],
            ["EXTERNAL", "IPV4"],
        );
        const frontends = {
            apiserver: "6443",
            "ingress-http": "80",
            "ingress-https": "443",
            "svc-some-app": "3333",
        };
        assert.deepStrictEqual(
            r
                .ofType(T.globalForwardingRule)
                .map((f) => f.inputs.name)
                .sort(),
            Object.keys(frontends).map((k) => `kurl-${k}-ipv4`),
        );
        for (const [key, port] of Object.entries(frontends)) {
            const rule = one(r, T.globalForwardingRule, `demo-${key}-ipv4-fr`);
            assert.deepStrictEqual(
                [
                    rule.inputs.loadBalancingScheme,
                    rule.inputs.ipProtocol,
                    rule.inputs.portRange,
                    rule.inputs.target,
                ],
                ["EXTERNAL_MANAGED", "TCP", port, `demo-${key}-proxy-id`],
            );
            assert.match(str(rule.inputs, "ipAddress"), /^198\.51\.100\.\d+$/);
            assert.strictEqual(
                one(r, T.targetProxy, `demo-${key}-proxy`).inputs.backendService,
                `demo-${key}-backend-id`,
            );
            const backend = one(r, T.globalBackendService, `demo-${key}-backend`);
            assert.deepStrictEqual(
                [backend.inputs.loadBalancingScheme, backend.inputs.protocol],
                ["EXTERNAL_MANAGED", "TCP"],
            );
        }
    });

    it("maps 3333 to 30333 through the instance groups' named port", async () => {
        const { r } = await cluster(proxy);
        const backend = one(r, T.globalBackendService, "demo-svc-some-app-backend");
        assert.strictEqual(backend.inputs.portName, "svc-some-app");
        assert.strictEqual(backend.inputs.healthChecks, "demo-svc-some-app-hc-id");
        assert.deepStrictEqual(
            objs(backend.inputs, "backends").map((b) => [
                str(b, "group").split("/").pop(),
                b.balancingMode,
            ]),
            [
                ["kurl-workers-us-central1-a", "UTILIZATION"],
                ["kurl-workers-us-central1-c", "UTILIZATION"],
            ],
        );
        assert.deepStrictEqual(
            one(r, T.globalHealthCheck, "demo-svc-some-app-hc").inputs.tcpHealthCheck,
            { port: 30333 },
        );
        for (const group of r
            .ofType(T.instanceGroup)
            .filter((g) => g.name.startsWith("demo-workers-"))) {
            assert.deepStrictEqual(group.inputs.namedPorts, [
                { name: "ingress-http", port: 80 },
                { name: "ingress-https", port: 443 },
                { name: "svc-some-app", port: 30333 },
            ]);
        }
        assert.deepStrictEqual(
            one(r, T.instanceGroup, "demo-controllers-us-central1-a").inputs.namedPorts,
            [{ name: "apiserver", port: 6443 }],
        );
    });

    it("adds IPv6 frontends with ipv6, without a subnetwork", async () => {
        const { r, c } = await cluster({ ...proxy, ipv6: true });
        assert.strictEqual(one(r, T.globalAddress, "demo-ipv6-address").inputs.ipVersion, "IPV6");
        const rules = r.ofType(T.globalForwardingRule).filter((f) => f.inputs.ipVersion === "IPV6");
        assert.deepStrictEqual(rules.map((f) => f.inputs.portRange).sort(), [
            "3333",
            "443",
            "6443",
            "80",
        ]);
        const [v6] = await valueOf(c.ipv6Addresses);
        assert.ok(rules.every((f) => f.inputs.ipAddress === v6));
        // Both families reach the same target proxy.
        assert.strictEqual(
            one(r, T.globalForwardingRule, "demo-apiserver-ipv6-fr").inputs.target,
            "demo-apiserver-proxy-id",
        );
    });

    it("admits only Google's proxy and health-check ranges, which is where the connections come from", async () => {
        const { r, c } = await cluster({ ...proxy, ipv6: true });
        const ranges = PROBES.proxy.join(",");
        assert.deepStrictEqual(firewallLayout(r), [
            `kurl-apiserver-proxy: tcp:6443 from ${ranges} -> kurl-controller`,
            `kurl-ingress-proxy: tcp:80,443,10254 from ${ranges} -> kurl-worker`,
            `kurl-svc-some-app-proxy: tcp:30333 from ${ranges} -> kurl-worker`,
        ]);
        assert.strictEqual(
            await valueOf(c.hairpinWorkaround),
            "",
            "proxies end the connections, so nothing loops back to the node",
        );
    });

    it("refuses the internal scheme and UDP services", () => {
        assert.throws(
            () => new GcpHaCluster("bad", { ...proxy, scheme: "internal", subnetwork: "nodes" }),
            /scheme: mode "proxy" builds the global external proxy load balancer/,
        );
        assert.throws(
            () =>
                new GcpHaCluster("bad", {
                    ...proxy,
                    services: [
                        { name: "dns", port: 53, protocol: "UDP", healthCheck: { port: 8053 } },
                    ],
                }),
            /services\[0\]\.protocol: mode "proxy" carries TCP only/,
        );
    });

    it("keeps long streams open: the backend services' timeoutSec is the frontend's idle timeout, 600 s for the apiserver", async () => {
        const { r } = await cluster({ ...proxy, ingress: { idleTimeoutSeconds: 3600 } });
        const timeout = (key: string) =>
            one(r, T.globalBackendService, `demo-${key}-backend`).inputs.timeoutSec;
        assert.deepStrictEqual(
            ["apiserver", "ingress-http", "ingress-https", "svc-some-app"].map(timeout),
            [600, 3600, 3600, undefined],
            "the apiserver's default, the ingress's own, and Google's default for the service",
        );
    });

    describe("allowedCidrs through Cloud Armor", () => {
        const many = Array.from({ length: 12 }, (_, i) => `198.51.${100 + i}.0/24`);
        const restricted: GcpHaClusterArgs = {
            ...proxy,
            ipv6: true,
            apiserver: { allowedCidrs: ["203.0.113.0/24", "2001:db8::/32"] },
            nodeSourceCidrs: ["192.0.2.10/32"],
            ingress: { allowedCidrs: many },
        };

        it("admits each group's clients with a backend security policy on its backend services and denies everyone else", async () => {
            const { r } = await cluster(restricted);
            const policy = one(r, T.securityPolicy, "demo-apiserver-armor");
            assert.deepStrictEqual(
                [policy.inputs.name, policy.inputs.type],
                ["kurl-apiserver", "CLOUD_ARMOR"],
            );
            assert.deepStrictEqual(
                objs(policy.inputs, "rules").map((rule) => [
                    rule.priority,
                    rule.action,
                    at(rule, "match", "versionedExpr"),
                    at(rule, "match", "config", "srcIpRanges"),
                ]),
                [
                    [1000, "allow", "SRC_IPS_V1", ["192.0.2.10/32", "203.0.113.0/24"]],
                    [2000, "allow", "SRC_IPS_V1", ["2001:db8::/32"]],
                    [2147483647, "deny(403)", "SRC_IPS_V1", ["*"]],
                ],
                "the clients and the nodes' NAT address; nobody else",
            );
            // Rule descriptions hold at most 64 characters, whatever the group's name.
            assert.deepStrictEqual(
                objs(policy.inputs, "rules").map((rule) => rule.description),
                ["clients over ipv4", "clients over ipv6", "everyone else"],
            );
            const selfLink = (name: string) =>
                `https://www.googleapis.com/compute/v1/projects/demo-project/global/securityPolicies/${name}`;
            assert.strictEqual(
                one(r, T.globalBackendService, "demo-apiserver-backend").inputs.securityPolicy,
                selfLink("kurl-apiserver"),
            );
            for (const key of ["ingress-http", "ingress-https"]) {
                assert.strictEqual(
                    one(r, T.globalBackendService, `demo-${key}-backend`).inputs.securityPolicy,
                    selfLink("kurl-ingress"),
                    "one policy per group",
                );
            }
            assert.strictEqual(
                one(r, T.globalBackendService, "demo-svc-some-app-backend").inputs.securityPolicy,
                undefined,
                "open to everyone: no policy",
            );
            assert.deepStrictEqual(
                r
                    .ofType(T.securityPolicy)
                    .map((p) => p.name)
                    .sort(),
                ["demo-apiserver-armor", "demo-ingress-armor"],
            );
        });

        it("puts at most 10 ranges in a rule, the same rules in any order of the CIDRs", async () => {
            const rules = async (cidrs: string[]) =>
                objs(
                    one(
                        (await cluster({ ...restricted, ingress: { allowedCidrs: cidrs } })).r,
                        T.securityPolicy,
                        "demo-ingress-armor",
                    ).inputs,
                    "rules",
                ).map((rule): [number, string[]] => [
                    num(rule, "priority"),
                    strs(rule, "match", "config", "srcIpRanges"),
                ]);
            const inOrder = await rules(many);
            assert.deepStrictEqual(
                inOrder.map(([priority, ranges]: [number, string[]]) => [priority, ranges.length]),
                [
                    [1000, 10],
                    [1001, 2],
                    [2147483647, 1],
                ],
            );
            assert.deepStrictEqual(await rules([...many].reverse()), inOrder);
        });

        it("refuses a restricted apiserver that does not admit the nodes", () => {
            assert.throws(
                () => new GcpHaCluster("bad", { ...restricted, nodeSourceCidrs: undefined }),
                /apiserver\.allowedCidrs: admits only 203\.0\.113\.0\/24, so the kubelets/,
            );
        });
    });
});
