// AzureHaCluster's NSG rules: in an existing NSG or a created one, with priorities that are
// unique and do not move when services are added or reordered.
import * as assert from "assert";
import { azurePriorityBlock } from "../../provider/src/model/azure/security";
import { valueOf } from "../support/harness";
import { armId, cluster, nsgRules, RG, T } from "./support";

const services = [
    { name: "some-app", port: 3333, targetPort: 30333 },
    { name: "dns", port: 53, protocol: "UDP" as const, backend: "controllers" as const, healthCheck: { port: 8053 } },
];
const base = { clusterName: "typhoon", ipv6: true, ingress: {}, services };

/** Registration order follows input serialization, so tests read rules sorted by name. */
const sorted = (rules: { inputs: Record<string, any> }[]) => [...rules].sort((a, b) => a.inputs.securityRuleName.localeCompare(b.inputs.securityRuleName));
const priorities = (rules: { inputs: Record<string, any> }[]) => new Map(rules.map((x) => [x.inputs.securityRuleName as string, x.inputs.priority as number]));

describe("AzureHaCluster NSG rules", () => {
    it("go to an existing NSG when one is named, and create none", async () => {
        const { r, c } = await cluster({ ...base, networkSecurityGroupName: "nodes-nsg" });
        assert.deepStrictEqual(r.ofType(T.nsg), []);
        const rules = nsgRules(r);
        assert.strictEqual(rules.length, 15);
        for (const rule of rules) assert.deepStrictEqual([rule.inputs.networkSecurityGroupName, rule.inputs.resourceGroupName], ["nodes-nsg", RG]);
        assert.strictEqual(await valueOf(c.networkSecurityGroupId), armId("networkSecurityGroups", "nodes-nsg"));
    });

    it("go to a created NSG otherwise, which is output", async () => {
        const { r, c } = await cluster({ ...base, tags: { team: "platform" } });
        const [nsg, ...more] = r.ofType(T.nsg);
        assert.strictEqual(more.length, 0);
        assert.deepStrictEqual([nsg.name, nsg.inputs.networkSecurityGroupName, nsg.inputs.tags, nsg.inputs.securityRules], ["demo-nsg", "typhoon-nsg", { team: "platform" }, undefined]);
        assert.ok(nsgRules(r).every((x) => x.inputs.networkSecurityGroupName === "typhoon-nsg"));
        assert.strictEqual(await valueOf(c.networkSecurityGroupId), "demo-nsg-id");
    });

    it("admit each family's clients in its own rule and the probes from the AzureLoadBalancer tag only", async () => {
        const { r } = await cluster({ ...base, ingress: { allowedCidrs: ["198.51.100.0/24", "2001:db8::/32"] } });
        const summary = sorted(nsgRules(r))
            .filter((x) => x.inputs.securityRuleName.startsWith("typhoon-ingress-https"))
            .map((x) => [x.inputs.securityRuleName, x.inputs.destinationPortRange, x.inputs.sourceAddressPrefixes ?? x.inputs.sourceAddressPrefix]);
        assert.deepStrictEqual(summary, [
            ["typhoon-ingress-https-ipv4", "443", ["198.51.100.0/24"]],
            ["typhoon-ingress-https-ipv6", "443", ["2001:db8::/32"]],
            ["typhoon-ingress-https-probe", "10254", "AzureLoadBalancer"],
        ]);
        const probePorts = nsgRules(r).filter((x) => x.inputs.sourceAddressPrefix === "AzureLoadBalancer").map((x) => x.inputs.destinationPortRange);
        assert.deepStrictEqual(new Set(probePorts), new Set(["6443", "10254", "30333", "8053"]));
        assert.ok(nsgRules(r).every((x) => x.inputs.sourceAddressPrefix === "AzureLoadBalancer" || x.inputs.sourceAddressPrefixes.length > 0));
    });

    it("have unique priorities in each frontend's block", async () => {
        const rules = nsgRules((await cluster(base)).r);
        const all = [...priorities(rules).values()];
        assert.strictEqual(new Set(all).size, all.length);
        const block = azurePriorityBlock("typhoon", "svc-dns");
        assert.deepStrictEqual(
            sorted(rules).filter((x) => x.inputs.securityRuleName.startsWith("typhoon-svc-dns-")).map((x) => [x.inputs.securityRuleName, x.inputs.priority, x.inputs.protocol]),
            [
                ["typhoon-svc-dns-ipv4", block, "Udp"],
                ["typhoon-svc-dns-ipv6", block + 1, "Udp"],
                ["typhoon-svc-dns-probe", block + 2, "Tcp"],
            ],
        );
    });

    it("keep their priorities when services are added or reordered", async () => {
        const before = priorities(nsgRules((await cluster(base)).r));
        for (const edited of [
            [...services, { name: "metrics", port: 9100, backend: "controllers" as const }],
            [...services].reverse(),
        ]) {
            const after = priorities(nsgRules((await cluster({ ...base, services: edited })).r));
            for (const [name, priority] of before) assert.strictEqual(after.get(name), priority, name);
        }
    });
});
