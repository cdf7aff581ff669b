// GcpHaCluster under Pulumi's mock runtime: routes, update safety, outputs, preview with
// unknown self links.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { GcpHaClusterArgs, GcpRouteArgs, ServiceArgs } from "../../provider/src/generated/types";
import { deployErrors, Registered, valueOf } from "../support/harness";
import { list, objs, str } from "../support/inputs";
import { cluster, instance, kurl, kurlControllers, one, T } from "./fixtures";

const routes: GcpRouteArgs[] = [
    {
        name: "on-prem",
        destRange: "192.168.0.0/16",
        nextHopIp: "10.128.0.5",
        priority: 900,
        tags: ["kurl-worker"],
    },
    { name: "egress-v6", destRange: "2001:db8:1::/48", nextHopGateway: "default-internet-gateway" },
];

describe("GcpHaCluster", () => {
    describe("routes", () => {
        it("adds a route per entry, named by the route's name, with its one next hop", async () => {
            const { r, c } = await cluster({ ...kurl, routes });
            const onPrem = one(r, T.route, "demo-route-on-prem");
            assert.deepStrictEqual(onPrem.inputs, {
                name: "kurl-on-prem",
                network: "kurl-vpc",
                destRange: "192.168.0.0/16",
                priority: 900,
                tags: ["kurl-worker"],
                nextHopIp: "10.128.0.5",
            });
            const egress = one(r, T.route, "demo-route-egress-v6");
            assert.deepStrictEqual(
                [
                    egress.inputs.name,
                    egress.inputs.destRange,
                    egress.inputs.priority,
                    egress.inputs.nextHopGateway,
                    egress.inputs.tags,
                ],
                ["kurl-egress-v6", "2001:db8:1::/48", 1000, "default-internet-gateway", undefined],
            );
            assert.deepStrictEqual(await valueOf(c.routeIds), {
                "on-prem": "demo-route-on-prem-id",
                "egress-v6": "demo-route-egress-v6-id",
            });
        });

        it("refuses a route with no next hop or with two", () => {
            assert.throws(
                () =>
                    new GcpHaCluster("bad", {
                        ...kurl,
                        routes: [{ name: "r", destRange: "10.9.0.0/16" }],
                    }),
                /routes\[0\]: has no next hop/,
            );
            assert.throws(
                () =>
                    new GcpHaCluster("bad", {
                        ...kurl,
                        routes: [
                            {
                                name: "r",
                                destRange: "10.9.0.0/16",
                                nextHopIp: "10.0.0.5",
                                nextHopGateway: "default-internet-gateway",
                            },
                        ],
                    }),
                /routes\[0\]: has 2 next hops \(nextHopIp, nextHopGateway\)/,
            );
        });
    });

    describe("update safety", () => {
        const services: ServiceArgs[] = [
            { name: "some-app", port: 30333 },
            { name: "dns", port: 53, protocol: "UDP", healthCheck: { port: 8053 } },
        ];
        const base: GcpHaClusterArgs = { ...kurl, services, routes: [routes[0]] };
        const addedInstance = instance("us-central1-b", "primary-3");
        const edits: [string, GcpHaClusterArgs][] = [
            [
                "a service added",
                {
                    ...base,
                    services: [
                        ...services,
                        { name: "metrics", port: 9100, backend: "controllers" },
                    ],
                },
            ],
            ["services reordered", { ...base, services: [...services].reverse() }],
            [
                "an instance added",
                { ...base, controllers: { instances: [...kurlControllers, addedInstance] } },
            ],
            [
                "instances reordered",
                { ...base, controllers: { instances: [...kurlControllers].reverse() } },
            ],
            ["a route added", { ...base, routes }],
            ["a service removed", { ...base, services: [services[1]] }],
        ];
        const key = (x: Registered) => `${x.type}::${x.name}`;
        // The unedited cluster, planned once for every edit.
        let baseResources: Registered[];
        before(async () => {
            baseResources = (await cluster(base)).r.resources;
        });
        for (const [edit, args] of edits) {
            it(`keeps every other resource's name and inputs with ${edit}`, async () => {
                const before = baseResources;
                const after = new Map(
                    (await cluster(args)).r.resources.map((x) => [key(x), x.inputs]),
                );
                for (const x of before) {
                    // The component itself records its address holders (model/holders.ts).
                    if (x.type.startsWith("hacluster:")) continue;
                    if (edit === "a service removed" && x.name.includes("some-app")) continue;
                    const inputs = after.get(key(x));
                    if (
                        edit === "an instance added" &&
                        x.name === "demo-controllers-us-central1-b"
                    ) {
                        // The only change: an in-place addition to the zone group's member list.
                        assert.deepStrictEqual(
                            { ...inputs, instances: x.inputs.instances },
                            x.inputs,
                        );
                        assert.deepStrictEqual(inputs!.instances, [
                            ...list(x.inputs, "instances"),
                            addedInstance,
                        ]);
                        continue;
                    }
                    assert.deepStrictEqual(inputs, x.inputs, `${key(x)} kept`);
                }
                assert.ok(
                    before.some((x) => x.type === T.address) &&
                        before.filter((x) => x.type === T.address).every((x) => after.has(key(x))),
                    "the address stays",
                );
            });
        }

        it("joins control-plane members one at a time: growing from one controller to three only adds members and zone groups", async () => {
            // kURL: on Google Cloud, control-plane nodes join one at a time behind the load
            // balancer (https://kurl.sh/docs/install-with-kurl/public-cloud-load-balancing).
            const first = instance("us-central1-a", "primary-0");
            const joined = [
                first,
                instance("us-central1-b", "primary-1"),
                instance("us-central1-c", "primary-2"),
            ];
            const single: GcpHaClusterArgs = { ...kurl, controllers: { instances: [first] } };
            const before = (await cluster(single)).r.resources;
            const afterList = (await cluster({ ...single, controllers: { instances: joined } })).r
                .resources;
            const after = new Map(afterList.map((x) => [key(x), x.inputs]));
            for (const x of before) {
                if (x.type.startsWith("hacluster:")) continue; // model/holders.ts
                const inputs = after.get(key(x))!;
                if (x.name === "demo-apiserver-backend") {
                    // In place: a backend service's backends are updatable.
                    assert.deepStrictEqual({ ...inputs, backends: x.inputs.backends }, x.inputs);
                    assert.deepStrictEqual(
                        objs(inputs, "backends").map((b) => str(b, "group").split("/").pop()),
                        [
                            "kurl-controllers-us-central1-a",
                            "kurl-controllers-us-central1-b",
                            "kurl-controllers-us-central1-c",
                        ],
                    );
                } else {
                    assert.deepStrictEqual(inputs, x.inputs, `${key(x)} kept`);
                }
            }
            const added = afterList.filter((x) => !before.some((b) => key(b) === key(x)));
            assert.deepStrictEqual(
                added.map((x) => [x.name, x.inputs.instances]),
                [
                    ["demo-controllers-us-central1-b", [joined[1]]],
                    ["demo-controllers-us-central1-c", [joined[2]]],
                ],
                "only the new zones' groups are new",
            );
        });

        it("changes only the workers' named ports, in place, when a service is added in proxy mode", async () => {
            const someApp: ServiceArgs = { name: "some-app", port: 3333, targetPort: 30333 };
            const proxy: GcpHaClusterArgs = {
                ...kurl,
                mode: "proxy",
                networkTier: undefined,
                apiserver: {},
                services: [someApp],
            };
            const before = (await cluster(proxy)).r.resources;
            const after = new Map(
                (
                    await cluster({
                        ...proxy,
                        services: [someApp, { name: "web", port: 8080, targetPort: 30080 }],
                    })
                ).r.resources.map((x) => [key(x), x.inputs]),
            );
            for (const x of before) {
                if (x.type.startsWith("hacluster:")) continue; // model/holders.ts
                const inputs = after.get(key(x))!;
                if (x.name.startsWith("demo-workers-")) {
                    assert.deepStrictEqual(
                        { ...inputs, namedPorts: x.inputs.namedPorts },
                        x.inputs,
                    );
                    assert.deepStrictEqual(inputs.namedPorts, [
                        ...list(x.inputs, "namedPorts"),
                        { name: "svc-web", port: 30080 },
                    ]);
                } else {
                    assert.deepStrictEqual(inputs, x.inputs, `${key(x)} kept`);
                }
            }
        });
    });

    describe("outputs", () => {
        it("resolves every output of the schema, keyed by role and name", async () => {
            const { c } = await cluster({
                ...kurl,
                services: [{ name: "some-app", port: 30333 }],
                routes: [routes[0]],
            });
            const [ipv4] = await valueOf(c.ipv4Addresses);
            assert.match(ipv4, /^203\.0\.113\.\d+$/);
            assert.strictEqual(await valueOf(c.apiserverUrl), `https://${ipv4}:6443`);
            assert.deepStrictEqual(await valueOf(c.ipv6Addresses), []);
            assert.strictEqual(await valueOf(c.dnsName), "");
            assert.strictEqual(await valueOf(c.loadBalancerId), "demo-apiserver-backend-id");
            assert.match(
                await valueOf(c.hairpinWorkaround),
                new RegExp(`ip address replace ${ipv4.replace(/\./g, "\\.")}/32`),
            );
            assert.deepStrictEqual(await valueOf(c.backendServiceIds), {
                apiserver: "demo-apiserver-backend-id",
                ingress: "demo-ingress-backend-id",
                "svc-some-app": "demo-svc-some-app-backend-id",
            });
            assert.deepStrictEqual(Object.keys(await valueOf(c.forwardingRuleIds)).sort(), [
                "apiserver-ipv4",
                "ingress-ipv4",
                "svc-some-app-ipv4",
            ]);
            assert.deepStrictEqual(Object.keys(await valueOf(c.healthCheckIds)).sort(), [
                "apiserver",
                "ingress",
                "svc-some-app",
            ]);
            assert.deepStrictEqual(Object.keys(await valueOf(c.instanceGroupIds)).sort(), [
                "controllers-us-central1-a",
                "controllers-us-central1-b",
                "workers-us-central1-a",
                "workers-us-central1-c",
            ]);
            assert.deepStrictEqual(Object.keys(await valueOf(c.firewallIds)).sort(), [
                "apiserver-clients-ipv4",
                "apiserver-health-ipv4",
                "ingress-clients-ipv4",
                "ingress-health-ipv4",
                "svc-some-app-clients-ipv4",
                "svc-some-app-health-ipv4",
            ]);
            assert.deepStrictEqual(await valueOf(c.routeIds), {
                "on-prem": "demo-route-on-prem-id",
            });
        });

        it("uses the given instance groups as backends as they are", async () => {
            const group =
                "https://www.googleapis.com/compute/v1/projects/demo-project/zones/us-central1-f/instanceGroups/workers-mig";
            const { r } = await cluster({ ...kurl, workers: { instanceGroups: [group] } });
            assert.deepStrictEqual(
                one(r, T.backendService, "demo-ingress-backend").inputs.backends,
                [{ group, balancingMode: "CONNECTION" }],
            );
            assert.ok(!r.ofType(T.instanceGroup).some((g) => g.name.startsWith("demo-workers-")));
        });
    });

    describe("deploy-time values, checked once known (issue 17, defect 14)", () => {
        it("names the path of a network, an instance and an instance group that resolve to undefined", async () => {
            const nothing = <V>() => pulumi.output(undefined as unknown as V);
            const build = (args: GcpHaClusterArgs) =>
                deployErrors(() => new GcpHaCluster("demo", args));
            const network = await build({ ...kurl, network: nothing<string>() });
            assert.match(
                network.errors.join("\n"),
                /GcpHaCluster "demo" has 1 invalid input:\n {2}- network: has no value once known/,
            );
            assert.deepStrictEqual(
                network.recorder.ofType(T.firewall),
                [],
                "no firewall rule without its network",
            );
            const instances = await build({
                ...kurl,
                workers: { instances: [instance("us-central1-a", "worker-0"), nothing<string>()] },
            });
            assert.match(
                instances.errors.join("\n"),
                /- workers\.instances\[1\]: has no value once known/,
            );
            const groups = await build({
                ...kurl,
                workers: { instanceGroups: nothing<string[]>() },
            });
            assert.match(
                groups.errors.join("\n"),
                /- workers\.instanceGroups: has no value once known/,
            );
        });
    });

    describe("preview with unknown values", () => {
        it("keeps the groups of known instances while a new instance's self link is pending", async () => {
            const pending = <V>() => pulumi.output(pulumi.unknown as unknown as V);
            const { r } = await cluster(
                {
                    ...kurl,
                    network: pending<string>(),
                    controllers: {
                        instances: [pending<string>(), instance("us-central1-a", "primary-0")],
                    },
                    workers: { instances: pending<string[]>() },
                },
                true,
            );
            const groups = r.ofType(T.instanceGroup);
            assert.deepStrictEqual(
                groups.map((g) => [g.name, g.inputs.zone]),
                [["demo-controllers-us-central1-a", "us-central1-a"]],
                "no group under a guessed zone",
            );
            assert.ok(
                pulumi.isUnknown(groups[0].inputs.instances),
                "members follow once every self link is known",
            );
            assert.strictEqual(r.ofType(T.backendService).length, 2);
            assert.strictEqual(r.ofType(T.forwardingRule).length, 2);
            assert.strictEqual(r.ofType(T.firewall).length, 4);
        });
    });
});
