// GcpHaCluster in mode proxy under Pulumi's mock runtime: the global external proxy network
// load balancer with port mapping through named ports.
import * as assert from "assert";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { GcpHaClusterArgs } from "../../provider/src/generated/types";
import { valueOf } from "../support/harness";
import { cluster, firewallLayout, kurl, one, PROBES, T } from "./fixtures";

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
        for (const regional of [T.address, T.forwardingRule, T.backendService, T.healthCheck]) assert.deepStrictEqual(r.ofType(regional), []);
        const [address, ...more] = r.ofType(T.globalAddress);
        assert.strictEqual(more.length, 0);
        assert.deepStrictEqual([address.inputs.addressType, address.inputs.ipVersion], ["EXTERNAL", "IPV4"]);
        const frontends = { apiserver: "6443", "ingress-http": "80", "ingress-https": "443", "svc-some-app": "3333" };
        assert.deepStrictEqual(r.ofType(T.globalForwardingRule).map((f) => f.inputs.name).sort(), Object.keys(frontends).map((k) => `kurl-${k}-ipv4`));
        for (const [key, port] of Object.entries(frontends)) {
            const rule = one(r, T.globalForwardingRule, `demo-${key}-ipv4-fr`);
            assert.deepStrictEqual(
                [rule.inputs.loadBalancingScheme, rule.inputs.ipProtocol, rule.inputs.portRange, rule.inputs.target],
                ["EXTERNAL_MANAGED", "TCP", port, `demo-${key}-proxy-id`],
            );
            assert.match(rule.inputs.ipAddress, /^198\.51\.100\.\d+$/);
            assert.strictEqual(one(r, T.targetProxy, `demo-${key}-proxy`).inputs.backendService, `demo-${key}-backend-id`);
            const backend = one(r, T.globalBackendService, `demo-${key}-backend`);
            assert.deepStrictEqual([backend.inputs.loadBalancingScheme, backend.inputs.protocol], ["EXTERNAL_MANAGED", "TCP"]);
        }
    });

    it("maps 3333 to 30333 through the instance groups' named port", async () => {
        const { r } = await cluster(proxy);
        const backend = one(r, T.globalBackendService, "demo-svc-some-app-backend");
        assert.strictEqual(backend.inputs.portName, "svc-some-app");
        assert.strictEqual(backend.inputs.healthChecks, "demo-svc-some-app-hc-id");
        assert.deepStrictEqual(
            backend.inputs.backends.map((b: any) => [b.group.split("/").pop(), b.balancingMode]),
            [
                ["kurl-workers-us-central1-a", "UTILIZATION"],
                ["kurl-workers-us-central1-c", "UTILIZATION"],
            ],
        );
        assert.deepStrictEqual(one(r, T.globalHealthCheck, "demo-svc-some-app-hc").inputs.tcpHealthCheck, { port: 30333 });
        for (const group of r.ofType(T.instanceGroup).filter((g) => g.name.startsWith("demo-workers-"))) {
            assert.deepStrictEqual(group.inputs.namedPorts, [
                { name: "ingress-http", port: 80 },
                { name: "ingress-https", port: 443 },
                { name: "svc-some-app", port: 30333 },
            ]);
        }
        assert.deepStrictEqual(one(r, T.instanceGroup, "demo-controllers-us-central1-a").inputs.namedPorts, [{ name: "apiserver", port: 6443 }]);
    });

    it("adds IPv6 frontends with ipv6, without a subnetwork", async () => {
        const { r, c } = await cluster({ ...proxy, ipv6: true });
        assert.strictEqual(one(r, T.globalAddress, "demo-ipv6-address").inputs.ipVersion, "IPV6");
        const rules = r.ofType(T.globalForwardingRule).filter((f) => f.inputs.ipVersion === "IPV6");
        assert.deepStrictEqual(rules.map((f) => f.inputs.portRange).sort(), ["3333", "443", "6443", "80"]);
        const [v6] = await valueOf(c.ipv6Addresses);
        assert.ok(rules.every((f) => f.inputs.ipAddress === v6));
        // Both families reach the same target proxy.
        assert.strictEqual(one(r, T.globalForwardingRule, "demo-apiserver-ipv6-fr").inputs.target, "demo-apiserver-proxy-id");
    });

    it("admits only Google's proxy and health-check ranges, which is where the connections come from", async () => {
        const { r, c } = await cluster({ ...proxy, ipv6: true });
        const ranges = PROBES.proxy.join(",");
        assert.deepStrictEqual(firewallLayout(r), [
            `kurl-apiserver-proxy: tcp:6443 from ${ranges} -> kurl-controller`,
            `kurl-ingress-proxy: tcp:80,443,10254 from ${ranges} -> kurl-worker`,
            `kurl-svc-some-app-proxy: tcp:30333 from ${ranges} -> kurl-worker`,
        ]);
        assert.strictEqual(await valueOf(c.hairpinWorkaround), "", "proxies end the connections, so nothing loops back to the node");
    });

    it("refuses the internal scheme and UDP services", () => {
        assert.throws(() => new GcpHaCluster("bad", { ...proxy, scheme: "internal", subnetwork: "nodes" }), /scheme: mode "proxy" builds the global external proxy load balancer/);
        assert.throws(
            () => new GcpHaCluster("bad", { ...proxy, services: [{ name: "dns", port: 53, protocol: "UDP", healthCheck: { port: 8053 } }] }),
            /services\[0\]\.protocol: mode "proxy" carries TCP only/,
        );
    });

    it("refuses allowedCidrs it cannot enforce", () => {
        assert.throws(
            () => new GcpHaCluster("bad", { ...proxy, apiserver: { allowedCidrs: ["198.51.100.0/24"] } }),
            /apiserver\.allowedCidrs: mode "proxy" cannot filter clients.*Fix: leave allowedCidrs out/,
        );
    });
});
