// Capacity knobs (docs/endpoints.md): Google Cloud internal global access, Azure outbound SNAT.
import * as assert from "assert";
import { AzureHaCluster } from "../../provider/src/azure/azureHaCluster";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { planAzure } from "../../provider/src/model/azure";
import { planGcp } from "../../provider/src/model/gcp";
import { build } from "../support/harness";
import { objs } from "../support/inputs";

const INTERNAL = {
    region: "us-central1",
    network: "default",
    subnetwork: "nodes",
    scheme: "internal" as const,
    ingress: {},
};

describe("endpoints: Google Cloud internal global access", () => {
    it("sets allowGlobalAccess on every internal forwarding rule, and only when asked", async () => {
        const on = await build(() => new GcpHaCluster("demo", { ...INTERNAL, globalAccess: true }));
        const rules = on.recorder.ofType("gcp:compute/forwardingRule:ForwardingRule");
        assert.deepStrictEqual(rules.map((f) => [f.name, f.inputs.allowGlobalAccess]).sort(), [
            ["demo-apiserver-ipv4-fr", true],
            ["demo-ingress-ipv4-fr", true],
        ]);
        const off = await build(() => new GcpHaCluster("demo", INTERNAL));
        assert.ok(
            off.recorder
                .ofType("gcp:compute/forwardingRule:ForwardingRule")
                .every((f) => f.inputs.allowGlobalAccess === undefined),
        );
    });

    it("refuses it on a public load balancer", () => {
        const { problems } = planGcp({ ...INTERNAL, scheme: "public", globalAccess: true }, "demo");
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["globalAccess"],
        );
    });
});

describe("endpoints: Azure outbound SNAT", () => {
    it("sets the SNAT ports per instance and the idle timeout on every outbound rule", async () => {
        const { recorder: r } = await build(
            () =>
                new AzureHaCluster("demo", {
                    resourceGroupName: "rg",
                    ingress: {},
                    outboundSnat: { allocatedOutboundPorts: 1024, idleTimeoutMinutes: 30 },
                }),
        );
        const [lb] = r.ofType("azure-native:network:LoadBalancer");
        assert.deepStrictEqual(
            objs(lb.inputs, "outboundRules").map((o) => [
                o.name,
                o.allocatedOutboundPorts,
                o.idleTimeoutInMinutes,
            ]),
            [
                ["outbound-controllers-ipv4", 1024, 30],
                ["outbound-workers-ipv4", 1024, 30],
            ],
        );
        const plain = await build(
            () => new AzureHaCluster("demo", { resourceGroupName: "rg", ingress: {} }),
        );
        const rules = objs(
            plain.recorder.ofType("azure-native:network:LoadBalancer")[0].inputs,
            "outboundRules",
        );
        assert.ok(
            rules.every(
                (o) =>
                    o.allocatedOutboundPorts === undefined && o.idleTimeoutInMinutes === undefined,
            ),
        );
    });

    it("refuses values outside Azure's ranges, and SNAT settings without outbound rules", () => {
        const problems = (args: Record<string, unknown>) =>
            planAzure({ resourceGroupName: "rg", ...args }, "demo").problems.map((p) => p.path);
        assert.deepStrictEqual(
            problems({ outboundSnat: { allocatedOutboundPorts: 70000, idleTimeoutMinutes: 2 } }),
            ["outboundSnat.allocatedOutboundPorts", "outboundSnat.idleTimeoutMinutes"],
        );
        assert.deepStrictEqual(
            problems({ outboundRules: false, outboundSnat: { idleTimeoutMinutes: 10 } }),
            ["outboundSnat"],
        );
    });
});
