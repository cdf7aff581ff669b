// A gRPC client of the spawned provider, the way the engine drives it.
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn, SpawnOptions } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { FakeEngine } from "./fakeEngine";

import * as providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";

const ROOT = path.resolve(__dirname, "..", "..");
export const LAUNCHER = path.join(
    ROOT,
    "provider",
    "cmd",
    "pulumi-resource-hacluster",
    "pulumi-resource-hacluster",
);
/** How the engine writes a value it does not know yet. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Spawns the provider (by default the launcher) and resolves with its port once it prints it. */
function startProvider(
    engineAddress: string,
    command = LAUNCHER,
    options: SpawnOptions = {},
): Promise<{ child: ChildProcess; port: number }> {
    if (command === LAUNCHER && !fs.existsSync(path.join(ROOT, "bin", "provider", "main.js")))
        throw new Error("run `npm run build` first");
    return new Promise((resolve, reject) => {
        const child = spawn(command, [engineAddress], {
            ...options,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stderr!.on("data", (d) => (stderr += d));
        child.once("exit", (code) => reject(new Error(`provider exited with ${code}: ${stderr}`)));
        child.stdout!.once("data", (d: Buffer) =>
            resolve({ child, port: Number(d.toString().trim().split("\n")[0]) }),
        );
    });
}

/** A unary client method, called by name. */
type RpcMethod = (request: unknown, callback: (err: Error | null, res: never) => void) => void;

export class ProviderSession {
    readonly engine = new FakeEngine();
    private child?: ChildProcess;
    private client?: providerRpc.ResourceProviderClient;

    /** `command` is the provider executable: the launcher, or the standalone plugin (tests/dist). */
    constructor(
        private readonly command = LAUNCHER,
        private readonly options: SpawnOptions = {},
    ) {}

    async start(): Promise<void> {
        await this.engine.start();
        const { child, port } = await startProvider(
            this.engine.address,
            this.command,
            this.options,
        );
        this.child = child;
        this.client = new providerRpc.ResourceProviderClient(
            `127.0.0.1:${port}`,
            grpc.credentials.createInsecure(),
        );
    }

    stop(): void {
        this.child?.removeAllListeners("exit");
        this.child?.kill();
        this.engine.stop();
    }

    call<T>(method: string, request: unknown): Promise<T> {
        return new Promise((resolve, reject) =>
            (this.client as unknown as Record<string, RpcMethod>)[method](
                request,
                (err: Error | null, res: T) => (err ? reject(err) : resolve(res)),
            ),
        );
    }

    getSchema(): Promise<providerProto.GetSchemaResponse> {
        return this.call("getSchema", new providerProto.GetSchemaRequest());
    }

    construct(
        type: string,
        name: string,
        inputs: Record<string, unknown>,
        dryRun = false,
    ): Promise<providerProto.ConstructResponse> {
        const req = new providerProto.ConstructRequest()
            .setProject(this.engine.project)
            .setStack(this.engine.stack)
            .setMonitorendpoint(this.engine.address)
            .setDryrun(dryRun)
            .setParallel(16)
            .setType(type)
            .setName(name)
            .setParent(this.engine.stackUrn)
            .setInputs(
                structproto.Struct.fromJavaScript(
                    inputs as Parameters<typeof structproto.Struct.fromJavaScript>[0],
                ),
            );
        return this.call("construct", req);
    }
}
