// GcpHaCluster in mode passthrough under Pulumi's mock runtime: kURL's regional TCP load
// balancer, the passthrough rules, IPv6 and the internal scheme.
import * as assert from "assert";
import { execFileSync } from "child_process";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { GcpHaClusterArgs } from "../../provider/src/generated/types";
import { valueOf } from "../support/harness";
import { list, str, strs } from "../support/inputs";
import { cluster, firewallLayout, instance, kurl, one, PROBES, T } from "./fixtures";

const subnetwork = "projects/demo-project/regions/us-central1/subnetworks/nodes";

describe("GcpHaCluster passthrough", () => {
    describe("kURL's regional TCP load balancer", () => {
        // Built once: the tests only read what it registered.
        let kurlRun: Awaited<ReturnType<typeof cluster>>;
        before(async () => {
            kurlRun = await cluster(kurl);
        });
        it("puts the nodes in one unmanaged instance group per role and zone, the zone read from each self link", async () => {
            const { r } = kurlRun;
            const groups = r
                .ofType(T.instanceGroup)
                .map((g) => [g.name, g.inputs.name, g.inputs.zone, g.inputs.instances]);
            assert.deepStrictEqual(groups.sort(), [
                [
                    "demo-controllers-us-central1-a",
                    "kurl-controllers-us-central1-a",
                    "us-central1-a",
                    [
                        instance("us-central1-a", "primary-0"),
                        instance("us-central1-a", "primary-2"),
                    ],
                ],
                [
                    "demo-controllers-us-central1-b",
                    "kurl-controllers-us-central1-b",
                    "us-central1-b",
                    [instance("us-central1-b", "primary-1")],
                ],
                [
                    "demo-workers-us-central1-a",
                    "kurl-workers-us-central1-a",
                    "us-central1-a",
                    [instance("us-central1-a", "worker-0")],
                ],
                [
                    "demo-workers-us-central1-c",
                    "kurl-workers-us-central1-c",
                    "us-central1-c",
                    [instance("us-central1-c", "worker-1")],
                ],
            ]);
            // Passthrough backend services have no port names, so the groups carry none.
            assert.ok(
                r.ofType(T.instanceGroup).every((g) => list(g.inputs, "namedPorts").length === 0),
            );
        });

        it("backs the apiserver with a regional TCP backend service (EXTERNAL) and an HTTPS /readyz check on 6443", async () => {
            const { r } = kurlRun;
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
            assert.deepStrictEqual(check.inputs.httpsHealthCheck, {
                port: 6443,
                requestPath: "/readyz",
            });
            assert.strictEqual(check.inputs.tcpHealthCheck, undefined);
            // Connection draining for an apiserver removed from its instance group.
            assert.strictEqual(backend.inputs.connectionDrainingTimeoutSec, 60);
            assert.deepStrictEqual(
                [
                    check.inputs.checkIntervalSec,
                    check.inputs.timeoutSec,
                    check.inputs.healthyThreshold,
                    check.inputs.unhealthyThreshold,
                ],
                [10, 5, 3, 3],
            );
            assert.deepStrictEqual(
                one(r, T.healthCheck, "demo-ingress-hc").inputs.httpHealthCheck,
                { port: 10254, requestPath: "/healthz" },
            );
            assert.strictEqual(
                one(r, T.backendService, "demo-ingress-backend").inputs
                    .connectionDrainingTimeoutSec,
                undefined,
            );
        });

        it("reserves a static IPv4 address and carries 6443 on a forwarding rule with the chosen network tier", async () => {
            const { r } = kurlRun;
            const address = one(r, T.address, "demo-ipv4-address");
            assert.deepStrictEqual(
                [address.inputs.addressType, address.inputs.ipVersion, address.inputs.networkTier],
                ["EXTERNAL", "IPV4", "STANDARD"],
            );
            const rule = one(r, T.forwardingRule, "demo-apiserver-ipv4-fr");
            assert.deepStrictEqual(rule.inputs.ports, ["6443"]);
            assert.strictEqual(rule.inputs.ipProtocol, "TCP");
            assert.strictEqual(rule.inputs.loadBalancingScheme, "EXTERNAL");
            assert.strictEqual(rule.inputs.networkTier, "STANDARD");
            assert.strictEqual(rule.inputs.backendService, "demo-apiserver-backend-id");
            assert.match(str(rule.inputs, "ipAddress"), /^203\.0\.113\.\d+$/);
        });

        it("gives each role its own address, so a worker dialing the apiserver does not reach itself", async () => {
            const services = [
                { name: "metrics", port: 9100, backend: "controllers" as const },
                { name: "app", port: 30333 },
            ];
            const { r, c } = await cluster({ ...kurl, services });
            const controllers = one(r, T.address, "demo-ipv4-address");
            const workers = one(r, T.address, "demo-workers-ipv4-address");
            assert.deepStrictEqual(
                r
                    .ofType(T.address)
                    .map((a) => a.inputs.name)
                    .sort(),
                [controllers.inputs.name, workers.inputs.name].sort(),
            );
            assert.match(str(workers.inputs, "name"), /^kurl-workers-ipv4-[0-9a-f]{4}$/);
            const [v4c, v4w] = await valueOf(c.ipv4Addresses);
            assert.notStrictEqual(v4c, v4w);
            const ruleAddress = (group: string) =>
                one(r, T.forwardingRule, `demo-${group}-ipv4-fr`).inputs.ipAddress;
            assert.deepStrictEqual(
                ["apiserver", "svc-metrics", "ingress", "svc-app"].map(ruleAddress),
                [v4c, v4c, v4w, v4w],
                "controllers' frontends on the controllers' address, workers' on the workers'",
            );
            assert.strictEqual(await valueOf(c.apiserverUrl), `https://${v4c}:6443`);
        });

        it("admits the nodes' NAT addresses on the apiserver, and refuses a restricted apiserver that admits none", async () => {
            const { r } = kurlRun;
            assert.ok(
                firewallLayout(r).includes(
                    "kurl-apiserver-clients-ipv4: tcp:6443 from 198.51.100.0/24,203.0.113.64/27 -> kurl-controller",
                ),
            );
            assert.throws(
                () => new GcpHaCluster("bad", { ...kurl, nodeSourceCidrs: undefined }),
                /apiserver\.allowedCidrs: admits only 198\.51\.100\.0\/24, so the kubelets.*Fix: list the nodes' NAT gateway or public addresses in nodeSourceCidrs/,
            );
        });

        it("accepts the 600-second idle timeout Google's connection tracking gives and refuses any other", () => {
            assert.doesNotThrow(
                () =>
                    new GcpHaCluster("ok", {
                        ...kurl,
                        apiserver: { ...kurl.apiserver, idleTimeoutSeconds: 600 },
                    }),
            );
            assert.throws(
                () =>
                    new GcpHaCluster("bad", {
                        ...kurl,
                        apiserver: { ...kurl.apiserver, idleTimeoutSeconds: 3600 },
                    }),
                /apiserver\.idleTimeoutSeconds: 3600 cannot be honoured: a passthrough load balancer has no idle timeout.*600 seconds.*Fix: set it to 600 or leave it out, or use mode: proxy/,
            );
        });

        it("uses Premium Tier unless told otherwise", async () => {
            const { r } = await cluster({ ...kurl, networkTier: undefined });
            assert.strictEqual(r.ofType(T.address)[0].inputs.networkTier, "PREMIUM");
            assert.ok(r.ofType(T.forwardingRule).every((f) => f.inputs.networkTier === "PREMIUM"));
        });

        it("admits the clients on the target ports and Google's probe ranges on the health-check ports", async () => {
            const { r } = kurlRun;
            const probes = PROBES.externalIpv4.join(",");
            assert.deepStrictEqual(firewallLayout(r), [
                "kurl-apiserver-clients-ipv4: tcp:6443 from 198.51.100.0/24,203.0.113.64/27 -> kurl-controller",
                `kurl-apiserver-health-ipv4: tcp:6443 from ${probes} -> kurl-controller`,
                "kurl-ingress-clients-ipv4: tcp:80,443 from 0.0.0.0/0 -> kurl-worker",
                `kurl-ingress-health-ipv4: tcp:10254 from ${probes} -> kurl-worker`,
            ]);
            assert.ok(
                r
                    .ofType(T.firewall)
                    .every(
                        (f) => f.inputs.network === "kurl-vpc" && f.inputs.direction === "INGRESS",
                    ),
            );
        });

        it("aliases each role's own addresses on its nodes in hairpinWorkaround (kURL's NodePort fix)", async () => {
            const { c } = await cluster({
                ...kurl,
                networkTier: undefined,
                ipv6: true,
                subnetwork,
            });
            const [v4c, v4w] = await valueOf(c.ipv4Addresses);
            const [v6c, v6w] = await valueOf(c.ipv6Addresses);
            const snippet = await valueOf(c.hairpinWorkaround);
            const commands = (role: string) => {
                const start = snippet.indexOf(`  ${role})`);
                return snippet
                    .slice(start, snippet.indexOf(";;", start))
                    .split("\n")
                    .map((line) => line.trim())
                    .filter((line) => line.startsWith("ip "));
            };
            assert.deepStrictEqual(commands("controllers"), [
                `ip address replace ${v4c}/32 dev "$dev"`,
                `ip -6 address replace ${v6c}/128 dev "$dev" nodad`,
            ]);
            assert.deepStrictEqual(commands("workers"), [
                `ip address replace ${v4w}/32 dev "$dev"`,
                `ip -6 address replace ${v6w}/128 dev "$dev" nodad`,
            ]);
            assert.match(
                snippet,
                /^dev="\$\(ip route show default \| awk '\{print \$5; exit\}'\)"$/m,
            );
            execFileSync("sh", ["-n", "-c", snippet]);
        });
    });

    describe("passthrough rules", () => {
        it("refuses a service whose port differs from its target port, naming mode: proxy", () => {
            assert.throws(
                () =>
                    new GcpHaCluster("bad", {
                        ...kurl,
                        services: [{ name: "some-app", port: 3333, targetPort: 30333 }],
                    }),
                /services\[0\]\.targetPort: 30333 differs from the frontend port 3333.*Fix: .*use mode: proxy, which maps ports/,
            );
        });

        it("carries at most 5 ports per forwarding rule, split by frontend group the same way in any order", async () => {
            const services = [3000, 3001, 3002, 3003, 3004, 3005, 3006].map((port) => ({
                name: `app-${port}`,
                port,
            }));
            const rules = async (list: typeof services) =>
                new Map(
                    (await cluster({ ...kurl, services: list })).r
                        .ofType(T.forwardingRule)
                        .map((f) => [f.inputs.name, strs(f.inputs, "ports")] as const),
                );
            const inOrder = await rules(services);
            assert.ok([...inOrder.values()].every((ports) => ports.length <= 5));
            assert.deepStrictEqual(inOrder.get("kurl-ingress-ipv4"), ["80", "443"]);
            assert.deepStrictEqual(inOrder.get("kurl-apiserver-ipv4"), ["6443"]);
            assert.deepStrictEqual(inOrder.get("kurl-svc-app-3004-ipv4"), ["3004"]);
            assert.strictEqual(
                inOrder.size,
                9,
                "10 ports over 9 rules: the apiserver, ingress and each service",
            );
            assert.deepStrictEqual(
                new Map([...(await rules([...services].reverse()))].sort()),
                new Map([...inOrder].sort()),
            );
        });
    });

    describe("IPv6", () => {
        it("requires a subnetwork", () => {
            assert.throws(
                () => new GcpHaCluster("bad", { ...kurl, networkTier: undefined, ipv6: true }),
                /subnetwork: is required for IPv6 frontends in passthrough mode/,
            );
        });

        it("adds an IPv6 address and forwarding rules on the subnetwork, and the IPv6 probe ranges", async () => {
            const { r } = await cluster({
                ...kurl,
                networkTier: undefined,
                ipv6: true,
                subnetwork,
            });
            const v6 = one(r, T.address, "demo-ipv6-address");
            assert.deepStrictEqual(
                [
                    v6.inputs.addressType,
                    v6.inputs.ipVersion,
                    v6.inputs.ipv6EndpointType,
                    v6.inputs.subnetwork,
                    v6.inputs.networkTier,
                ],
                ["EXTERNAL", "IPV6", "NETLB", subnetwork, "PREMIUM"],
            );
            for (const [group, address] of [
                ["apiserver", "demo-ipv6-address"],
                ["ingress", "demo-workers-ipv6-address"],
            ]) {
                const rule = one(r, T.forwardingRule, `demo-${group}-ipv6-fr`);
                assert.deepStrictEqual(
                    [rule.inputs.ipVersion, rule.inputs.subnetwork, rule.inputs.ipAddress],
                    ["IPV6", subnetwork, `${address}-id`],
                );
                assert.strictEqual(
                    rule.inputs.backendService,
                    one(r, T.forwardingRule, `demo-${group}-ipv4-fr`).inputs.backendService,
                );
            }
            const layout = firewallLayout(r);
            assert.ok(
                layout.includes(
                    `kurl-apiserver-health-ipv6: tcp:6443 from ${PROBES.externalIpv6.join(",")} -> kurl-controller`,
                ),
            );
            assert.ok(
                layout.includes(
                    `kurl-ingress-health-ipv6: tcp:10254 from ${PROBES.externalIpv6.join(",")} -> kurl-worker`,
                ),
            );
            assert.ok(
                layout.includes("kurl-ingress-clients-ipv6: tcp:80,443 from ::/0 -> kurl-worker"),
            );
            // The apiserver admits only its IPv4 clients, so it has no IPv6 client rule.
            assert.ok(!layout.some((rule) => rule.startsWith("kurl-apiserver-clients-ipv6")));
        });
    });

    describe("destination ranges (issue 17, defect 11)", () => {
        // Passthrough keeps the destination: load-balanced packets reach the nodes addressed to
        // the frontend's address, so client rules match only those, never a node's own address.
        const destinations = async (args: GcpHaClusterArgs) => {
            const { r, c } = await cluster(args);
            const addresses = new Map(r.ofType(T.address).map((a) => [a.name, a]));
            const rules = Object.fromEntries(
                r.ofType(T.firewall).map((f) => [f.inputs.name, f.inputs.destinationRanges]),
            );
            return { r, c, rules, addresses };
        };

        it("sets each client rule's destination to its role's frontend address, per family", async () => {
            const { rules, c } = await destinations({
                ...kurl,
                networkTier: undefined,
                ipv6: true,
                subnetwork,
            });
            const [controllers4, workers4] = await valueOf(c.ipv4Addresses);
            const [controllers6, workers6] = await valueOf(c.ipv6Addresses);
            assert.deepStrictEqual(rules["kurl-apiserver-clients-ipv4"], [`${controllers4}/32`]);
            assert.deepStrictEqual(rules["kurl-ingress-clients-ipv4"], [`${workers4}/32`]);
            assert.deepStrictEqual(rules["kurl-ingress-clients-ipv6"], [`${workers6}/96`]);
            assert.ok(controllers6 !== undefined);
            // Health checks keep their own rule: Google's probes, on the health-check port only.
            assert.deepStrictEqual(rules["kurl-apiserver-health-ipv4"], undefined);
        });

        it("scopes an internal apiserver's node rule to the controllers' address", async () => {
            const { rules, c } = await destinations({
                ...kurl,
                networkTier: undefined,
                scheme: "internal",
                subnetwork,
                apiserver: { allowedCidrs: ["10.20.0.0/16"] },
            });
            const [controllers4] = await valueOf(c.ipv4Addresses);
            assert.deepStrictEqual(rules["kurl-apiserver-nodes"], [`${controllers4}/32`]);
            assert.deepStrictEqual(rules["kurl-apiserver-clients-ipv4"], [`${controllers4}/32`]);
        });
    });

    describe("internal scheme", () => {
        const internal: GcpHaClusterArgs = {
            ...kurl,
            networkTier: undefined,
            scheme: "internal",
            subnetwork,
            apiserver: {},
        };

        it("requires a subnetwork", () => {
            assert.throws(
                () => new GcpHaCluster("bad", { ...internal, subnetwork: undefined }),
                /subnetwork: is required for an internal load balancer/,
            );
        });

        it("builds a regional internal passthrough load balancer on the subnetwork with the internal probe ranges", async () => {
            const { r, c } = await cluster(internal);
            for (const name of ["demo-ipv4-address", "demo-workers-ipv4-address"]) {
                const address = one(r, T.address, name);
                assert.deepStrictEqual(
                    [
                        address.inputs.addressType,
                        address.inputs.purpose,
                        address.inputs.subnetwork,
                        address.inputs.networkTier,
                    ],
                    ["INTERNAL", "SHARED_LOADBALANCER_VIP", subnetwork, undefined],
                );
            }
            assert.ok(
                r
                    .ofType(T.backendService)
                    .every((b) => b.inputs.loadBalancingScheme === "INTERNAL"),
            );
            for (const rule of r.ofType(T.forwardingRule)) {
                assert.deepStrictEqual(
                    [
                        rule.inputs.loadBalancingScheme,
                        rule.inputs.network,
                        rule.inputs.subnetwork,
                        rule.inputs.networkTier,
                    ],
                    ["INTERNAL", "kurl-vpc", subnetwork, undefined],
                );
            }
            assert.ok(
                firewallLayout(r).includes(
                    `kurl-apiserver-health-ipv4: tcp:6443 from ${PROBES.internalIpv4.join(",")} -> kurl-controller`,
                ),
            );
            assert.match(await valueOf(c.apiserverUrl), /^https:\/\/10\.128\.0\.\d+:6443$/);
        });

        it("admits the nodes by their network tags on a restricted internal apiserver, with no nodeSourceCidrs needed", async () => {
            const { r } = await cluster({
                ...internal,
                apiserver: { allowedCidrs: ["10.20.0.0/16"] },
                nodeSourceCidrs: undefined,
            });
            const layout = firewallLayout(r);
            assert.ok(
                layout.includes(
                    "kurl-apiserver-nodes: tcp:6443 from tag:kurl-controller,tag:kurl-worker -> kurl-controller",
                ),
                layout.join("\n"),
            );
            assert.ok(
                layout.includes(
                    "kurl-apiserver-clients-ipv4: tcp:6443 from 10.20.0.0/16 -> kurl-controller",
                ),
            );
            assert.strictEqual(
                one(r, T.firewall, "demo-apiserver-nodes-fw").inputs.sourceRanges,
                undefined,
            );
            // An apiserver open to everyone already admits the nodes.
            const open = await cluster({ ...internal, apiserver: { allowedCidrs: ["0.0.0.0/0"] } });
            assert.ok(
                !firewallLayout(open.r).some((rule) => rule.startsWith("kurl-apiserver-nodes")),
            );
        });

        // Issue 17, defect 11: the firewall admitted the world on every tagged node, and nodes with
        // external addresses were reachable around the internal load balancer.
        it("admits private sources by default, not the internet", async () => {
            const { r } = await cluster({
                ...internal,
                ipv6: true,
                apiserver: {},
                nodeSourceCidrs: undefined,
            });
            const layout = firewallLayout(r);
            const rfc1918 = "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16";
            assert.ok(
                layout.includes(
                    `kurl-apiserver-clients-ipv4: tcp:6443 from ${rfc1918} -> kurl-controller`,
                ),
                layout.join("\n"),
            );
            assert.ok(
                layout.includes(
                    `kurl-ingress-clients-ipv4: tcp:80,443 from ${rfc1918} -> kurl-worker`,
                ),
            );
            assert.ok(
                layout.includes(
                    "kurl-apiserver-clients-ipv6: tcp:6443 from fc00::/7 -> kurl-controller",
                ),
            );
            assert.ok(!layout.some((rule) => /0\.0\.0\.0\/0|::\/0/.test(rule)), layout.join("\n"));
            // Nodes outside the private ranges still reach the apiserver, by their tags.
            assert.ok(
                layout.includes(
                    "kurl-apiserver-nodes: tcp:6443 from tag:kurl-controller,tag:kurl-worker -> kurl-controller",
                ),
            );
        });

        it("keeps an explicit 0.0.0.0/0 when the user asks for it", async () => {
            const { r } = await cluster({
                ...internal,
                apiserver: { allowedCidrs: ["0.0.0.0/0"] },
                nodeSourceCidrs: undefined,
            });
            assert.ok(
                firewallLayout(r).includes(
                    "kurl-apiserver-clients-ipv4: tcp:6443 from 0.0.0.0/0 -> kurl-controller",
                ),
            );
        });

        it("uses the internal IPv6 probe range with ipv6", async () => {
            const { r } = await cluster({ ...internal, ipv6: true });
            assert.ok(
                firewallLayout(r).includes(
                    `kurl-apiserver-health-ipv6: tcp:6443 from ${PROBES.internalIpv6.join(",")} -> kurl-controller`,
                ),
            );
            assert.strictEqual(
                one(r, T.address, "demo-ipv6-address").inputs.ipv6EndpointType,
                undefined,
            );
        });
    });
});
