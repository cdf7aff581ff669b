// AzureHaCluster under Pulumi's mock runtime: the load balancer scenarios of the Azure issue
// (kURL's public LB, Typhoon's dual-stack ingress, references, port mapping, internal).
import * as assert from "assert";
import { AzureHaCluster } from "../../provider/src/azure/azureHaCluster";
import { valueOf } from "../support/harness";
import { at, list, objs, str } from "../support/inputs";
import { AZURE_SUBSCRIPTION } from "../support/states/azure";
import { armId, cluster, LoadBalancerView, nsgRule, RG, SUBNET, T, VNET } from "./support";

/** kURL's external load balancer guide: three control-plane nodes by IP behind 6443. */
const kurl = {
    clusterName: "kurl",
    virtualNetworkId: VNET,
    controllers: { ipAddresses: ["10.0.0.4", "10.0.0.5", "10.0.0.6"] },
    apiserver: {
        allowedCidrs: ["198.51.100.0/24"],
        healthCheck: { intervalSeconds: 5, unhealthyThreshold: 2 },
    },
};

/** Typhoon's Azure front door: dual-stack apiserver and ingress. */
const typhoon = { clusterName: "typhoon", ipv6: true, ingress: {} };

type Built = Awaited<ReturnType<typeof cluster>>;

describe("AzureHaCluster load balancer", () => {
    describe("kURL's public load balancer", () => {
        // Built once: the tests only read what it registered.
        let kurlRun: Built;
        before(async () => {
            kurlRun = await cluster(kurl);
        });
        it("is one Standard regional load balancer on a Standard static IPv4 public IP", async () => {
            const { r } = kurlRun;
            const lb = new LoadBalancerView(r);
            assert.deepStrictEqual(lb.inputs.sku, { name: "Standard", tier: "Regional" });
            assert.strictEqual(lb.inputs.loadBalancerName, "kurl-lb");
            assert.strictEqual(lb.inputs.resourceGroupName, RG);
            const [ip, ...more] = r.ofType(T.publicIp);
            assert.strictEqual(more.length, 0);
            assert.deepStrictEqual(
                [
                    ip.name,
                    ip.inputs.publicIpAddressName,
                    ip.inputs.sku,
                    ip.inputs.publicIPAllocationMethod,
                    ip.inputs.publicIPAddressVersion,
                ],
                [
                    "demo-lb-ipv4",
                    "kurl-lb-ipv4",
                    { name: "Standard", tier: "Regional" },
                    "Static",
                    "IPv4",
                ],
            );
            assert.deepStrictEqual(lb.list("frontendIPConfigurations"), [
                { name: "frontend-ipv4", publicIPAddress: { id: "demo-lb-ipv4-id" } },
            ]);
        });

        it("puts the controllers given by IP in an IP-based backend pool on the virtual network", async () => {
            const lb = new LoadBalancerView(kurlRun.r);
            const members = ["10.0.0.4", "10.0.0.5", "10.0.0.6"].map((ipAddress) => ({
                name: ipAddress.replace(/\./g, "-"),
                ipAddress,
                virtualNetwork: { id: VNET },
            }));
            // The outbound pool holds every node given by IP: here the controllers.
            assert.deepStrictEqual(lb.list("backendAddressPools"), [
                { name: "controllers-ipv4", loadBalancerBackendAddresses: members },
                { name: "outbound-ipv4", loadBalancerBackendAddresses: members },
            ]);
        });

        it("probes HTTPS 6443 /readyz with the interval and unhealthy threshold of the health check", async () => {
            const lb = new LoadBalancerView(kurlRun.r);
            const [probe, ...more] = lb.list("probes");
            assert.strictEqual(more.length, 0);
            assert.deepStrictEqual(
                [
                    probe.protocol,
                    probe.port,
                    probe.requestPath,
                    probe.intervalInSeconds,
                    probe.probeThreshold,
                    probe.numberOfProbes,
                ],
                ["Https", 6443, "/readyz", 5, 2, 2],
            );
        });

        it("forwards 6443 to 6443 without outbound SNAT, which an outbound rule gives on the same frontend", async () => {
            const lb = new LoadBalancerView(kurlRun.r);
            const [rule, ...more] = lb.list("loadBalancingRules");
            assert.strictEqual(more.length, 0);
            assert.deepStrictEqual(
                [
                    rule.name,
                    rule.protocol,
                    rule.frontendPort,
                    rule.backendPort,
                    rule.disableOutboundSnat,
                    rule.enableTcpReset,
                ],
                ["apiserver-ipv4", "Tcp", 6443, 6443, true, true],
            );
            const [outbound, ...others] = lb.list("outboundRules");
            assert.strictEqual(others.length, 0);
            assert.deepStrictEqual(outbound.frontendIPConfigurations, [
                rule.frontendIPConfiguration,
            ]);
            assert.strictEqual(
                lb.resolve(outbound.backendAddressPool, "backendAddressPools").name,
                "outbound-ipv4",
            );
            assert.deepStrictEqual([outbound.protocol, outbound.idleTimeoutInMinutes], ["All", 10]);
        });

        it("admits allowedCidrs and the controllers' own outbound address on 6443, and the AzureLoadBalancer tag on the probe port", async () => {
            const { r, c } = kurlRun;
            // The controllers' kubelets reach the apiserver from the frontend address (outbound SNAT).
            const [frontend] = await valueOf(c.ipv4Addresses);
            const clients = nsgRule(r, "kurl-apiserver-ipv4");
            assert.deepStrictEqual(
                [
                    clients.direction,
                    clients.access,
                    clients.protocol,
                    clients.destinationPortRanges,
                    clients.sourceAddressPrefixes,
                    clients.sourceAddressPrefix,
                    clients.priority,
                ],
                [
                    "Inbound",
                    "Allow",
                    "Tcp",
                    ["6443"],
                    ["198.51.100.0/24", frontend],
                    undefined,
                    1000,
                ],
            );
            const probes = nsgRule(r, "kurl-probes");
            assert.deepStrictEqual(
                [
                    probes.direction,
                    probes.access,
                    probes.protocol,
                    probes.destinationPortRanges,
                    probes.sourceAddressPrefix,
                    probes.sourceAddressPrefixes,
                    probes.priority,
                ],
                ["Inbound", "Allow", "Tcp", ["6443"], "AzureLoadBalancer", undefined, 1003],
            );
            assert.strictEqual(r.ofType(T.nsgRule).length, 2);
        });

        it("refuses a restricted apiserver without outbound rules unless nodeSourceCidrs name the nodes' sources", async () => {
            assert.throws(
                () =>
                    new AzureHaCluster("bad", {
                        resourceGroupName: RG,
                        ...kurl,
                        outboundRules: false,
                    }),
                /apiserver.allowedCidrs: admits only 198.51.100.0\/24/,
            );
            const { r } = await cluster({
                ...kurl,
                outboundRules: false,
                nodeSourceCidrs: ["192.0.2.0/24"],
            });
            assert.deepStrictEqual(nsgRule(r, "kurl-apiserver-ipv4").sourceAddressPrefixes, [
                "198.51.100.0/24",
                "192.0.2.0/24",
            ]);
            assert.strictEqual(new LoadBalancerView(r).list("outboundRules").length, 0);
        });

        it("keeps apiserver watches open for 10 minutes and resets idle TCP flows", async () => {
            const [rule] = new LoadBalancerView(kurlRun.r).list("loadBalancingRules");
            assert.deepStrictEqual([rule.idleTimeoutInMinutes, rule.enableTcpReset], [10, true]);
        });
    });

    describe("Typhoon's dual-stack ingress", () => {
        let typhoonRun: Built;
        before(async () => {
            typhoonRun = await cluster(typhoon);
        });
        it("gives IPv4 and IPv6 public IPs, each behind its own frontend", async () => {
            const { r } = typhoonRun;
            const lb = new LoadBalancerView(r);
            assert.deepStrictEqual(
                [...r.ofType(T.publicIp)]
                    .sort((a, b) => a.name.localeCompare(b.name))
                    .map((ip) => [
                        ip.name,
                        ip.inputs.publicIPAddressVersion,
                        ip.inputs.publicIPAllocationMethod,
                        at(ip.inputs, "sku", "name"),
                    ]),
                [
                    ["demo-lb-ipv4", "IPv4", "Static", "Standard"],
                    ["demo-lb-ipv6", "IPv6", "Static", "Standard"],
                ],
            );
            assert.deepStrictEqual(lb.list("frontendIPConfigurations"), [
                { name: "frontend-ipv4", publicIPAddress: { id: "demo-lb-ipv4-id" } },
                { name: "frontend-ipv6", publicIPAddress: { id: "demo-lb-ipv6-id" } },
            ]);
        });

        it("builds 10 resources: the load balancer, Typhoon's 2 public IPs, an NSG per role and 6 NSG rules", async () => {
            const { r } = typhoonRun;
            const count = (type: string) => r.ofType(type).length;
            assert.deepStrictEqual(
                [T.lb, T.publicIp, T.nsg, T.nsgRule, T.routeTable, T.route].map(count),
                [1, 2, 2, 6, 0, 0],
            );
            // Typhoon's billed rules: 6 load-balancing rules and 2 outbound rules.
            const lb = new LoadBalancerView(r);
            assert.deepStrictEqual(
                [lb.list("loadBalancingRules").length, lb.list("outboundRules").length],
                [6, 2],
            );
        });

        it("gives each address family its own pools and rules", async () => {
            const lb = new LoadBalancerView(typhoonRun.r);
            assert.deepStrictEqual(
                lb.list("backendAddressPools").map((p) => p.name),
                [
                    "controllers-ipv4",
                    "controllers-ipv6",
                    "outbound-ipv4",
                    "outbound-ipv6",
                    "workers-ipv4",
                    "workers-ipv6",
                ],
            );
            const summary = lb
                .list("loadBalancingRules")
                .map((rule) => [
                    rule.frontendPort,
                    lb.resolve(rule.frontendIPConfiguration, "frontendIPConfigurations").name,
                    lb.resolve(rule.backendAddressPool, "backendAddressPools").name,
                ]);
            assert.deepStrictEqual(summary, [
                [6443, "frontend-ipv4", "controllers-ipv4"],
                [6443, "frontend-ipv6", "controllers-ipv6"],
                [80, "frontend-ipv4", "workers-ipv4"],
                [80, "frontend-ipv6", "workers-ipv6"],
                [443, "frontend-ipv4", "workers-ipv4"],
                [443, "frontend-ipv6", "workers-ipv6"],
            ]);
            assert.deepStrictEqual(
                lb
                    .list("outboundRules")
                    .map((o) => [
                        lb.resolve(o.backendAddressPool, "backendAddressPools").name,
                        lb.resolve(at(o, "frontendIPConfigurations", 0), "frontendIPConfigurations")
                            .name,
                    ]),
                [
                    ["outbound-ipv4", "frontend-ipv4"],
                    ["outbound-ipv6", "frontend-ipv6"],
                ],
            );
            // Azure allows one outbound rule per frontend and protocol.
            const frontends = lb
                .list("outboundRules")
                .flatMap((o) => objs(o, "frontendIPConfigurations").map((f) => f.id));
            assert.strictEqual(new Set(frontends).size, frontends.length);
        });

        it("shares the HTTPS 6443 /readyz and HTTP 10254 /healthz probes between both families", async () => {
            const lb = new LoadBalancerView(typhoonRun.r);
            assert.deepStrictEqual(
                lb.list("probes").map((p) => [p.protocol, p.port, p.requestPath]),
                [
                    ["Http", 10254, "/healthz"],
                    ["Https", 6443, "/readyz"],
                ],
            );
            const probeOn = (port: number) =>
                new Set(lb.rulesOn(port).map((rule) => lb.resolve(rule.probe, "probes").port));
            assert.deepStrictEqual(probeOn(6443), new Set([6443]));
            assert.deepStrictEqual(probeOn(80), new Set([10254]));
            assert.deepStrictEqual(probeOn(443), new Set([10254]));
        });

        it("removes both port-80 rules with enableHttp false", async () => {
            const withHttp = new LoadBalancerView(typhoonRun.r);
            assert.strictEqual(withHttp.rulesOn(80).length, 2);
            const { r } = await cluster({ ...typhoon, ingress: { enableHttp: false } });
            const lb = new LoadBalancerView(r);
            assert.deepStrictEqual(lb.rulesOn(80), []);
            assert.deepStrictEqual(
                lb.list("loadBalancingRules").map((rule) => rule.name),
                ["apiserver-ipv4", "apiserver-ipv6", "ingress-https-ipv4", "ingress-https-ipv6"],
            );
            assert.ok(
                !r
                    .ofType(T.nsgRule)
                    .some((x) => list(x.inputs, "destinationPortRanges").includes("80")),
            );
        });
    });

    describe("sub-resource references", () => {
        it("resolve to this load balancer's own ID path", async () => {
            const lb = new LoadBalancerView(
                (
                    await cluster({
                        ...typhoon,
                        services: [{ name: "some-app", port: 3333, targetPort: 30333 }],
                    })
                ).r,
            );
            assert.strictEqual(
                lb.id,
                `/subscriptions/${AZURE_SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.Network/loadBalancers/typhoon-lb`,
            );
            const rules = lb.list("loadBalancingRules");
            assert.strictEqual(rules.length, 8);
            for (const rule of rules) {
                const family = str(rule, "name").endsWith("-ipv6") ? "ipv6" : "ipv4";
                assert.strictEqual(
                    lb.resolve(rule.frontendIPConfiguration, "frontendIPConfigurations").name,
                    `frontend-${family}`,
                );
                assert.ok(
                    str(
                        lb.resolve(rule.backendAddressPool, "backendAddressPools"),
                        "name",
                    ).endsWith(family),
                );
                lb.resolve(rule.probe, "probes");
            }
            for (const outbound of lb.list("outboundRules")) {
                assert.strictEqual(list(outbound, "frontendIPConfigurations").length, 1);
                lb.resolve(at(outbound, "frontendIPConfigurations", 0), "frontendIPConfigurations");
                lb.resolve(outbound.backendAddressPool, "backendAddressPools");
            }
        });
    });

    describe("services with port mapping", () => {
        it("maps frontend 3333 to backend 30333 and probes 30333", async () => {
            const { r } = await cluster({
                services: [{ name: "some-app", port: 3333, targetPort: 30333 }],
            });
            const lb = new LoadBalancerView(r);
            const [rule, ...more] = lb.rulesOn(3333);
            assert.strictEqual(more.length, 0);
            assert.deepStrictEqual(
                [rule.name, rule.backendPort, rule.protocol],
                ["svc-some-app-ipv4", 30333, "Tcp"],
            );
            assert.strictEqual(
                lb.resolve(rule.backendAddressPool, "backendAddressPools").name,
                "workers-ipv4",
            );
            const probe = lb.resolve(rule.probe, "probes");
            assert.deepStrictEqual([probe.protocol, probe.port], ["Tcp", 30333]);
            assert.deepStrictEqual(nsgRule(r, "demo-services-tcp-ipv4").destinationPortRanges, [
                "30333",
            ]);
            const probes = r
                .ofType(T.nsgRule)
                .filter((x) => x.inputs.securityRuleName === "demo-probes");
            assert.deepStrictEqual(
                probes
                    .map((x) => [x.inputs.networkSecurityGroupName, x.inputs.destinationPortRanges])
                    .sort(),
                [
                    ["demo-controllers", ["6443"]],
                    ["demo-workers", ["30333"]],
                ],
            );
        });

        it("carries UDP services on UDP rules without TCP reset", async () => {
            const lb = new LoadBalancerView(
                (
                    await cluster({
                        services: [
                            {
                                name: "dns",
                                port: 53,
                                protocol: "UDP",
                                backend: "controllers",
                                healthCheck: { port: 8053 },
                            },
                        ],
                    })
                ).r,
            );
            const [rule] = lb.rulesOn(53);
            assert.deepStrictEqual(
                [rule.protocol, rule.enableTcpReset, lb.resolve(rule.probe, "probes").port],
                ["Udp", undefined, 8053],
            );
        });
    });

    describe("internal", () => {
        const internal = { scheme: "internal" as const, subnetId: SUBNET, ipv6: true, ingress: {} };

        it("gives private frontends on the subnet and no public IP", async () => {
            const { r } = await cluster(internal);
            assert.deepStrictEqual(r.ofType(T.publicIp), []);
            const lb = new LoadBalancerView(r);
            assert.deepStrictEqual(lb.list("frontendIPConfigurations"), [
                {
                    name: "frontend-ipv4",
                    subnet: { id: SUBNET },
                    privateIPAllocationMethod: "Dynamic",
                    privateIPAddressVersion: "IPv4",
                },
                {
                    name: "frontend-ipv6",
                    subnet: { id: SUBNET },
                    privateIPAllocationMethod: "Dynamic",
                    privateIPAddressVersion: "IPv6",
                },
            ]);
            assert.deepStrictEqual(lb.list("outboundRules"), []);
            assert.ok(
                lb.list("loadBalancingRules").every((rule) => rule.disableOutboundSnat === false),
            );
        });

        it("outputs the node-side hairpin fix for the private frontend addresses", async () => {
            const { c } = await cluster(internal);
            const [ipv4] = await valueOf(c.ipv4Addresses);
            const [ipv6] = await valueOf(c.ipv6Addresses);
            assert.match(ipv4, /^10\.0\.1\.\d+$/);
            assert.match(ipv6, /^fd00:10::/);
            const script = await valueOf(c.hairpinWorkaround);
            assert.ok(script.includes(`hacluster_hairpin 4 ${ipv4} tcp 6443 6443 # apiserver`));
            assert.ok(script.includes(`hacluster_hairpin 6 ${ipv6} tcp 443 443 # ingress-https`));
            assert.strictEqual(await valueOf(c.apiserverUrl), `https://${ipv4}:6443`);
            assert.deepStrictEqual(await valueOf(c.publicIpIds), []);
        });

        it("leaves the hairpin fix empty when public", async () => {
            const { c } = await cluster(typhoon);
            assert.strictEqual(await valueOf(c.hairpinWorkaround), "");
        });

        it("rejects internal without subnetId before registering anything", () => {
            assert.throws(
                () => new AzureHaCluster("bad", { resourceGroupName: RG, scheme: "internal" }),
                /subnetId: is required when scheme is internal/,
            );
        });
    });

    describe("outputs", () => {
        it("resolves every output of the schema", async () => {
            const { c } = await cluster({
                ...typhoon,
                dnsLabel: "typhoon-k8s",
                location: "westeurope",
            });
            assert.strictEqual(
                await valueOf(c.dnsName),
                "typhoon-k8s.westeurope.cloudapp.azure.com",
            );
            assert.strictEqual(
                await valueOf(c.apiserverUrl),
                "https://typhoon-k8s.westeurope.cloudapp.azure.com:6443",
            );
            assert.match((await valueOf(c.ipv4Addresses))[0], /^203\.0\.113\.\d+$/);
            assert.match((await valueOf(c.ipv6Addresses))[0], /^2001:db8::/);
            assert.strictEqual(await valueOf(c.loadBalancerId), "demo-lb-id");
            const pool = (name: string) =>
                `${armId("loadBalancers", "typhoon-lb")}/backendAddressPools/${name}`;
            assert.deepStrictEqual(await valueOf(c.backendAddressPoolIds), {
                controllersIpv4: pool("controllers-ipv4"),
                controllersIpv6: pool("controllers-ipv6"),
                workersIpv4: pool("workers-ipv4"),
                workersIpv6: pool("workers-ipv6"),
                outboundIpv4: pool("outbound-ipv4"),
                outboundIpv6: pool("outbound-ipv6"),
            });
            assert.deepStrictEqual(await valueOf(c.publicIpIds), [
                "demo-lb-ipv4-id",
                "demo-lb-ipv6-id",
            ]);
            assert.deepStrictEqual(await valueOf(c.networkSecurityGroupIds), {
                controllers: "demo-controllers-nsg-id",
                workers: "demo-workers-nsg-id",
            });
            assert.strictEqual(await valueOf(c.networkSecurityGroupId), "demo-controllers-nsg-id");
            assert.strictEqual(await valueOf(c.routeTableId), "");
        });

        it("uses the IPv4 frontend address without dnsLabel, and has no worker pools without worker frontends", async () => {
            const { r, c } = await cluster({ zones: ["1", "2", "3"] });
            assert.strictEqual(await valueOf(c.dnsName), "");
            assert.match(await valueOf(c.apiserverUrl), /^https:\/\/203\.0\.113\.\d+:6443$/);
            assert.deepStrictEqual(Object.keys(await valueOf(c.backendAddressPoolIds)).sort(), [
                "controllersIpv4",
                "outboundIpv4",
            ]);
            assert.deepStrictEqual(r.ofType(T.publicIp)[0].inputs.zones, ["1", "2", "3"]);
        });
    });
});
