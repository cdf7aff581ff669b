// The Google Cloud plan: one row per GCP-specific invalid input (path and message), then the
// pure pieces the gcp folder relies on.
import * as assert from "assert";
import fc from "fast-check";
import { gcpInventory, GcpPlan, planGcp } from "../../provider/src/model/gcp";
import { gcpHairpinScript } from "../../provider/src/model/gcp/hairpin";
import { gcpInstanceGroups } from "../../provider/src/model/gcp/targets";
import { isValidCloudName } from "../../provider/src/model/naming";
import { unknown } from "../../provider/src/model/unknown";
import { assertProblem, ProblemRow } from "../support/problemRows";
import { clusterArgsArb } from "./arbitraries";
import { PLANNERS } from "./clouds";

const base = { region: "us-central1", network: "kurl-vpc" };
const subnetwork = "nodes";
const link = (zone: string, name: string) =>
    `https://www.googleapis.com/compute/v1/projects/p/zones/${zone}/instances/${name}`;
const route = (extra: Record<string, unknown>) => ({
    routes: [{ name: "r", destRange: "10.9.0.0/16", nextHopIp: "10.0.0.5", ...extra }],
});
const proxy = { mode: "proxy" };

const GCP_ROWS: ProblemRow[] = [
    { why: "no region", args: { region: undefined }, path: "region", message: /is required/ },
    {
        why: "a zone for the region",
        args: { region: "us-central1-a" },
        path: "region",
        message: /"us-central1-a" is not a Google Cloud region/,
    },
    { why: "no network", args: { network: undefined }, path: "network", message: /is required/ },
    {
        why: "unknown mode",
        args: { mode: "regional" },
        path: "mode",
        message: /"regional" is not allowed/,
        fix: /"passthrough", "proxy"/,
    },
    {
        why: "unknown network tier",
        args: { networkTier: "GOLD" },
        path: "networkTier",
        message: /"GOLD" is not allowed/,
    },
    {
        why: "IPv6 on Standard Tier",
        args: { networkTier: "STANDARD", ipv6: true, subnetwork },
        path: "networkTier",
        message: /IPv6 frontends are Premium Tier only/,
    },
    {
        why: "proxy on Standard Tier",
        args: { ...proxy, networkTier: "STANDARD" },
        path: "networkTier",
        message: /proxy load balancer is Premium Tier only/,
    },
    {
        why: "a tier on internal frontends",
        args: { scheme: "internal", subnetwork, networkTier: "STANDARD" },
        path: "networkTier",
        message: /internal frontends have no network tier/,
    },
    {
        why: "internal proxy",
        args: { ...proxy, scheme: "internal", subnetwork },
        path: "scheme",
        message: /has no internal frontends/,
        fix: /mode "passthrough"/,
    },
    {
        why: "UDP through the proxy",
        args: { ...proxy, services: [{ name: "dns", port: 53, protocol: "UDP" }] },
        path: "services[0].protocol",
        message: /mode "proxy" carries TCP only/,
    },
    {
        why: "an idle timeout a passthrough load balancer cannot honour",
        args: { services: [{ name: "app", port: 3333, idleTimeoutSeconds: 300 }] },
        path: "services[0].idleTimeoutSeconds",
        message: /300 cannot be honoured: a passthrough load balancer has no idle timeout/,
        fix: /set it to 600 or leave it out, or use mode: proxy/,
    },
    {
        why: "a proxied apiserver that shuts out the nodes",
        args: { ...proxy, apiserver: { allowedCidrs: ["203.0.113.0/24"] } },
        path: "apiserver.allowedCidrs",
        message: /so the kubelets/,
        fix: /nodeSourceCidrs/,
    },
    {
        why: "a public apiserver that shuts out the nodes",
        args: { apiserver: { allowedCidrs: ["203.0.113.0/24"] } },
        path: "apiserver.allowedCidrs",
        message: /so the kubelets/,
        fix: /nodeSourceCidrs/,
    },
    {
        why: "an apiserver restricted to IPv6 ranges only, while apiserverUrl is the IPv4 address",
        args: { ipv6: true, subnetwork, apiserver: { allowedCidrs: ["2001:db8:1::/48"] } },
        path: "apiserver.allowedCidrs",
        message: /admits no IPv4 client \(only 2001:db8:1::\/48\)/,
        fix: /nodeSourceCidrs \(their IPv4 ones\)/,
    },
    {
        why: "apiserver port remap",
        args: { apiserver: { port: 443, targetPort: 6443 } },
        path: "apiserver.targetPort",
        message: /6443 differs from the frontend port 443/,
        fix: /mode: proxy/,
    },
    {
        why: "ingress port remap",
        args: { ingress: { httpsTargetPort: 30443 } },
        path: "ingress.httpsTargetPort",
        message: /30443 differs from the frontend port 443/,
        fix: /mode: proxy/,
    },
    {
        why: "internal without subnetwork",
        args: { scheme: "internal" },
        path: "subnetwork",
        message: /is required for an internal load balancer/,
    },
    {
        why: "passthrough IPv6 without subnetwork",
        args: { ipv6: true },
        path: "subnetwork",
        message: /is required for IPv6 frontends in passthrough mode/,
    },
    {
        why: "11 forwarding rules on the workers' internal address",
        args: {
            scheme: "internal",
            subnetwork,
            ingress: {},
            services: Array.from({ length: 10 }, (_, i) => ({ name: `s${i}`, port: 3000 + i })),
        },
        path: "services",
        message:
            /11 forwarding rules would share the workers' internal address, and Google Cloud allows at most 10/,
    },
    {
        why: "a partial instance link",
        args: { controllers: { instances: ["zones/us-central1-a/instances/c0"] } },
        path: "controllers.instances[0]",
        message: /is not an instance self link/,
    },
    {
        why: "an instance outside the region",
        args: {
            controllers: { instances: [link("us-central1-a", "c0"), link("europe-west4-a", "c1")] },
        },
        path: "controllers.instances[1]",
        message: /zone europe-west4-a, outside region us-central1/,
        fix: /mode proxy/,
    },
    {
        why: "an instance listed twice",
        args: {
            workers: { instances: [link("us-central1-a", "w0"), link("us-central1-a", "w0")] },
        },
        path: "workers.instances[1]",
        message: /is also workers.instances\[0\]/,
    },
    {
        why: "an instance in both roles",
        args: {
            controllers: { instances: [link("us-central1-a", "n0")] },
            workers: { instances: [link("us-central1-a", "n0")] },
        },
        path: "workers.instances[0]",
        message: /only one load-balanced instance group/,
    },
    {
        why: "an instance group manager",
        args: {
            workers: {
                instanceGroups: [
                    "https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instanceGroupManagers/workers",
                ],
            },
        },
        path: "workers.instanceGroups[0]",
        message: /is an instance group manager/,
        fix: /instanceGroup output/,
    },
    {
        why: "a partial instance group link",
        args: { controllers: { instanceGroups: ["zones/us-central1-a/instanceGroups/cp"] } },
        path: "controllers.instanceGroups[0]",
        message: /is not an instance group self link/,
    },
    {
        why: "no controller tags",
        args: { controllerTags: [] },
        path: "controllerTags",
        message: /is empty/,
    },
    {
        why: "a tag with capitals",
        args: { workerTags: ["Workers"] },
        path: "workerTags[0]",
        message: /"Workers" is not a network tag/,
    },
    {
        why: "a label key with capitals",
        args: { tags: { Team: "core" } },
        path: "tags.Team",
        message: /"Team" is not a Google Cloud label key/,
    },
    {
        why: "a label value with punctuation",
        args: { tags: { env: "Prod!" } },
        path: "tags.env",
        message: /"Prod!" is not a Google Cloud label value/,
    },
    {
        why: "65 labels",
        args: { tags: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`l${i}`, "x"])) },
        path: "tags",
        message: /65 labels exceed the Google Cloud limit of 64/,
    },
    {
        why: "route without name",
        args: route({ name: undefined }),
        path: "routes[0].name",
        message: /is required/,
    },
    {
        why: "route name with an underscore",
        args: route({ name: "on_prem" }),
        path: "routes[0].name",
        message: /"on_prem" is not a lowercase DNS label/,
    },
    {
        why: "two routes with one name",
        args: {
            routes: [
                route({}).routes[0],
                { name: "r", destRange: "10.8.0.0/16", nextHopGateway: "default-internet-gateway" },
            ],
        },
        path: "routes[1].name",
        message: /"r" is also the name of routes\[0\]/,
    },
    {
        why: "route to a non-CIDR",
        args: route({ destRange: "everywhere" }),
        path: "routes[0].destRange",
        message: /is not a CIDR/,
    },
    {
        why: "route without next hop",
        args: route({ nextHopIp: undefined }),
        path: "routes[0]",
        message: /has no next hop/,
        fix: /exactly one of nextHopIp, nextHopInstance, nextHopGateway, nextHopIlb/,
    },
    {
        why: "route with two next hops",
        args: route({ nextHopIlb: "10.0.0.9" }),
        path: "routes[0]",
        message: /has 2 next hops \(nextHopIp, nextHopIlb\)/,
    },
    {
        why: "route priority over 65535",
        args: route({ priority: 70000 }),
        path: "routes[0].priority",
        message: /70000 is not a route priority \(0-65535\)/,
    },
    {
        why: "next hop IP that is a name",
        args: route({ nextHopIp: "nat-gw" }),
        path: "routes[0].nextHopIp",
        message: /"nat-gw" is not an IP address/,
    },
    {
        why: "next hop gateway other than the internet's",
        args: route({ nextHopIp: undefined, nextHopGateway: "vpn-gw" }),
        path: "routes[0].nextHopGateway",
        message: /is not the internet gateway/,
    },
    {
        why: "next hop instance by name",
        args: route({ nextHopIp: undefined, nextHopInstance: "nat-vm" }),
        path: "routes[0].nextHopInstance",
        message: /is not an instance self link/,
    },
    {
        why: "route tag with capitals",
        args: route({ tags: ["NAT"] }),
        path: "routes[0].tags[0]",
        message: /"NAT" is not a network tag/,
    },
    {
        why: "interval over Google's range",
        args: { apiserver: { healthCheck: { intervalSeconds: 301 } } },
        path: "apiserver.healthCheck.intervalSeconds",
        message: /not a health-check interval \(1-300 seconds\)/,
    },
    {
        why: "threshold over Google's range",
        args: { apiserver: { healthCheck: { healthyThreshold: 11 } } },
        path: "apiserver.healthCheck.healthyThreshold",
        message: /not a health-check threshold \(1-10\)/,
    },
];

function plan(args: Record<string, unknown>) {
    return planGcp({ ...base, ...args }, "demo");
}

function planned(args: Record<string, unknown>): GcpPlan {
    const result = plan(args);
    assert.deepStrictEqual(result.problems, []);
    return result.plan!;
}

describe("Google Cloud plan", () => {
    describe("validation: one row per invalid input", () => {
        for (const row of GCP_ROWS) {
            it(`${row.why} -> ${row.path}`, () => {
                const result = plan(row.args);
                assert.strictEqual(result.plan, undefined, "an invalid input must not be planned");
                assertProblem(result.problems, row);
            });
        }

        it("accepts 10 forwarding rules per role on an internal address, 20 in all", () => {
            const services = (backend: string, n: number) =>
                Array.from({ length: n }, (_, i) => ({
                    name: `${backend[0]}${i}`,
                    port: (backend === "workers" ? 3000 : 4000) + i,
                    backend,
                }));
            const p = planned({
                scheme: "internal",
                subnetwork,
                ingress: {},
                services: [...services("workers", 9), ...services("controllers", 9)],
            });
            assert.strictEqual(p.forwardingRules.length, 20);
            assert.deepStrictEqual(
                p.addresses.map((a) => a.key),
                ["controllers-ipv4", "workers-ipv4"],
            );
        });

        it("judges each family on its own: IPv6 restricted, IPv4 open needs no IPv6 node sources (apiserverUrl is IPv4)", () => {
            const result = plan({
                ipv6: true,
                subnetwork,
                apiserver: { allowedCidrs: ["0.0.0.0/0", "2001:db8:1::/48"] },
            });
            assert.deepStrictEqual(result.problems, []);
        });

        it("accepts unknown references during preview", () => {
            const pending = unknown(Promise.resolve("later"));
            const result = planGcp(
                {
                    region: pending,
                    network: pending,
                    subnetwork: pending,
                    scheme: "internal",
                    controllers: {
                        instances: [pending, link("us-central1-a", "c0")],
                        instanceGroups: pending,
                    },
                    workers: { instances: pending },
                    controllerTags: pending,
                    tags: { team: pending },
                    routes: [{ name: "r", destRange: "10.9.0.0/16", nextHopInstance: pending }],
                },
                "demo",
            );
            assert.deepStrictEqual(result.problems, []);
            // The same value, with the reader's rule for it once known.
            assert.deepStrictEqual(result.plan?.routes[0].nextHopValue, {
                ...pending,
                expect: { path: "routes[0].nextHopInstance", kind: "ref" },
            });
        });
    });

    describe("addresses per role (passthrough)", () => {
        it("puts every forwarding rule on the address of its backend's role, so no address serves two roles (100 runs)", () => {
            const p = PLANNERS.find((x) => x.cloud === "gcp (passthrough)")!;
            fc.assert(
                fc.property(clusterArgsArb, (args) => {
                    const plan = p.plan({ ...p.base, ...p.adapt(args) }, "hc").plan as GcpPlan;
                    const byKey = new Map(plan.addresses.map((a) => [a.key, a]));
                    for (const fr of plan.forwardingRules) {
                        const address = byKey.get(fr.address)!;
                        const backend = plan.backendServices.find(
                            (b) => b.key === fr.backendService,
                        )!;
                        assert.deepStrictEqual(
                            [address.role, address.family],
                            [backend.role, fr.family],
                            fr.logicalName,
                        );
                    }
                    const roles = new Set(plan.backendServices.map((b) => b.role));
                    // A role's families are those its frontends serve (per-frontend ipv6).
                    const familiesOf = (role: string) =>
                        plan.cluster.families.filter((f) =>
                            plan.cluster.frontends.some(
                                (x) => x.backend === role && x.families.includes(f),
                            ),
                        );
                    assert.deepStrictEqual(
                        plan.addresses.map((a) => a.key),
                        [...roles]
                            .sort()
                            .flatMap((role) => familiesOf(role).map((f) => `${role}-${f}`)),
                    );
                }),
                { numRuns: 100 },
            );
        });
    });

    describe("instance groups", () => {
        it("groups a role's instances by the zone of their self links, members sorted", () => {
            const p = planned({});
            const { groups, problems } = gcpInstanceGroups(p, "workers", [
                link("us-central1-b", "w2"),
                link("us-central1-a", "w1"),
                link("us-central1-b", "w0"),
            ]);
            assert.deepStrictEqual(problems, []);
            assert.deepStrictEqual(groups, [
                {
                    key: "workers-us-central1-a",
                    logicalName: "demo-workers-us-central1-a",
                    name: "demo-workers-us-central1-a",
                    zone: "us-central1-a",
                    instances: [link("us-central1-a", "w1")],
                },
                {
                    key: "workers-us-central1-b",
                    logicalName: "demo-workers-us-central1-b",
                    name: "demo-workers-us-central1-b",
                    zone: "us-central1-b",
                    instances: [link("us-central1-b", "w0"), link("us-central1-b", "w2")],
                },
            ]);
        });

        it("checks self links that were outputs once they are known", () => {
            const { groups, problems } = gcpInstanceGroups(planned({}), "controllers", [
                link("us-central1-a", "c0"),
                "c1",
            ]);
            assert.deepStrictEqual(groups, []);
            assert.deepStrictEqual(
                problems.map((p) => [p.path, p.message]),
                [["controllers.instances[1]", '"c1" is not an instance self link']],
            );
        });

        it("takes instances from any region in proxy mode, whose backend services are global", () => {
            const { problems } = gcpInstanceGroups(planned(proxy), "controllers", [
                link("europe-west4-a", "c0"),
            ]);
            assert.deepStrictEqual(problems, []);
        });
    });

    describe("health checks", () => {
        it("keeps Google's 5-second default timeout within a shorter interval", () => {
            const p = planned({
                apiserver: { healthCheck: { intervalSeconds: 2 } },
                ingress: { healthCheck: { timeoutSeconds: 8, intervalSeconds: 20 } },
            });
            assert.deepStrictEqual(
                p.healthChecks.map((h) => [h.key, h.timeoutSeconds]),
                [
                    ["apiserver", 2],
                    ["ingress", 8],
                ],
            );
            assert.strictEqual(planned({}).healthChecks[0].timeoutSeconds, 5);
        });
    });

    describe("hairpin workaround", () => {
        const script = gcpHairpinScript([
            { role: "controllers", family: "ipv4", address: "203.0.113.7" },
            { role: "controllers", family: "ipv6", address: "2001:db8::8000:0:0" },
            { role: "workers", family: "ipv4", address: "203.0.113.8" },
        ]);
        const caseOf = (role: string) =>
            script.slice(
                script.indexOf(`  ${role})`),
                script.indexOf(";;", script.indexOf(`  ${role})`)),
            );

        it("aliases each role's addresses only on that role's nodes, with idempotent commands", () => {
            assert.deepStrictEqual(caseOf("controllers").split("\n").slice(1, 3), [
                '    ip address replace 203.0.113.7/32 dev "$dev"',
                '    ip -6 address replace 2001:db8::8000:0:0/128 dev "$dev" nodad',
            ]);
            assert.deepStrictEqual(caseOf("workers").split("\n").slice(1, 2), [
                '    ip address replace 203.0.113.8/32 dev "$dev"',
            ]);
            assert.ok(
                !caseOf("workers").includes("203.0.113.7"),
                "a worker must reach the apiserver through the load balancer",
            );
        });

        it("refuses to run without root or without HACLUSTER_ROLES", () => {
            assert.match(
                script,
                /if \[ "\$\(id -u\)" != 0 \]; then echo "hacluster: the hairpin workaround must run as root" >&2; exit 1; fi/,
            );
            assert.match(
                script,
                /\$\{HACLUSTER_ROLES:\?set HACLUSTER_ROLES to controllers, workers or both\}/,
            );
        });
    });

    describe("inventory", () => {
        it("names everything within Google Cloud's rules, shortening long cluster names", () => {
            const p = planned({
                clusterName: `k8s-${"x".repeat(70)}`,
                ipv6: true,
                subnetwork,
                ingress: {},
                services: [{ name: `svc-${"y".repeat(55)}`, port: 3333 }],
                controllers: { instances: [link("us-central1-a", "c0")] },
                routes: [
                    {
                        name: "egress",
                        destRange: "0.0.0.0/0",
                        nextHopGateway: "default-internet-gateway",
                    },
                ],
            });
            const inv = gcpInventory(p);
            assert.deepStrictEqual(
                [...new Set(inv.names.map((n) => n.kind))],
                [
                    "address",
                    "health check",
                    "backend service",
                    "forwarding rule",
                    "instance group",
                    "firewall rule",
                    "route",
                ],
            );
            const armored = planned({
                ...proxy,
                clusterName: `k8s-${"x".repeat(70)}`,
                apiserver: { allowedCidrs: ["192.0.2.0/24"] },
                nodeSourceCidrs: ["198.51.100.7/32"],
            });
            const policies = gcpInventory(armored).names.filter(
                (n) => n.kind === "security policy",
            );
            assert.deepStrictEqual(
                policies.map((n) => n.logicalName),
                ["demo-apiserver-armor"],
            );
            assert.ok(
                isValidCloudName(policies[0].rule!, policies[0].cloudName!),
                policies[0].cloudName,
            );
            for (const n of inv.names)
                assert.ok(isValidCloudName(n.rule!, n.cloudName!), `${n.kind} ${n.cloudName}`);
            assert.strictEqual(new Set(inv.names.map((n) => n.logicalName)).size, inv.names.length);
        });

        it("opens client CIDRs only on traffic ports and Google's ranges, listed as cloud sources", () => {
            const inv = gcpInventory(
                planned({
                    ipv6: true,
                    subnetwork,
                    ingress: { allowedCidrs: ["192.0.2.0/24", "2001:db8::/32"] },
                }),
            );
            assert.deepStrictEqual(inv.cloudSources, [
                "35.191.0.0/16",
                "209.85.152.0/22",
                "209.85.204.0/22",
                "2600:1901:8001::/48",
            ]);
            const ingress = inv.openings.filter((o) => o.logicalName.startsWith("demo-ingress-"));
            assert.deepStrictEqual(
                ingress.map((o) => [o.logicalName, o.ports, o.sources]),
                [
                    ["demo-ingress-clients-ipv4-fw", [80, 443], ["192.0.2.0/24"]],
                    [
                        "demo-ingress-health-ipv4-fw",
                        [10254],
                        ["35.191.0.0/16", "209.85.152.0/22", "209.85.204.0/22"],
                    ],
                    ["demo-ingress-clients-ipv6-fw", [80, 443], ["2001:db8::/32"]],
                    ["demo-ingress-health-ipv6-fw", [10254], ["2600:1901:8001::/48"]],
                ],
            );
        });
    });
});
