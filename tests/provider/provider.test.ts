// The provider as the engine sees it: spawn pulumi-resource-hacluster, read its port, and
// talk gRPC to it (GetSchema, Construct) with a fake engine recording what it registers.
import * as assert from "assert";
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { loadSchema, packageVersion } from "../../provider/src/schema";
import { FakeEngine } from "./fakeEngine";
import { COMPONENT_CASES } from "../support/componentCases";

const providerRpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const providerProto = require("@pulumi/pulumi/proto/provider_pb");
const errorsProto = require("@pulumi/pulumi/proto/errors_pb");
const statusProto = require("@pulumi/pulumi/proto/status_pb");

const ROOT = path.resolve(__dirname, "..", "..");
export const LAUNCHER = path.join(ROOT, "provider", "cmd", "pulumi-resource-hacluster", "pulumi-resource-hacluster");
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Spawns the launcher and resolves with its port once it prints it. */
export function startProvider(engineAddress: string): Promise<{ child: ChildProcess; port: number }> {
    return new Promise((resolve, reject) => {
        const child = spawn(LAUNCHER, [engineAddress], { stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr!.on("data", (d) => (stderr += d));
        child.once("exit", (code) => reject(new Error(`provider exited with ${code}: ${stderr}`)));
        child.stdout!.once("data", (d: Buffer) => resolve({ child, port: Number(d.toString().trim().split("\n")[0]) }));
    });
}

function call<T>(client: any, method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => client[method](request, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));
}

describe("provider over gRPC", function () {
    const engine = new FakeEngine();
    let child: ChildProcess;
    let client: any;

    before(async function () {
        assert.ok(fs.existsSync(path.join(ROOT, "bin", "provider", "main.js")), "run `npm run build` first");
        await engine.start();
        const started = await startProvider(engine.address);
        child = started.child;
        client = new providerRpc.ResourceProviderClient(`127.0.0.1:${started.port}`, grpc.credentials.createInsecure());
    });

    after(() => {
        child?.removeAllListeners("exit");
        child?.kill();
        engine.stop();
    });

    function construct(type: string, name: string, inputs: Record<string, unknown>, dryRun = false) {
        const req = new providerProto.ConstructRequest()
            .setProject(engine.project)
            .setStack(engine.stack)
            .setMonitorendpoint(engine.address)
            .setDryrun(dryRun)
            .setParallel(16)
            .setType(type)
            .setName(name)
            .setParent(engine.stackUrn)
            .setInputs(structproto.Struct.fromJavaScript(inputs as any));
        return call<any>(client, "construct", req);
    }

    it("serves schema.yaml as JSON, with the package version", async () => {
        const res = await call<any>(client, "getSchema", new providerProto.GetSchemaRequest());
        assert.deepStrictEqual(JSON.parse(res.getSchema()), { ...loadSchema(), version: packageVersion() });
    });

    for (const c of COMPONENT_CASES) {
        it(`constructs ${c.token}: children under the component, outputs exactly the schema's`, async () => {
            const name = `grpc-${c.cloud}`;
            const res = await construct(c.token, name, c.args);
            const urn = `urn:pulumi:stack::project::${c.token}::${name}`;
            assert.strictEqual(res.getUrn(), urn);

            const mine = engine.registrations.filter((r) => r.urn === urn || r.parent === urn);
            const component = mine.find((r) => r.urn === urn)!;
            assert.deepStrictEqual([component.type, component.parent, component.custom], [c.token, engine.stackUrn, false]);
            const children = mine.filter((r) => r.parent === urn);
            assert.ok(children.length >= c.minChildren, `${children.length} children`);
            assert.ok(children.every((r) => r.custom && r.type.startsWith(c.childTypePrefix)), "every child is a resource of its cloud");

            const state = res.getState().toJavaScript();
            const outputs = Object.keys(loadSchema().resources[c.token].properties!);
            const stateKeys = Object.keys(state).filter((k) => state[k] !== undefined && state[k] !== null);
            assert.deepStrictEqual(stateKeys.sort(), outputs.filter((k) => state[k] !== null).sort());
            assert.ok(stateKeys.every((k) => outputs.includes(k)), "no key beyond the schema's outputs");
            assert.match(state.apiserverUrl, c.apiserverUrl);
            assert.deepStrictEqual(engine.outputs.get(urn) && Object.keys(engine.outputs.get(urn)!).sort(), outputs.slice().sort());
        });
    }

    it("returns a validation error with every property path", async () => {
        const aws = COMPONENT_CASES.find((c) => c.cloud === "aws")!;
        const inputs = { ...aws.args, apiserver: { port: 0 }, services: [{ name: "Bad", port: 3333 }] };
        await assert.rejects(construct(aws.token, "invalid", inputs), (err: grpc.ServiceError) => {
            assert.strictEqual(err.code, grpc.status.INVALID_ARGUMENT);
            assert.match(err.details, /apiserver\.port: 0 is not a port/);
            assert.match(err.details, /services\[0\]\.name: "Bad" is not a lowercase DNS label/);
            const status = statusProto.Status.deserializeBinary(err.metadata.get("grpc-status-details-bin")[0] as Buffer);
            const details = errorsProto.InputPropertiesError.deserializeBinary(status.getDetailsList()[0].getValue_asU8());
            assert.deepStrictEqual(
                details.getErrorsList().map((e: any) => e.getPropertyPath()),
                ["apiserver.port", "services[0].name"],
            );
            return true;
        });
        assert.ok(!engine.registrations.some((r) => r.name === "invalid"), "nothing registered");
    });

    it("constructs during preview with unknown inputs", async () => {
        const aws = COMPONENT_CASES.find((c) => c.cloud === "aws")!;
        const inputs = { ...aws.args, vpcId: UNKNOWN, controllers: { instanceIds: [UNKNOWN, "i-known"] } };
        const res = await construct(aws.token, "preview", inputs, true);
        const urn = res.getUrn();
        const tg = engine.registrations.find((r) => r.parent === urn && r.type === "aws:lb/targetGroup:TargetGroup")!;
        assert.strictEqual(tg.inputs.vpcId, UNKNOWN);
        const attachments = engine.registrations.filter((r) => r.parent === urn && r.type === "aws:lb/targetGroupAttachment:TargetGroupAttachment");
        assert.deepStrictEqual(attachments.map((a) => a.inputs.targetId), ["i-known"]);
    });
});
