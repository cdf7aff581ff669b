// Azure's new documented limits as conformance rules (issue 17, defects 1 and 10): each rule
// reports a broken registration, and the component's own registrations pass them all.
import * as assert from "assert";
import { AZURE_RULES } from "../conformance/rules/azure";
import { Registered } from "../support/harness";
import { cluster } from "./support";

const rule = (id: string) => AZURE_RULES.find((r) => r.id === id)!;

describe("Azure conformance rules for descriptions, frontend ports and tags", () => {
    it("pass the registrations of a cluster with 60 services, every port up to 65534 and 50 tags", async () => {
        const services = Array.from({ length: 60 }, (_, i) => ({
            name: `service-${i}`,
            port: 65534 - i,
        }));
        const tags = Object.fromEntries(
            Array.from({ length: 50 }, (_, i) => [`tag${i}`, "v".repeat(256)]),
        );
        const { r } = await cluster({ ipv6: true, ingress: {}, services, tags });
        for (const id of ["azure/nsg-rule-description", "azure/frontend-port", "azure/tags"])
            assert.deepStrictEqual(rule(id).check(r.resources), [], id);
    });

    it("report a description over 140 characters, frontend ports 65535 and 0, and tags Azure refuses", () => {
        const resources: Registered[] = [
            {
                type: "azure-native:network:SecurityRule",
                name: "r",
                inputs: { description: "x".repeat(141) },
            },
            {
                type: "azure-native:network:LoadBalancer",
                name: "lb",
                inputs: {
                    loadBalancingRules: [
                        { name: "top", protocol: "Tcp", frontendPort: 65535 },
                        { name: "zero", protocol: "Tcp", frontendPort: 0 },
                        { name: "ha-ports", protocol: "All", frontendPort: 0 },
                    ],
                    tags: { "kubernetes.io/cluster/prod": "owned", long: "v".repeat(257) },
                },
            },
        ];
        assert.deepStrictEqual(
            rule("azure/nsg-rule-description")
                .check(resources)
                .map((f) => f.message),
            ["description of 141 characters exceeds 140"],
        );
        assert.deepStrictEqual(
            rule("azure/frontend-port")
                .check(resources)
                .map((f) => f.message),
            [
                "rule top: frontendPort 65535 is outside 1-65534",
                "rule zero: frontendPort 0 is outside 1-65534",
            ],
        );
        assert.deepStrictEqual(
            rule("azure/tags")
                .check(resources)
                .map((f) => f.message),
            [
                'tag name "kubernetes.io/cluster/prod" has a forbidden character; tag long: value of 257 characters',
            ],
        );
    });
});

describe("Azure conformance rule on NSG priorities", () => {
    const rule = (nsg: unknown) => ({
        type: "azure-native:network:SecurityRule",
        name: "r",
        inputs: {
            resourceGroupName: "rg",
            networkSecurityGroupName: nsg,
            direction: "Inbound",
            priority: 1003,
        },
    });

    it("judges rules of one known NSG, and leaves those of NSGs still unknown in a preview", () => {
        const check = AZURE_RULES.find((r) => r.id === "azure/nsg-rule-priority")!.check;
        assert.strictEqual(check([rule("a"), rule("a")]).length, 1);
        assert.deepStrictEqual(check([rule("a"), rule("b")]), []);
        assert.deepStrictEqual(check([rule({ unknown: true }), rule({ unknown: true })]), []);
    });
});
