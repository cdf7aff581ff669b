// A stand-in for one cloud's Pulumi provider (aws, azure-native or gcp), served over gRPC on
// loopback and attached to the real engine with PULUMI_DEBUG_PROVIDERS. It keeps the cloud's
// state per resource URN (so per stack), reports replacements where the real provider does,
// and answers with the outputs the real provider returns.
import * as grpc from "@grpc/grpc-js";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import { performance } from "perf_hooks";
import { isDeepStrictEqual } from "util";
import { cloudCalls } from "../support/states";
import { hex } from "../support/states/common";
import { UNKNOWN, autonames, cloudId, createdOutputs, replacedInputs } from "./cloudRules";

import * as providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import * as pluginProto from "@pulumi/pulumi/proto/plugin_pb";

export interface CloudResource {
    urn: string;
    type: string;
    id: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
}

type Unary<Req> = (
    call: { request: Req },
    callback: (err: Error | null, response?: unknown) => void,
) => void;

const toStruct = (value: Record<string, unknown>) =>
    structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
const fromStruct = (s: structproto.Struct | undefined): Record<string, unknown> =>
    s?.toJavaScript() ?? {};
/** `urn:pulumi:<stack>::<project>::<type chain>::<name>`. */
export const urnParts = (urn: string) => {
    const [head, project, types, ...name] = urn.split("::");
    const chain = types.split("$");
    return {
        stack: head.replace("urn:pulumi:", ""),
        project,
        type: chain[chain.length - 1],
        name: name.join("::"),
    };
};

/**
 * Milliseconds that a Create (not its preview) takes, per resource type, from
 * HACLUSTER_FAKE_CREATE_DELAYS (JSON, `{ "<type>": ms }`); unset, creates answer at once.
 */
function createDelay(req: providerProto.CreateRequest): number {
    const table = process.env.HACLUSTER_FAKE_CREATE_DELAYS;
    if (!table || req.getPreview()) return 0;
    return JSON.parse(table)[urnParts(req.getUrn()).type] ?? 0;
}

const epochMs = () => performance.timeOrigin + performance.now();

export class FakeCloud {
    /** The cloud's resources, in creation order (a replacement briefly holds two per URN). */
    readonly resources = new Map<number, CloudResource>();
    private serial = 0;
    /** Every call, in order: `Create <urn>`, `Invoke <token>`... */
    readonly calls: string[] = [];
    /** When each Create (not a preview's) arrived and answered, in ms since the epoch (the bench's timeline). */
    readonly createSpans: { type: string; start: number; end: number }[] = [];
    private server = new grpc.Server();
    port = 0;

    constructor(
        readonly pkg: "aws" | "azure-native" | "gcp",
        readonly version: string,
    ) {}

    /** Takes the custom resources of an exported state as this cloud's own (an upgrade's start). */
    seed(
        resources: {
            urn: string;
            type: string;
            id?: string;
            inputs?: Record<string, unknown>;
            outputs?: Record<string, unknown>;
            custom?: boolean;
        }[],
    ): void {
        for (const r of resources.filter(
            (x) => x.custom && x.id && x.type.split(":")[0] === this.pkg,
        )) {
            this.resources.set(this.serial++, {
                urn: r.urn,
                type: r.type,
                id: r.id!,
                inputs: r.inputs ?? {},
                outputs: r.outputs ?? {},
            });
        }
    }

    /** The resources of one stack. */
    stackResources(stack: string): CloudResource[] {
        return [...this.resources.values()].filter((r) => urnParts(r.urn).stack === stack);
    }

    async start(): Promise<number> {
        const unary =
            <Req>(name: string, fn: (request: Req) => unknown): Unary<Req> =>
            (call, callback) => {
                try {
                    callback(null, fn(call.request));
                } catch (e) {
                    console.error(`fake ${this.pkg} ${name}:`, e);
                    callback(e as Error);
                }
            };
        // Previews of updates keep the outputs an update leaves alone (an address), as the real
        // providers' previews do; without it every dependent input would read as unknown.
        const configResponse = () =>
            new providerProto.ConfigureResponse()
                .setAcceptsecrets(false)
                .setSupportspreview(true)
                .setAcceptresources(false);
        this.server.addService(providerRpc.ResourceProviderService, {
            getPluginInfo: unary("getPluginInfo", () =>
                new pluginProto.PluginInfo().setVersion(this.version),
            ),
            getSchema: unary("getSchema", () =>
                new providerProto.GetSchemaResponse().setSchema(
                    JSON.stringify({ name: this.pkg, version: this.version }),
                ),
            ),
            checkConfig: unary("checkConfig", (req: providerProto.CheckRequest) =>
                new providerProto.CheckResponse().setInputs(req.getNews()),
            ),
            diffConfig: unary("diffConfig", () =>
                new providerProto.DiffResponse().setChanges(
                    providerProto.DiffResponse.DiffChanges.DIFF_NONE,
                ),
            ),
            configure: unary("configure", configResponse),
            check: unary("check", (req: providerProto.CheckRequest) => this.check(req)),
            diff: unary("diff", (req: providerProto.DiffRequest) => this.diff(req)),
            // An optional create time per resource type (the bench's deploy critical path).
            create: ((call, callback) => {
                const start = epochMs();
                const answer = () => {
                    if (!call.request.getPreview())
                        this.createSpans.push({
                            type: urnParts(call.request.getUrn()).type,
                            start,
                            end: epochMs(),
                        });
                    unary("create", (req: providerProto.CreateRequest) => this.create(req))(
                        call,
                        callback,
                    );
                };
                const ms = createDelay(call.request);
                return ms ? setTimeout(answer, ms) : answer();
            }) as Unary<providerProto.CreateRequest>,
            read: unary("read", (req: providerProto.ReadRequest) => this.read(req)),
            update: unary("update", (req: providerProto.UpdateRequest) => this.update(req)),
            delete: unary("delete", (req: providerProto.DeleteRequest) => this.delete(req)),
            invoke: unary("invoke", (req: providerProto.InvokeRequest) => {
                this.calls.push(`Invoke ${req.getTok()}`);
                const answer = cloudCalls[req.getTok()];
                if (!answer) throw new Error(`fake ${this.pkg} has no answer for ${req.getTok()}`);
                return new providerProto.InvokeResponse().setReturn(
                    toStruct(answer(fromStruct(req.getArgs()))),
                );
            }),
            // The engine hands an attached provider its own address; the fakes need nothing from it.
            attach: unary("attach", () => new emptyproto.Empty()),
            cancel: unary("cancel", () => new emptyproto.Empty()),
        });
        this.port = await new Promise<number>((resolve, reject) =>
            this.server.bindAsync(
                "127.0.0.1:0",
                grpc.ServerCredentials.createInsecure(),
                (err, port) => (err ? reject(err) : resolve(port)),
            ),
        );
        return this.port;
    }

    stop(): void {
        this.server.forceShutdown();
    }

    private check(req: providerProto.CheckRequest) {
        const { type, name } = urnParts(req.getUrn());
        const news = fromStruct(req.getNews());
        const olds = fromStruct(req.getOlds());
        // Like the real providers: keep an earlier generated name, else make one.
        if (autonames(type) && news.name === undefined)
            news.name = olds.name ?? `${name}-${hex(req.getUrn() + req.getRandomseed_asB64(), 7)}`;
        return new providerProto.CheckResponse().setInputs(toStruct(news));
    }

    private diff(req: providerProto.DiffRequest) {
        const { type } = urnParts(req.getUrn());
        const olds = req.hasOldInputs()
            ? fromStruct(req.getOldInputs())
            : fromStruct(req.getOlds());
        const news = fromStruct(req.getNews());
        const changed = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter(
            (k) =>
                JSON.stringify(news[k] ?? null).includes(UNKNOWN) ||
                !isDeepStrictEqual(olds[k], news[k]),
        );
        const replaced = replacedInputs(type, olds, news).filter((k) => changed.includes(k));
        return new providerProto.DiffResponse()
            .setChanges(
                changed.length
                    ? providerProto.DiffResponse.DiffChanges.DIFF_SOME
                    : providerProto.DiffResponse.DiffChanges.DIFF_NONE,
            )
            .setDiffsList(changed)
            .setReplacesList(replaced)
            .setDeletebeforereplace(false);
    }

    private create(req: providerProto.CreateRequest) {
        const urn = req.getUrn();
        const { type, name } = urnParts(urn);
        const inputs = fromStruct(req.getProperties());
        if (req.getPreview())
            return new providerProto.CreateResponse().setProperties(toStruct(inputs));
        // AWS load balancers and target groups and every GCP resource are unique by name in
        // their scope: the cloud refuses a second one (so a replacement needs a new name).
        const taken =
            inputs.name !== undefined &&
            [...this.resources.values()].find(
                (r) => r.type === type && r.inputs.name === inputs.name,
            );
        if (taken && autonames(type))
            throw new Error(`${type} named ${inputs.name} already exists (${taken.urn})`);
        const serial = this.serial++;
        const id = cloudId(type, `${urn}#${serial}`, inputs);
        const outputs = { ...inputs, ...createdOutputs(type, name, inputs) };
        this.calls.push(`Create ${urn}`);
        this.resources.set(serial, { urn, type, id, inputs, outputs });
        return new providerProto.CreateResponse().setId(id).setProperties(toStruct(outputs));
    }

    private find(urn: string, id: string): [number, CloudResource] | undefined {
        return [...this.resources.entries()].find(([, r]) => r.urn === urn && r.id === id);
    }

    private read(req: providerProto.ReadRequest) {
        const found = this.find(req.getUrn(), req.getId())?.[1];
        if (!found) return new providerProto.ReadResponse();
        return new providerProto.ReadResponse()
            .setId(found.id)
            .setProperties(toStruct(found.outputs))
            .setInputs(toStruct(found.inputs));
    }

    private update(req: providerProto.UpdateRequest) {
        const urn = req.getUrn();
        const { type, name } = urnParts(urn);
        const [key, found] = this.find(urn, req.getId()) ?? [];
        if (!found || key === undefined)
            throw new Error(`update of ${urn}, which the fake ${this.pkg} does not hold`);
        const inputs = fromStruct(req.getNews());
        const outputs = { ...found.outputs, ...inputs, ...createdOutputs(type, name, inputs) };
        if (req.getPreview())
            return new providerProto.UpdateResponse().setProperties(toStruct(outputs));
        this.calls.push(`Update ${urn}`);
        this.resources.set(key, { ...found, inputs, outputs });
        return new providerProto.UpdateResponse().setProperties(toStruct(outputs));
    }

    private delete(req: providerProto.DeleteRequest) {
        const urn = req.getUrn();
        this.calls.push(`Delete ${urn}`);
        const key = this.find(urn, req.getId())?.[0];
        if (key === undefined)
            throw new Error(
                `delete of ${urn} ${req.getId()}, which the fake ${this.pkg} does not hold`,
            );
        this.resources.delete(key);
        return new emptyproto.Empty();
    }
}
