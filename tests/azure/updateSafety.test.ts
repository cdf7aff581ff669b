// Edits that must leave what exists alone: every resource keeps its name and inputs, except
// the load balancer's in-place additions to its lists; the public IPs are never replaced.
// Plus preview with values that are only known at deployment.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import {
    AzureHaClusterArgs,
    AzureRouteArgs,
    ServiceArgs,
} from "../../provider/src/generated/types";
import { Recorder, Registered } from "../support/harness";
import { objs } from "../support/inputs";
import { cluster, LoadBalancerView, RG, T, VNET } from "./support";

const baseServices: ServiceArgs[] = [
    { name: "some-app", port: 3333, targetPort: 30333 },
    { name: "dns", port: 53, protocol: "UDP", backend: "controllers", healthCheck: { port: 8053 } },
];
const baseRoutes: AzureRouteArgs[] = [
    {
        name: "to-firewall",
        addressPrefix: "0.0.0.0/0",
        nextHopType: "VirtualAppliance",
        nextHopIpAddress: "10.0.9.4",
    },
];
const base: Partial<AzureHaClusterArgs> = {
    clusterName: "typhoon",
    ipv6: true,
    ingress: {},
    virtualNetworkId: VNET,
    controllers: { ipAddresses: ["10.0.0.4", "fd00::4"] },
    services: baseServices,
    routes: baseRoutes,
};

const LISTS = [
    "frontendIPConfigurations",
    "backendAddressPools",
    "probes",
    "loadBalancingRules",
    "outboundRules",
];

type Inputs = Record<string, unknown>;
/** An entry of a load balancer's list; a pool's has members. */
type Entry = { name: string; loadBalancerBackendAddresses?: Entry[] } & Inputs;
const entries = (x: Inputs, list: string) => (x[list] ?? []) as Entry[];

/** Every entry of `before` is in `after` as it was; pools may only gain members. */
function assertLoadBalancerGrew(before: Inputs, after: Inputs): void {
    const rest = (x: Inputs) =>
        Object.fromEntries(Object.entries(x).filter(([k]) => !LISTS.includes(k)));
    assert.deepStrictEqual(rest(after), rest(before), "load balancer settings kept");
    for (const list of LISTS) {
        const now = new Map(entries(after, list).map((c) => [c.name, c]));
        for (const entry of entries(before, list)) {
            const kept = now.get(entry.name);
            assert.ok(kept, `${list}/${entry.name} kept`);
            if (list !== "backendAddressPools") {
                assert.deepStrictEqual(kept, entry, `${list}/${entry.name} unchanged`);
                continue;
            }
            const members = new Map(
                (kept.loadBalancerBackendAddresses ?? []).map((m) => [m.name, m]),
            );
            for (const m of entry.loadBalancerBackendAddresses ?? [])
                assert.deepStrictEqual(members.get(m.name), m, `${entry.name} keeps ${m.name}`);
        }
    }
}

/** An NSG rule keeps its name, priority and sources; its port list may only grow, its description follow. */
function assertRuleGrew(before: Inputs, after: Inputs, name: string): void {
    const {
        destinationPortRanges: was,
        description: _,
        ...rest
    } = before as { destinationPortRanges: string[] } & Inputs;
    const {
        destinationPortRanges: now,
        description: __,
        ...kept
    } = after as { destinationPortRanges: string[] } & Inputs;
    assert.deepStrictEqual(kept, rest, `${name} keeps its priority and sources`);
    for (const port of was) assert.ok(now.includes(port), `${name} keeps port ${port}`);
}

async function resourcesOf(args: Partial<AzureHaClusterArgs>): Promise<Registered[]> {
    return (await cluster(args)).r.resources;
}

describe("AzureHaCluster update safety", () => {
    const edits: [string, Partial<AzureHaClusterArgs>][] = [
        [
            "a service added",
            {
                ...base,
                services: [
                    ...baseServices,
                    { name: "metrics", port: 9100, backend: "controllers" },
                ],
            },
        ],
        ["services reordered", { ...base, services: [...baseServices].reverse() }],
        [
            "a target added",
            {
                ...base,
                controllers: { ipAddresses: ["10.0.0.4", "fd00::4", "10.0.0.5", "fd00::5"] },
            },
        ],
        [
            "a route added",
            {
                ...base,
                routes: [
                    ...baseRoutes,
                    {
                        name: "to-onprem",
                        addressPrefix: "192.168.0.0/16",
                        nextHopType: "VirtualNetworkGateway",
                    },
                ],
            },
        ],
    ];
    // The unedited cluster, planned once for every edit.
    let baseRun: Recorder;
    before(async () => {
        baseRun = (await cluster(base)).r;
    });
    for (const [edit, args] of edits) {
        it(`keeps every resource's name and inputs with ${edit}, the load balancer growing in place`, async () => {
            const before = baseRun.resources;
            const after = new Map(
                (await resourcesOf(args)).map((x) => [`${x.type}::${x.name}`, x.inputs]),
            );
            for (const x of before) {
                const now = after.get(`${x.type}::${x.name}`);
                assert.ok(now, `${x.type} ${x.name} kept`);
                if (x.type === T.lb) assertLoadBalancerGrew(x.inputs, now);
                else if (x.type === T.nsgRule) assertRuleGrew(x.inputs, now, x.name);
                else assert.deepStrictEqual(now, x.inputs, `${x.type} ${x.name} unchanged`);
            }
            assert.deepStrictEqual(
                before
                    .filter((x) => x.type === T.publicIp)
                    .map((x) => after.get(`${x.type}::${x.name}`)),
                before.filter((x) => x.type === T.publicIp).map((x) => x.inputs),
                "public IPs unchanged",
            );
        });
    }

    it("keeps the load balancer's inputs identical when services are only reordered", async () => {
        const reordered = await cluster({ ...base, services: [...baseServices].reverse() });
        assert.deepStrictEqual(
            new LoadBalancerView(reordered.r).inputs,
            new LoadBalancerView(baseRun).inputs,
        );
    });

    it("grows the control plane from one node to three (kURL's staged joins) by pool members alone", async () => {
        const kurl: Partial<AzureHaClusterArgs> = {
            clusterName: "kurl",
            virtualNetworkId: VNET,
            apiserver: { allowedCidrs: ["198.51.100.0/24"] },
        };
        const one = await resourcesOf({ ...kurl, controllers: { ipAddresses: ["10.0.0.4"] } });
        const three = new Map(
            (
                await resourcesOf({
                    ...kurl,
                    controllers: { ipAddresses: ["10.0.0.4", "10.0.0.5", "10.0.0.6"] },
                })
            ).map((x) => [`${x.type}::${x.name}`, x.inputs]),
        );
        assert.strictEqual(three.size, one.length, "no resource added or removed");
        for (const x of one) {
            const now = three.get(`${x.type}::${x.name}`)!;
            if (x.type !== T.lb) {
                assert.deepStrictEqual(now, x.inputs, `${x.type} ${x.name} unchanged`);
                continue;
            }
            // Only the pool's member list differs: an in-place update of the load balancer.
            const withoutMembers = (lb: Inputs) => ({
                ...lb,
                backendAddressPools: entries(lb, "backendAddressPools").map(
                    ({ loadBalancerBackendAddresses: _, ...p }) => p,
                ),
            });
            assert.deepStrictEqual(withoutMembers(now), withoutMembers(x.inputs));
            assert.deepStrictEqual(
                (entries(now, "backendAddressPools")[0].loadBalancerBackendAddresses ?? []).map(
                    (m) => [m.name, m.ipAddress],
                ),
                [
                    ["10-0-0-4", "10.0.0.4"],
                    ["10-0-0-5", "10.0.0.5"],
                    ["10-0-0-6", "10.0.0.6"],
                ],
            );
        }
    });

    it("adds a target as a member of its family's pool, in place", async () => {
        const lb = new LoadBalancerView(
            (
                await cluster({
                    ...base,
                    controllers: { ipAddresses: ["10.0.0.4", "fd00::4", "10.0.0.5"] },
                })
            ).r,
        );
        const members = (pool: string) =>
            objs(lb.named("backendAddressPools", pool), "loadBalancerBackendAddresses").map(
                (m) => m.ipAddress,
            );
        assert.deepStrictEqual(members("controllers-ipv4"), ["10.0.0.4", "10.0.0.5"]);
        assert.deepStrictEqual(members("controllers-ipv6"), ["fd00::4"]);
    });
});

describe("AzureHaCluster preview with unknown values", () => {
    it("plans with IDs of resources created in the same program", async () => {
        const pending = <T>() => pulumi.output(pulumi.unknown as unknown as T);
        const { r } = await cluster(
            {
                resourceGroupName: pending<string>(),
                virtualNetworkId: pending<string>(),
                controllers: {
                    ipAddresses: [pending<string>(), "10.0.0.4"],
                    networkSecurityGroupName: pending<string>(),
                },
                workers: {
                    ipAddresses: pending<string[]>(),
                    networkSecurityGroupName: pending<string>(),
                },
                ingress: {},
                routes: [
                    {
                        name: "to-firewall",
                        addressPrefix: "0.0.0.0/0",
                        nextHopType: "VirtualAppliance",
                        nextHopIpAddress: pending<string>(),
                    },
                ],
            },
            true,
        );
        assert.strictEqual(r.ofType(T.lb).length, 1);
        // The apiserver and ingress, and each role's probes.
        assert.strictEqual(r.ofType(T.nsgRule).length, 4);
        assert.strictEqual(r.ofType(T.route).length, 1);
    });

    it("checks a target address once it is known, and registers no load balancer with it", async () => {
        const errors: string[] = [];
        const collect = (e: unknown) => errors.push(String(e));
        process.on("unhandledRejection", collect);
        try {
            const { r } = await cluster({
                resourceGroupName: RG,
                virtualNetworkId: VNET,
                controllers: { ipAddresses: [pulumi.output("node-1")] },
            });
            await new Promise((resolve) => setImmediate(resolve));
            assert.deepStrictEqual(r.ofType(T.lb), []);
        } finally {
            process.off("unhandledRejection", collect);
        }
        assert.ok(
            errors.some((e) =>
                e.includes('controllers.ipAddresses[0]: "node-1" is not an IP address'),
            ),
            errors.join("\n"),
        );
    });
});
