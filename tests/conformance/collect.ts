// The scenarios the conformance layer judges: every cluster the component suites build
// (recorded by capture.ts in a child run of those suites) and clusters generated with
// fast-check from the shared model's arbitraries, built here under the same mock runtime.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { clusterArgsArb } from "../model/arbitraries";
import { CloudPlanner, PLANNERS } from "../model/clouds";
import { componentOf } from "../support/components";
import { build, Registered } from "../support/harness";
import { CapturedScenario } from "./capture";
import { fastStacks } from "./stacks";

export type Cloud = "aws" | "azure" | "gcp";
export const CLOUDS: Cloud[] = ["aws", "azure", "gcp"];

export interface Scenario extends CapturedScenario {
    cloud: Cloud;
}

const ROOT = path.resolve(__dirname, "../..");
const SUITES = ["tests/aws", "tests/azure", "tests/gcp"];
/** Fixed, so a violation found by a generated cluster is found again by the next run. */
const SEED = 20261123;
export const GENERATED_PER_CLOUD = 200;

const cloudOf = (resources: Registered[]): Cloud | undefined =>
    CLOUDS.find((c) =>
        resources.some((r) => r.type.startsWith(c === "azure" ? "azure-native:" : `${c}:`)),
    );

/** Runs the component suites in a child mocha and returns every cluster they built. */
export function suiteScenarios(): Scenario[] {
    const out = path.join(
        fs.mkdtempSync(path.join(os.tmpdir(), "hacluster-capture-")),
        "scenarios.json",
    );
    const files = SUITES.flatMap((dir) =>
        fs
            .readdirSync(path.join(ROOT, dir))
            .filter((f) => f.endsWith(".test.ts"))
            .map((f) => path.join(dir, f)),
    );
    const child = spawnSync(
        process.execPath,
        [
            require.resolve("mocha/bin/mocha.js"),
            "--no-config",
            "-r",
            "ts-node/register/transpile-only",
            "-r",
            "tests/conformance/capture.ts",
            "--timeout",
            "120000",
            "--reporter",
            "dot",
            ...files,
        ],
        {
            cwd: ROOT,
            env: { ...process.env, HACLUSTER_CAPTURE: out },
            encoding: "utf8",
            maxBuffer: 64 << 20,
        },
    );
    if (!fs.existsSync(out))
        throw new Error(`the component suites recorded nothing:\n${child.stdout}\n${child.stderr}`);
    const captured: CapturedScenario[] = JSON.parse(fs.readFileSync(out, "utf8"));
    return captured.flatMap((s) => {
        const cloud = cloudOf(s.resources);
        return cloud ? [{ ...s, id: `suite: ${s.id}`, cloud }] : [];
    });
}

type Args = Record<string, unknown>;

const AWS_TARGETS = {
    public: {
        controllers: { instanceIds: ["i-0c1", "i-0c2"] },
        workers: { autoScalingGroupNames: ["workers"] },
    },
    internal: {
        controllers: { ipAddresses: ["10.0.1.10", "10.0.2.10"] },
        workers: { ipAddresses: ["10.0.1.20"] },
    },
};
const AZURE_KEPT_IP =
    "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-ips/providers/Microsoft.Network/publicIPAddresses/k8s-api";
const gcpInstance = (zone: string, name: string) =>
    `https://www.googleapis.com/compute/v1/projects/demo-project/zones/${zone}/instances/${name}`;

/** What each cloud needs besides the shared model, plus its optional features, generated. */
export const EXTRAS: Record<Cloud, (args: Args) => fc.Arbitrary<Args>> = {
    aws: (args) =>
        fc.record({
            controllers: fc.constant(
                AWS_TARGETS[args.scheme === "internal" ? "internal" : "public"].controllers,
            ),
            workers: fc.constant(
                AWS_TARGETS[args.scheme === "internal" ? "internal" : "public"].workers,
            ),
            staticIpv4: args.scheme === "internal" ? fc.constant(false) : fc.boolean(),
            // Addresses the user keeps or pins (docs/endpoints.md).
            eipAllocationIds:
                args.scheme === "internal"
                    ? fc.constant(undefined)
                    : fc.option(fc.constant(["eipalloc-0a1", "eipalloc-0b2"]), { nil: undefined }),
            privateIpv4Addresses:
                args.scheme === "internal"
                    ? fc.option(fc.constant(["10.0.1.5", "10.0.2.5"]), { nil: undefined })
                    : fc.constant(undefined),
            dns: fc.option(fc.constant({ zoneId: "Z0123456789ABC", name: "k8s.example.com" }), {
                nil: undefined,
            }),
            tags: fc.dictionary(
                fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/),
                fc.stringMatching(/^[a-z0-9-]{0,20}$/),
                { maxKeys: 3 },
            ),
            routeTableIds: fc.constant(["rtb-0a1"]),
            routes: fc.option(
                fc.constant([{ destinationCidr: "192.168.0.0/16", transitGatewayId: "tgw-0a1" }]),
                { nil: undefined },
            ),
        }),
    azure: (args) =>
        fc.record({
            dns: fc.option(
                fc.constant({
                    zoneName: args.scheme === "internal" ? "k8s.internal" : "example.com",
                    name: args.scheme === "internal" ? "k8s.internal" : "k8s.example.com",
                }),
                {
                    nil: undefined,
                },
            ),
            tags: fc.dictionary(
                fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/),
                fc.stringMatching(/^[a-z0-9]{0,10}$/),
                { maxKeys: 3 },
            ),
            privateIpv4Address:
                args.scheme === "internal"
                    ? fc.option(fc.constant("10.0.1.50"), { nil: undefined })
                    : fc.constant(undefined),
            publicIpv4AddressId:
                args.scheme === "internal"
                    ? fc.constant(undefined)
                    : fc.option(fc.constant(AZURE_KEPT_IP), { nil: undefined }),
            outboundSnat:
                args.scheme === "internal"
                    ? fc.constant(undefined)
                    : fc.option(
                          fc.constantFrom(
                              { allocatedOutboundPorts: 1024, idleTimeoutMinutes: 30 },
                              // More public IPs per outbound rule: outbound-only frontends.
                              {
                                  allocatedOutboundPorts: 1024,
                                  ipv4Count: 2,
                                  ipv6Count: args.ipv6 === true ? 2 : undefined,
                              },
                          ),
                          { nil: undefined },
                      ),
            routes: fc.option(
                fc.constant([
                    {
                        name: "to-onprem",
                        addressPrefix: "192.168.0.0/16",
                        nextHopType: "VirtualAppliance",
                        nextHopIpAddress: "10.0.0.4",
                    },
                ]),
                {
                    nil: undefined,
                },
            ),
        }),
    gcp: (args) =>
        fc.record({
            globalAccess: args.scheme === "internal" ? fc.boolean() : fc.constant(undefined),
            privateIpv4Address:
                args.scheme === "internal"
                    ? fc.option(fc.constant("10.128.0.50"), { nil: undefined })
                    : fc.constant(undefined),
            publicIpv4Address:
                args.scheme === "internal"
                    ? fc.constant(undefined)
                    : fc.option(fc.constant("34.120.0.7"), { nil: undefined }),
            // Refused (so skipped) where the controllers' frontends are IPv4 only.
            privateIpv6Address:
                args.scheme === "internal" && args.ipv6 === true
                    ? fc.option(fc.constant("fd20:a:b::"), { nil: undefined })
                    : fc.constant(undefined),
            controllers: fc.constant({
                instances: [gcpInstance("us-central1-a", "c0"), gcpInstance("us-central1-b", "c1")],
            }),
            workers: fc.constant({ instances: [gcpInstance("us-central1-a", "w0")] }),
            dns: fc.option(fc.constant({ managedZone: "example-com", name: "k8s.example.com" }), {
                nil: undefined,
            }),
            tags: fc.dictionary(
                fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/),
                fc.stringMatching(/^[a-z0-9_-]{0,10}$/),
                { maxKeys: 3 },
            ),
            routes: fc.option(
                fc.constant([
                    { name: "to-onprem", destRange: "192.168.0.0/16", nextHopIp: "10.128.0.4" },
                ]),
                { nil: undefined },
            ),
        }),
};

export const PLANNERS_OF: Record<Cloud, CloudPlanner[]> = {
    aws: PLANNERS.filter((p) => p.cloud === "aws"),
    azure: PLANNERS.filter((p) => p.cloud === "azure"),
    gcp: PLANNERS.filter((p) => p.cloud.startsWith("gcp")),
};

/**
 * `GENERATED_PER_CLOUD` valid clusters of one cloud, each built under the mock runtime. Specs
 * the planner rightly refuses are skipped (they register nothing), so each counted one is a
 * cluster the component accepts.
 */
export async function generatedScenarios(cloud: Cloud): Promise<Scenario[]> {
    const scenarios: Scenario[] = [];
    const arb = fc
        .tuple(fc.constantFrom(...PLANNERS_OF[cloud]), clusterArgsArb)
        .chain(([planner, shared]) => {
            let adapted: Args | undefined;
            try {
                adapted = planner.adapt(shared);
            } catch {
                adapted = undefined; // fc.pre inside adapt: a spec this cloud rightly refuses
            }
            return adapted === undefined
                ? fc.constant(undefined)
                : EXTRAS[cloud](adapted).map((extra) => ({
                      planner,
                      args: { ...planner.base, ...adapted, ...extra } as Args,
                  }));
        });
    const restore = fastStacks();
    try {
        await fc.assert(
            fc.asyncProperty(arb, async (generated) => {
                fc.pre(
                    generated !== undefined &&
                        generated.planner.plan(generated.args, "gen").problems.length === 0,
                );
                const { planner, args } = generated!;
                const { recorder } = await build(() => new (componentOf(cloud))("gen", args));
                scenarios.push({
                    id: `generated ${planner.cloud} #${scenarios.length + 1}: ${JSON.stringify(args)}`,
                    cloud,
                    resources: recorder.resources,
                });
            }),
            { seed: SEED, numRuns: GENERATED_PER_CLOUD, maxSkipsPerRun: 100, endOnFailure: true },
        );
    } finally {
        restore();
    }
    return scenarios;
}
