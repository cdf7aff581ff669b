// A stand-in for the Pulumi engine in provider tests: a ResourceMonitor that records every
// registration (answering with mock cloud state) and an Engine that records logs, both on
// loopback gRPC, written with the stubs that ship in @pulumi/pulumi/proto.
import * as grpc from "@grpc/grpc-js";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import { cloudCalls, cloudStates } from "../support/states";

import * as engineRpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineProto from "@pulumi/pulumi/proto/engine_pb";
import * as resourceRpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resourceProto from "@pulumi/pulumi/proto/resource_pb";

export interface Registration {
    type: string;
    name: string;
    parent: string;
    custom: boolean;
    inputs: Record<string, unknown>;
    urn: string;
}

type Unary<Req> = (
    call: { request: Req },
    callback: (err: Error | null, response?: unknown) => void,
) => void;
type StructValue = Parameters<typeof structproto.Struct.fromJavaScript>[0];

/** Features the monitor claims; plain values keep recorded inputs simple to compare. */
const FEATURES = new Set(["secrets", "resourceReferences", "deletedWith", "aliasSpecs"]);

export class FakeEngine {
    readonly registrations: Registration[] = [];
    readonly outputs = new Map<string, Record<string, unknown>>();
    readonly logs: { severity: number; message: string }[] = [];
    private server = new grpc.Server();
    private port = 0;

    constructor(
        readonly project = "project",
        readonly stack = "stack",
    ) {}

    get address(): string {
        return `127.0.0.1:${this.port}`;
    }

    async start(): Promise<void> {
        const unary =
            <Req>(fn: (request: Req) => unknown): Unary<Req> =>
            (call, callback) => {
                try {
                    callback(null, fn(call.request));
                } catch (e) {
                    callback(e as Error);
                }
            };
        this.server.addService(resourceRpc.ResourceMonitorService, {
            supportsFeature: unary((req: resourceProto.SupportsFeatureRequest) =>
                new resourceProto.SupportsFeatureResponse().setHassupport(
                    FEATURES.has(req.getId()),
                ),
            ),
            registerResource: unary((req: resourceProto.RegisterResourceRequest) =>
                this.register(req),
            ),
            registerResourceOutputs: unary((req: resourceProto.RegisterResourceOutputsRequest) => {
                this.outputs.set(req.getUrn(), req.getOutputs()?.toJavaScript() ?? {});
                return new emptyproto.Empty();
            }),
            invoke: unary((req: resourceProto.ResourceInvokeRequest) => {
                const args = req.getArgs()?.toJavaScript() ?? {};
                const answer = cloudCalls[req.getTok()]?.(args) ?? {};
                return new resourceProto.ResourceInvokeResponse().setReturn(
                    structproto.Struct.fromJavaScript(answer as StructValue),
                );
            }),
        });
        this.server.addService(engineRpc.EngineService, {
            log: unary((req: engineProto.LogRequest) => {
                this.logs.push({ severity: req.getSeverity(), message: req.getMessage() });
                return new emptyproto.Empty();
            }),
            getRootResource: unary(() => new engineProto.GetRootResourceResponse().setUrn("")),
            setRootResource: unary(() => new engineProto.SetRootResourceResponse()),
        });
        this.port = await new Promise<number>((resolve, reject) =>
            this.server.bindAsync(
                "127.0.0.1:0",
                grpc.ServerCredentials.createInsecure(),
                (err, port) => (err ? reject(err) : resolve(port)),
            ),
        );
    }

    stop(): void {
        this.server.forceShutdown();
    }

    /** The stack's root URN, the parent a program gives a component. */
    get stackUrn(): string {
        return `urn:pulumi:${this.stack}::${this.project}::pulumi:pulumi:Stack::${this.project}-${this.stack}`;
    }

    private register(req: resourceProto.RegisterResourceRequest) {
        const type: string = req.getType();
        const name: string = req.getName();
        const parent: string = req.getParent();
        const parentType = parent ? parent.split("::")[2] : "";
        const qualified =
            parentType && !parentType.startsWith("pulumi:pulumi:Stack")
                ? `${parentType}$${type}`
                : type;
        const urn = `urn:pulumi:${this.stack}::${this.project}::${qualified}::${name}`;
        const inputs = req.getObject()?.toJavaScript() ?? {};
        this.registrations.push({ type, name, parent, custom: req.getCustom(), inputs, urn });
        // Through JSON: the wire has no undefined, which a Struct refuses.
        const state = JSON.parse(
            JSON.stringify({ ...inputs, ...(cloudStates[type]?.(name, inputs) ?? {}) }),
        );
        return new resourceProto.RegisterResourceResponse()
            .setUrn(urn)
            .setId(req.getCustom() ? `${name}-id` : "")
            .setObject(structproto.Struct.fromJavaScript(state));
    }
}
