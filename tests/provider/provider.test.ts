// The provider as the engine sees it: spawn pulumi-resource-hacluster, read its port, and
// talk gRPC to it (GetSchema, Construct) with a fake engine recording what it registers.
import * as assert from "assert";
import * as grpc from "@grpc/grpc-js";
import { loadSchema, packageVersion } from "../../provider/src/schema";
import { ProviderSession, UNKNOWN } from "./client";
import { COMPONENT_CASES } from "../support/componentCases";

import * as errorsProto from "@pulumi/pulumi/proto/errors_pb";
import * as statusProto from "@pulumi/pulumi/proto/status_pb";

describe("provider over gRPC", () => {
    const session = new ProviderSession();
    const engine = session.engine;
    const construct = session.construct.bind(session);

    before(() => session.start());
    after(() => session.stop());

    it("serves schema.yaml as JSON, with the package version", async () => {
        const res = await session.getSchema();
        assert.deepStrictEqual(JSON.parse(res.getSchema()), {
            ...loadSchema(),
            version: packageVersion(),
        });
    });

    for (const c of COMPONENT_CASES) {
        it(`constructs ${c.token}: children under the component, outputs exactly the schema's`, async () => {
            const name = `grpc-${c.cloud}`;
            const res = await construct(c.token, name, c.args);
            const urn = `urn:pulumi:stack::project::${c.token}::${name}`;
            assert.strictEqual(res.getUrn(), urn);

            const mine = engine.registrations.filter((r) => r.urn === urn || r.parent === urn);
            const component = mine.find((r) => r.urn === urn)!;
            assert.deepStrictEqual(
                [component.type, component.parent, component.custom],
                [c.token, engine.stackUrn, false],
            );
            const children = mine.filter((r) => r.parent === urn);
            assert.ok(children.length >= c.minChildren, `${children.length} children`);
            assert.ok(
                children.every((r) => r.custom && r.type.startsWith(c.childTypePrefix)),
                "every child is a resource of its cloud",
            );

            const state = res.getState()!.toJavaScript();
            const resource = loadSchema().resources[c.token];
            // Outputs outside the schema's `required` may be absent: without `apiserver.internal`
            // there is no private endpoint, so no internalApiserverUrl.
            const outputs = Object.keys(resource.properties!).filter(
                (o) => o !== "internalApiserverUrl",
            );
            assert.ok(!resource.required?.includes("internalApiserverUrl"));
            assert.deepStrictEqual(Object.keys(state).sort(), [...outputs].sort());
            assert.match(String(state.apiserverUrl), c.apiserverUrl);
            assert.deepStrictEqual(
                engine.outputs.get(urn) && Object.keys(engine.outputs.get(urn)!).sort(),
                outputs.slice().sort(),
            );
        });
    }

    it("returns a validation error with every property path", async () => {
        const aws = COMPONENT_CASES.find((c) => c.cloud === "aws")!;
        const inputs = {
            ...aws.args,
            apiserver: { port: 0 },
            services: [{ name: "Bad", port: 3333 }],
        };
        await assert.rejects(construct(aws.token, "invalid", inputs), (err: grpc.ServiceError) => {
            assert.strictEqual(err.code, grpc.status.INVALID_ARGUMENT);
            assert.match(err.details, /apiserver\.port: 0 is not a port/);
            assert.match(err.details, /services\[0\]\.name: "Bad" is not a lowercase DNS label/);
            const status = statusProto.Status.deserializeBinary(
                err.metadata.get("grpc-status-details-bin")[0] as Buffer,
            );
            const details = errorsProto.InputPropertiesError.deserializeBinary(
                status.getDetailsList()[0].getValue_asU8(),
            );
            assert.deepStrictEqual(
                details.getErrorsList().map((e) => e.getPropertyPath()),
                ["apiserver.port", "services[0].name"],
            );
            return true;
        });
        assert.ok(!engine.registrations.some((r) => r.name === "invalid"), "nothing registered");
    });

    it("constructs during preview with unknown inputs", async () => {
        const aws = COMPONENT_CASES.find((c) => c.cloud === "aws")!;
        const inputs = {
            ...aws.args,
            vpcId: UNKNOWN,
            controllers: { instanceIds: [UNKNOWN, "i-known"] },
        };
        const res = await construct(aws.token, "preview", inputs, true);
        const urn = res.getUrn();
        const tg = engine.registrations.find(
            (r) => r.parent === urn && r.type === "aws:lb/targetGroup:TargetGroup",
        )!;
        assert.strictEqual(tg.inputs.vpcId, UNKNOWN);
        const attachments = engine.registrations.filter(
            (r) =>
                r.parent === urn && r.type === "aws:lb/targetGroupAttachment:TargetGroupAttachment",
        );
        assert.deepStrictEqual(
            attachments.map((a) => a.inputs.targetId),
            ["i-known"],
        );
    });
});
