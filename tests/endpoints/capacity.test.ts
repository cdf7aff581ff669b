// Capacity knobs (docs/endpoints.md): Google Cloud internal global access.
import * as assert from "assert";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { planGcp } from "../../provider/src/model/gcp";
import { build } from "../support/harness";

const INTERNAL = { region: "us-central1", network: "default", subnetwork: "nodes", scheme: "internal" as const, ingress: {} };

describe("endpoints: Google Cloud internal global access", () => {
    it("sets allowGlobalAccess on every internal forwarding rule, and only when asked", async () => {
        const on = await build(() => new GcpHaCluster("demo", { ...INTERNAL, globalAccess: true }));
        const rules = on.recorder.ofType("gcp:compute/forwardingRule:ForwardingRule");
        assert.deepStrictEqual(rules.map((f) => [f.name, f.inputs.allowGlobalAccess]).sort(), [
            ["demo-apiserver-ipv4-fr", true],
            ["demo-ingress-ipv4-fr", true],
        ]);
        const off = await build(() => new GcpHaCluster("demo", INTERNAL));
        assert.ok(off.recorder.ofType("gcp:compute/forwardingRule:ForwardingRule").every((f) => f.inputs.allowGlobalAccess === undefined));
    });

    it("refuses it on a public load balancer", () => {
        const { problems } = planGcp({ ...INTERNAL, scheme: "public", globalAccess: true }, "demo");
        assert.deepStrictEqual(problems.map((p) => p.path), ["globalAccess"]);
    });
});
