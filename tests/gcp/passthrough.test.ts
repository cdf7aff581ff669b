// GcpHaCluster in mode passthrough under Pulumi's mock runtime: kURL's regional TCP load
// balancer, the passthrough rules, IPv6 and the internal scheme.
import * as assert from "assert";
import { execFileSync } from "child_process";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { GcpHaClusterArgs } from "../../provider/src/generated/types";
import { valueOf } from "../support/harness";
import { cluster, firewallLayout, instance, kurl, one, PROBES, T } from "./fixtures";

const subnetwork = "projects/demo-project/regions/us-central1/subnetworks/nodes";

describe("GcpHaCluster passthrough", () => {
    describe("kURL's regional TCP load balancer", () => {
        it("puts the nodes in one unmanaged instance group per role and zone, the zone read from each self link", async () => {
            const { r } = await cluster(kurl);
            const groups = r.ofType(T.instanceGroup).map((g) => [g.name, g.inputs.name, g.inputs.zone, g.inputs.instances]);
            assert.deepStrictEqual(groups.sort(), [
                ["demo-controllers-us-central1-a", "kurl-controllers-us-central1-a", "us-central1-a", [instance("us-central1-a", "primary-0"), instance("us-central1-a", "primary-2")]],
                ["demo-controllers-us-central1-b", "kurl-controllers-us-central1-b", "us-central1-b", [instance("us-central1-b", "primary-1")]],
                ["demo-workers-us-central1-a", "kurl-workers-us-central1-a", "us-central1-a", [instance("us-central1-a", "worker-0")]],
                ["demo-workers-us-central1-c", "kurl-workers-us-central1-c", "us-central1-c", [instance("us-central1-c", "worker-1")]],
            ]);
            // Passthrough backend services have no port names, so the groups carry none.
            assert.ok(r.ofType(T.instanceGroup).every((g) => g.inputs.namedPorts.length === 0));
        });

        it("backs the apiserver with a regional TCP backend service (EXTERNAL) and a TCP health check on 6443", async () => {
            const { r } = await cluster(kurl);
            const backend = one(r, T.backendService, "demo-apiserver-backend");
            assert.strictEqual(backend.inputs.loadBalancingScheme, "EXTERNAL");
            assert.strictEqual(backend.inputs.protocol, "TCP");
            assert.strictEqual(backend.inputs.region, "us-central1");
            assert.strictEqual(backend.inputs.healthChecks, "demo-apiserver-hc-id");
            assert.deepStrictEqual(
                backend.inputs.backends,
                ["a", "b"].map((zone) => ({
                    group: `https://www.googleapis.com/compute/v1/projects/demo-project/zones/us-central1-${zone}/instanceGroups/kurl-controllers-us-central1-${zone}`,
                    balancingMode: "CONNECTION",
                })),
            );
            const check = one(r, T.healthCheck, "demo-apiserver-hc");
            assert.deepStrictEqual(check.inputs.tcpHealthCheck, { port: 6443 });
            assert.strictEqual(check.inputs.httpHealthCheck, undefined);
            assert.deepStrictEqual(
                [check.inputs.checkIntervalSec, check.inputs.timeoutSec, check.inputs.healthyThreshold, check.inputs.unhealthyThreshold],
                [10, 5, 3, 3],
            );
            assert.deepStrictEqual(one(r, T.healthCheck, "demo-ingress-hc").inputs.httpHealthCheck, { port: 10254, requestPath: "/healthz" });
        });

        it("reserves a static IPv4 address and carries 6443 on a forwarding rule with the chosen network tier", async () => {
            const { r } = await cluster(kurl);
            const [address, ...more] = r.ofType(T.address);
            assert.strictEqual(more.length, 0, "one address for every forwarding rule");
            assert.deepStrictEqual([address.inputs.addressType, address.inputs.ipVersion, address.inputs.networkTier], ["EXTERNAL", "IPV4", "STANDARD"]);
            const rule = one(r, T.forwardingRule, "demo-apiserver-ipv4-fr");
            assert.deepStrictEqual(rule.inputs.ports, ["6443"]);
            assert.strictEqual(rule.inputs.ipProtocol, "TCP");
            assert.strictEqual(rule.inputs.loadBalancingScheme, "EXTERNAL");
            assert.strictEqual(rule.inputs.networkTier, "STANDARD");
            assert.strictEqual(rule.inputs.backendService, "demo-apiserver-backend-id");
            assert.match(rule.inputs.ipAddress, /^203\.0\.113\.\d+$/);
            assert.ok(r.ofType(T.forwardingRule).every((f) => f.inputs.ipAddress === rule.inputs.ipAddress), "the rules share the address");
        });

        it("uses Premium Tier unless told otherwise", async () => {
            const { r } = await cluster({ ...kurl, networkTier: undefined });
            assert.strictEqual(r.ofType(T.address)[0].inputs.networkTier, "PREMIUM");
            assert.ok(r.ofType(T.forwardingRule).every((f) => f.inputs.networkTier === "PREMIUM"));
        });

        it("admits the clients on the target ports and Google's probe ranges on the health-check ports", async () => {
            const { r } = await cluster(kurl);
            const probes = PROBES.externalIpv4.join(",");
            assert.deepStrictEqual(firewallLayout(r), [
                "kurl-apiserver-clients-ipv4: tcp:6443 from 198.51.100.0/24 -> kurl-controller",
                `kurl-apiserver-health-ipv4: tcp:6443 from ${probes} -> kurl-controller`,
                "kurl-ingress-clients-ipv4: tcp:80,443 from 0.0.0.0/0 -> kurl-worker",
                `kurl-ingress-health-ipv4: tcp:10254 from ${probes} -> kurl-worker`,
            ]);
            assert.ok(r.ofType(T.firewall).every((f) => f.inputs.network === "kurl-vpc" && f.inputs.direction === "INGRESS"));
        });

        it("aliases each load-balancer address on the node's interface in hairpinWorkaround (kURL's NodePort fix)", async () => {
            const { c } = await cluster({ ...kurl, networkTier: undefined, ipv6: true, subnetwork });
            const [v4] = await valueOf(c.ipv4Addresses);
            const [v6] = await valueOf(c.ipv6Addresses);
            const snippet = await valueOf(c.hairpinWorkaround);
            const controllers = snippet.slice(snippet.indexOf("  controllers)"), snippet.indexOf(";;"));
            const commands = controllers.split("\n").map((line) => line.trim()).filter((line) => line.startsWith("ip "));
            assert.deepStrictEqual(commands, [`ip address replace ${v4}/32 dev "$dev"`, `ip -6 address replace ${v6}/128 dev "$dev" nodad`]);
            assert.match(snippet, /^dev="\$\(ip route show default \| awk '\{print \$5; exit\}'\)"$/m);
            execFileSync("sh", ["-n", "-c", snippet]);
        });
    });

    describe("passthrough rules", () => {
        it("refuses a service whose port differs from its target port, naming mode: proxy", () => {
            assert.throws(
                () => new GcpHaCluster("bad", { ...kurl, services: [{ name: "some-app", port: 3333, targetPort: 30333 }] }),
                /services\[0\]\.targetPort: 30333 differs from the frontend port 3333.*Fix: .*use mode: proxy, which maps ports/,
            );
        });

        it("carries at most 5 ports per forwarding rule, split by frontend group the same way in any order", async () => {
            const services = [3000, 3001, 3002, 3003, 3004, 3005, 3006].map((port) => ({ name: `app-${port}`, port }));
            const rules = async (list: typeof services) =>
                new Map((await cluster({ ...kurl, services: list })).r.ofType(T.forwardingRule).map((f) => [f.inputs.name, f.inputs.ports]));
            const inOrder = await rules(services);
            assert.ok([...inOrder.values()].every((ports) => ports.length <= 5));
            assert.deepStrictEqual(inOrder.get("kurl-ingress-ipv4"), ["80", "443"]);
            assert.deepStrictEqual(inOrder.get("kurl-apiserver-ipv4"), ["6443"]);
            assert.deepStrictEqual(inOrder.get("kurl-svc-app-3004-ipv4"), ["3004"]);
            assert.strictEqual(inOrder.size, 9, "10 ports over 9 rules: the apiserver, ingress and each service");
            assert.deepStrictEqual(new Map([...(await rules([...services].reverse()))].sort()), new Map([...inOrder].sort()));
        });
    });

    describe("IPv6", () => {
        it("requires a subnetwork", () => {
            assert.throws(() => new GcpHaCluster("bad", { ...kurl, networkTier: undefined, ipv6: true }), /subnetwork: is required for IPv6 frontends in passthrough mode/);
        });

        it("adds an IPv6 address and forwarding rules on the subnetwork, and the IPv6 probe ranges", async () => {
            const { r } = await cluster({ ...kurl, networkTier: undefined, ipv6: true, subnetwork });
            const v6 = one(r, T.address, "demo-ipv6-address");
            assert.deepStrictEqual(
                [v6.inputs.addressType, v6.inputs.ipVersion, v6.inputs.ipv6EndpointType, v6.inputs.subnetwork, v6.inputs.networkTier],
                ["EXTERNAL", "IPV6", "NETLB", subnetwork, "PREMIUM"],
            );
            for (const group of ["apiserver", "ingress"]) {
                const rule = one(r, T.forwardingRule, `demo-${group}-ipv6-fr`);
                assert.deepStrictEqual([rule.inputs.ipVersion, rule.inputs.subnetwork, rule.inputs.ipAddress], ["IPV6", subnetwork, "demo-ipv6-address-id"]);
                assert.strictEqual(rule.inputs.backendService, one(r, T.forwardingRule, `demo-${group}-ipv4-fr`).inputs.backendService);
            }
            const layout = firewallLayout(r);
            assert.ok(layout.includes(`kurl-apiserver-health-ipv6: tcp:6443 from ${PROBES.externalIpv6.join(",")} -> kurl-controller`));
            assert.ok(layout.includes(`kurl-ingress-health-ipv6: tcp:10254 from ${PROBES.externalIpv6.join(",")} -> kurl-worker`));
            assert.ok(layout.includes("kurl-ingress-clients-ipv6: tcp:80,443 from ::/0 -> kurl-worker"));
            // The apiserver admits only its IPv4 clients, so it has no IPv6 client rule.
            assert.ok(!layout.some((rule) => rule.startsWith("kurl-apiserver-clients-ipv6")));
        });
    });

    describe("internal scheme", () => {
        const internal: GcpHaClusterArgs = { ...kurl, networkTier: undefined, scheme: "internal", subnetwork, apiserver: {} };

        it("requires a subnetwork", () => {
            assert.throws(() => new GcpHaCluster("bad", { ...internal, subnetwork: undefined }), /subnetwork: is required for an internal load balancer/);
        });

        it("builds a regional internal passthrough load balancer on the subnetwork with the internal probe ranges", async () => {
            const { r, c } = await cluster(internal);
            const address = one(r, T.address, "demo-ipv4-address");
            assert.deepStrictEqual(
                [address.inputs.addressType, address.inputs.purpose, address.inputs.subnetwork, address.inputs.networkTier],
                ["INTERNAL", "SHARED_LOADBALANCER_VIP", subnetwork, undefined],
            );
            assert.ok(r.ofType(T.backendService).every((b) => b.inputs.loadBalancingScheme === "INTERNAL"));
            for (const rule of r.ofType(T.forwardingRule)) {
                assert.deepStrictEqual(
                    [rule.inputs.loadBalancingScheme, rule.inputs.network, rule.inputs.subnetwork, rule.inputs.networkTier],
                    ["INTERNAL", "kurl-vpc", subnetwork, undefined],
                );
            }
            assert.ok(firewallLayout(r).includes(`kurl-apiserver-health-ipv4: tcp:6443 from ${PROBES.internalIpv4.join(",")} -> kurl-controller`));
            assert.match(await valueOf(c.apiserverUrl), /^https:\/\/10\.128\.0\.\d+:6443$/);
        });

        it("uses the internal IPv6 probe range with ipv6", async () => {
            const { r } = await cluster({ ...internal, ipv6: true });
            assert.ok(firewallLayout(r).includes(`kurl-apiserver-health-ipv6: tcp:6443 from ${PROBES.internalIpv6.join(",")} -> kurl-controller`));
            assert.strictEqual(one(r, T.address, "demo-ipv6-address").inputs.ipv6EndpointType, undefined);
        });
    });
});
