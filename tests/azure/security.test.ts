// AzureHaCluster's NSG rules: in an existing NSG or a created one, with priorities that are
// unique and do not move when services are added or reordered.
import * as assert from "assert";
import { ServiceArgs } from "../../provider/src/generated/types";
import { valueOf } from "../support/harness";
import { Inputs, str, strs } from "../support/inputs";
import { armId, cluster, nsgRules, RG, T } from "./support";

const services = [
    { name: "some-app", port: 3333, targetPort: 30333 },
    {
        name: "dns",
        port: 53,
        protocol: "UDP" as const,
        backend: "controllers" as const,
        healthCheck: { port: 8053 },
    },
];
const base = { clusterName: "typhoon", ipv6: true, ingress: {}, services };

/** Registration order follows input serialization, so tests read rules sorted by name. */
const sorted = (rules: { inputs: Inputs }[]) =>
    [...rules].sort((a, b) =>
        str(a.inputs, "securityRuleName").localeCompare(str(b.inputs, "securityRuleName")),
    );
const priorities = (rules: { inputs: Inputs }[]) =>
    new Map(rules.map((x) => [x.inputs.securityRuleName as string, x.inputs.priority as number]));

describe("AzureHaCluster NSG rules", () => {
    it("go to each role's existing NSG when named, and create none", async () => {
        const { r, c } = await cluster({
            ...base,
            controllers: { networkSecurityGroupName: "cp-nsg" },
            workers: { networkSecurityGroupName: "w-nsg" },
        });
        assert.deepStrictEqual(r.ofType(T.nsg), []);
        const rules = nsgRules(r);
        // Each role's NSG holds the rules of the ports it serves: the apiserver and the UDP service
        // on the controllers, ingress and the TCP service on the workers, and each role's probes.
        const of = (nsg: string) =>
            sorted(rules.filter((x) => x.inputs.networkSecurityGroupName === nsg)).map(
                (x) => x.inputs.securityRuleName,
            );
        assert.deepStrictEqual(of("cp-nsg"), [
            "typhoon-apiserver-ipv4",
            "typhoon-apiserver-ipv6",
            "typhoon-probes",
            "typhoon-services-udp-ipv4",
            "typhoon-services-udp-ipv6",
        ]);
        assert.deepStrictEqual(of("w-nsg"), [
            "typhoon-ingress-ipv4",
            "typhoon-ingress-ipv6",
            "typhoon-probes",
            "typhoon-services-tcp-ipv4",
            "typhoon-services-tcp-ipv6",
        ]);
        for (const rule of rules)
            assert.deepStrictEqual(
                [rule.inputs.resourceGroupName, rule.inputs.destinationAddressPrefix],
                [RG, "*"],
            );
        assert.deepStrictEqual(await valueOf(c.networkSecurityGroupIds), {
            controllers: armId("networkSecurityGroups", "cp-nsg"),
            workers: armId("networkSecurityGroups", "w-nsg"),
        });
    });

    it("go to an NSG created per role otherwise, which is output", async () => {
        const { r, c } = await cluster({ ...base, tags: { team: "platform" } });
        const nsgs = r
            .ofType(T.nsg)
            .map((n) => [
                n.name,
                n.inputs.networkSecurityGroupName,
                n.inputs.tags,
                n.inputs.securityRules,
            ])
            .sort();
        assert.deepStrictEqual(nsgs, [
            ["demo-controllers-nsg", "typhoon-controllers", { team: "platform" }, undefined],
            ["demo-workers-nsg", "typhoon-workers", { team: "platform" }, undefined],
        ]);
        assert.ok(
            nsgRules(r).every((x) =>
                ["typhoon-controllers", "typhoon-workers"].includes(
                    str(x.inputs, "networkSecurityGroupName"),
                ),
            ),
        );
        assert.deepStrictEqual(await valueOf(c.networkSecurityGroupIds), {
            controllers: "demo-controllers-nsg-id",
            workers: "demo-workers-nsg-id",
        });
    });

    it("admit each family's clients in its own rule and the probes from the AzureLoadBalancer tag only", async () => {
        const { r } = await cluster({
            ...base,
            ingress: { allowedCidrs: ["198.51.100.0/24", "2001:db8::/32"] },
        });
        const summary = sorted(nsgRules(r))
            .filter((x) => /^typhoon-(ingress|probes)/.test(str(x.inputs, "securityRuleName")))
            .map((x) => [
                x.inputs.securityRuleName,
                x.inputs.destinationPortRanges,
                x.inputs.sourceAddressPrefixes ?? x.inputs.sourceAddressPrefix,
            ]);
        assert.deepStrictEqual(summary, [
            ["typhoon-ingress-ipv4", ["80", "443"], ["198.51.100.0/24"]],
            ["typhoon-ingress-ipv6", ["80", "443"], ["2001:db8::/32"]],
            ["typhoon-probes", ["6443", "8053"], "AzureLoadBalancer"],
            ["typhoon-probes", ["10254", "30333"], "AzureLoadBalancer"],
        ]);
        assert.ok(
            nsgRules(r).every(
                (x) =>
                    x.inputs.sourceAddressPrefix === "AzureLoadBalancer" ||
                    strs(x.inputs, "sourceAddressPrefixes").length > 0,
            ),
        );
    });

    it("have unique priorities in the fixed slots from priorityBase", async () => {
        const rules = nsgRules((await cluster({ ...base, priorityBase: 3000 })).r);
        for (const nsg of ["typhoon-controllers", "typhoon-workers"]) {
            const all = rules
                .filter((x) => x.inputs.networkSecurityGroupName === nsg)
                .map((x) => x.inputs.priority);
            assert.strictEqual(new Set(all).size, all.length, nsg);
        }
        assert.deepStrictEqual(
            sorted(rules).map((x) => [
                x.inputs.securityRuleName,
                x.inputs.priority,
                x.inputs.protocol,
            ]),
            [
                ["typhoon-apiserver-ipv4", 3000, "Tcp"],
                ["typhoon-apiserver-ipv6", 3001, "Tcp"],
                ["typhoon-ingress-ipv4", 3004, "Tcp"],
                ["typhoon-ingress-ipv6", 3005, "Tcp"],
                ["typhoon-probes", 3003, "Tcp"],
                ["typhoon-probes", 3003, "Tcp"],
                ["typhoon-services-tcp-ipv4", 3006, "Tcp"],
                ["typhoon-services-tcp-ipv6", 3007, "Tcp"],
                ["typhoon-services-udp-ipv4", 3008, "Udp"],
                ["typhoon-services-udp-ipv6", 3009, "Udp"],
            ],
        );
    });

    it("keep their priorities when services are added, removed or reordered, the port lists growing in place", async () => {
        const before = priorities(nsgRules((await cluster(base)).r));
        // Removing the only TCP service empties, and so removes, its rules; nothing is renamed.
        const edits: [ServiceArgs[], string[]][] = [
            [[...services, { name: "metrics", port: 9100, backend: "controllers" as const }], []],
            [[...services].reverse(), []],
            [services.slice(1), ["typhoon-services-tcp-ipv4", "typhoon-services-tcp-ipv6"]],
        ];
        for (const [edited, removed] of edits) {
            const after = priorities(nsgRules((await cluster({ ...base, services: edited })).r));
            assert.deepStrictEqual(
                [...after.keys()].sort(),
                [...before.keys()].filter((name) => !removed.includes(name)).sort(),
            );
            for (const [name, priority] of after)
                assert.strictEqual(priority, before.get(name), name);
        }
        const grown = nsgRules(
            (await cluster({ ...base, services: [...services, { name: "metrics", port: 9100 }] }))
                .r,
        );
        assert.deepStrictEqual(
            grown.find((x) => x.inputs.securityRuleName === "typhoon-services-tcp-ipv4")!.inputs
                .destinationPortRanges,
            ["9100", "30333"],
        );
    });

    it("admit the load balancer's outbound addresses on a restricted apiserver, as outputs of its public IPs", async () => {
        const { r } = await cluster({
            ...base,
            apiserver: { allowedCidrs: ["198.51.100.0/24", "2001:db8::/32"] },
        });
        const ips = new Map(r.ofType(T.publicIp).map((ip) => [ip.name, ip]));
        assert.deepStrictEqual([...ips.keys()].sort(), ["demo-lb-ipv4", "demo-lb-ipv6"]);
        const v4 = strs(
            nsgRules(r).find((x) => x.inputs.securityRuleName === "typhoon-apiserver-ipv4")!.inputs,
            "sourceAddressPrefixes",
        );
        const v6 = strs(
            nsgRules(r).find((x) => x.inputs.securityRuleName === "typhoon-apiserver-ipv6")!.inputs,
            "sourceAddressPrefixes",
        );
        // Every node leaves from the inbound frontend's address (the outbound pool's rule).
        assert.strictEqual(v4.length, 2);
        assert.strictEqual(v4[0], "198.51.100.0/24");
        assert.ok(
            v4.slice(1).every((a) => /^203\.0\.113\.\d+$/.test(a)),
            v4.join(", "),
        );
        assert.strictEqual(v6.length, 2);
        assert.ok(
            v6.slice(1).every((a) => a.startsWith("2001:db8:")),
            v6.join(", "),
        );
    });

    it("admit nodeSourceCidrs, not the VirtualNetwork tag, on a restricted internal apiserver", async () => {
        const { r } = await cluster({
            scheme: "internal",
            subnetId: "/subnets/nodes",
            ingress: {},
            apiserver: { allowedCidrs: ["10.1.0.0/16"] },
            nodeSourceCidrs: ["10.0.0.0/22"],
        });
        const api = nsgRules(r).find(
            (x) => x.inputs.securityRuleName === "demo-apiserver-ipv4",
        )!.inputs;
        assert.deepStrictEqual(
            [
                api.sourceAddressPrefix,
                api.sourceAddressPrefixes,
                api.destinationPortRanges,
                api.priority,
            ],
            [undefined, ["10.1.0.0/16", "10.0.0.0/22"], ["6443"], 1000],
        );
        assert.ok(
            !nsgRules(r).some(
                (x) =>
                    x.inputs.access === "Allow" &&
                    x.inputs.sourceAddressPrefix === "VirtualNetwork",
            ),
        );
    });

    // Issue 17, defect 3: AllowVnetInBound (65000) would still admit peered networks on 6443.
    it("deny the VirtualNetwork tag on the apiserver port after its allow rules, on a restricted internal apiserver only", async () => {
        const internal = {
            scheme: "internal" as const,
            subnetId: "/subnets/nodes",
            ingress: {},
            apiserver: { allowedCidrs: ["10.1.0.0/16"] },
            nodeSourceCidrs: ["10.0.0.0/22"],
        };
        const rules = nsgRules((await cluster(internal)).r);
        const deny = rules.filter((x) => x.inputs.access === "Deny");
        assert.deepStrictEqual(
            deny.map((x) => [
                x.inputs.securityRuleName,
                x.inputs.networkSecurityGroupName,
                x.inputs.priority,
                x.inputs.direction,
                x.inputs.protocol,
                x.inputs.sourceAddressPrefix,
                x.inputs.destinationAddressPrefix,
                x.inputs.destinationPortRanges,
            ]),
            [
                [
                    "demo-apiserver-deny-vnet",
                    "demo-controllers",
                    1399,
                    "Inbound",
                    "Tcp",
                    "VirtualNetwork",
                    "*",
                    ["6443"],
                ],
            ],
        );
        // Evaluated after every allow rule of the controllers on 6443: clients, nodes, probes.
        const allows = rules.filter(
            (x) =>
                x.inputs.networkSecurityGroupName === "demo-controllers" &&
                x.inputs.access === "Allow" &&
                strs(x.inputs, "destinationPortRanges").includes("6443"),
        );
        assert.deepStrictEqual(
            allows.map((x) => [x.inputs.securityRuleName, x.inputs.priority]).sort(),
            [
                ["demo-apiserver-ipv4", 1000],
                ["demo-probes", 1003],
            ],
        );
        // A public apiserver, restricted or not, and an open internal one deny nothing.
        for (const args of [
            { ...base, apiserver: { allowedCidrs: ["198.51.100.0/24", "2001:db8::/32"] } },
            { ...internal, apiserver: {} },
        ])
            assert.deepStrictEqual(
                nsgRules((await cluster(args)).r).filter((x) => x.inputs.access !== "Allow"),
                [],
            );
    });
});
