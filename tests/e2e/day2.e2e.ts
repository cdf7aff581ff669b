// Day 2 through the real engine: every ordinary edit, previewed from a deployed cluster with
// ingress, two services and DNS where the cloud has it, on the three clouds, as TypeScript and
// as Pulumi YAML (through the provider plugin). Per edit it records the
// create/update/replace/delete counts and whether an address holder is replaced or deleted,
// writes the table docs/day2.md shows (HACLUSTER_DAY2_TABLE=<file>), and holds the product
// rule: no address holder is replaced or deleted unless the cloud forces it (FORCED, each
// with its source), where it does the `up` goes through, and the component warns at preview
// time naming the input. The README's pull-request check (docs/pr-check.jq) must fail
// exactly on the edits that touch a holder.
//
// One stack per cloud and language holds one cluster per edit, deployed at the edit's start
// and previewed at its end in one run: a step belongs to the edit of the cluster it descends
// from; those previews print no per-resource diff.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Engine, ROOT, Step } from "./engine";
import { Effect, effect } from "./holders";
import { writeYamlProgram } from "../support/yamlProgram";
import { Inputs, list, maybe, obj, objs } from "../support/inputs";
import { CLUSTERS, Cluster } from "./upgrade/clusters";

type Args = Inputs;
type Edit = (a: Args) => Args;
/** An edit: the cluster is deployed with `from(base)` and previewed with `to(base)`. */
interface Change {
    from: Edit;
    to: Edit;
}

const same: Edit = (a) => a;
const to = (edit: Edit): Change => ({ from: same, to: edit });
const undo = (edit: Edit): Change => ({ from: edit, to: same });
const between = (from: Edit, edit: Edit): Change => ({ from, to: edit });

/** A role's members given by `key`: the first n of `list` (with `extra` args, such as `targetType`). */
interface Form {
    label: string;
    role: "controllers" | "workers";
    key: string;
    list: string[];
    extra?: Args;
}

/** One at a time: add a third member to two, remove one of two. */
function memberEdits(forms: Form[]): Record<string, Change> {
    const edits: Record<string, Change> = {};
    for (const { label, role, key, list, extra } of forms) {
        const n = (k: number) => (a: Args) => ({
            ...a,
            ...extra,
            [role]: { [key]: list.slice(0, k) },
        });
        edits[`add a ${label}`] = between(n(2), n(3));
        edits[`remove a ${label}`] = between(n(2), n(1));
    }
    return edits;
}

/** The first one or two of a cloud's routes (with what they need, such as route tables). */
const routeEdits = (routes: Args[], extra: Args = {}): Record<string, Change> => {
    const n = (k: number) => (a: Args) => ({ ...a, ...extra, routes: routes.slice(0, k) });
    return { "add a route": between(n(1), n(2)), "remove a route": between(n(2), n(1)) };
};

const VNET = String(CLUSTERS.azure.args.virtualNetworkId);
const gcpLink = (kind: string, zone: string, name: string) =>
    `https://www.googleapis.com/compute/v1/projects/demo-project/zones/us-central1-${zone}/${kind}/${name}`;
const gcpNodes = (kind: string, prefix: string) =>
    ["a", "b", "c"].map((z) => gcpLink(kind, z, `${prefix}-${z}`));

const services = (a: Args, f: (s: Args[]) => Args[]) => ({
    ...a,
    services: f(objs(a, "services")),
});
const apiserver = (a: Args, more: Args) => ({
    ...a,
    apiserver: { ...maybe(obj, a, "apiserver"), ...more },
});
const ingress = (a: Args, more: Args) => ({
    ...a,
    ingress: { ...maybe(obj, a, "ingress"), ...more },
});
const restrict: Edit = (a) => ingress(a, { allowedCidrs: ["203.0.113.0/24"] });
const ipv6: Edit = (a) => ({ ...a, ipv6: true });
const httpOff: Edit = (a) => ingress(a, { enableHttp: false });
const staticIpv4: Edit = (a) => ({ ...a, staticIpv4: true });
/** Azure's pools are per family: with ipv6 every role needs IPv6 addresses too. */
const azureIpv6: Edit = (a) => ({
    ...a,
    ipv6: true,
    controllers: {
        ipAddresses: [...list(a, "controllers", "ipAddresses"), "fd00:db8:1::4", "fd00:db8:1::5"],
    },
    workers: {
        ipAddresses: [...list(a, "workers", "ipAddresses"), "fd00:db8:2::4", "fd00:db8:2::5"],
    },
});

/** The edits every cloud takes, from the shared input model. */
const SHARED: Record<string, Change> = {
    "add a service": to((a) =>
        services(a, (s) => [...s, { name: "gamma", port: 30103, targetPort: 30103 }]),
    ),
    "remove a service": to((a) => services(a, (s) => s.slice(0, 1))),
    "rename a service": to((a) => services(a, (s) => [s[0], { ...s[1], name: "delta" }])),
    "reorder services": to((a) => services(a, (s) => [...s].reverse())),
    "change a service's port": to((a) =>
        services(a, (s) => [s[0], { ...s[1], port: 30202, targetPort: 30202 }]),
    ),
    "change a service's target port": to((a) =>
        services(a, (s) => [s[0], { ...s[1], targetPort: 30202 }]),
    ),
    "change a service's protocol": to((a) =>
        services(a, (s) => [
            s[0],
            {
                ...s[1],
                protocol: "UDP",
                healthCheck: { protocol: "HTTP", port: 10256, path: "/healthz" },
            },
        ]),
    ),
    "restrict allowedCidrs": to(restrict),
    "widen allowedCidrs": undo(restrict),
    "add nodeSourceCidrs": to((a) => ({ ...a, nodeSourceCidrs: ["10.0.0.0/16"] })),
    "turn enableHttp off": to(httpOff),
    "turn enableHttp on": undo(httpOff),
    "change the health check": to((a) =>
        apiserver(a, { healthCheck: { protocol: "HTTPS", path: "/readyz", intervalSeconds: 10 } }),
    ),
    "change an idle timeout": to((a) => apiserver(a, { idleTimeoutSeconds: 1200 })),
    "turn ipv6 on": to(ipv6),
    "turn ipv6 off": undo(ipv6),
    "change clusterName": to((a) => ({ ...a, clusterName: "prod2" })),
    "change tags": to((a) => ({ ...a, tags: { team: "platform" } })),
};

/** Each cloud's own edits: its forms of controllers and workers, routes, and its own inputs. */
const CLOUD: Record<string, Record<string, Change>> = {
    aws: {
        ...memberEdits([
            {
                label: "controller",
                role: "controllers",
                key: "instanceIds",
                list: ["i-0a", "i-0b", "i-0c"],
            },
            {
                label: "worker",
                role: "workers",
                key: "instanceIds",
                list: ["i-1a", "i-1b", "i-1c"],
            },
            ...(["controllers", "workers"] as const).map((role, i) => ({
                label: `${role.slice(0, -1)} by address`,
                role,
                key: "ipAddresses",
                list: ["10.0.1", "10.0.2", "10.0.3"].map((n) => `${n}.${10 + 10 * i}`),
                // Both roles by address: targets are registered by IP.
                extra: {
                    targetType: "ip",
                    controllers: { ipAddresses: ["10.0.1.10", "10.0.2.10"] },
                    workers: { ipAddresses: ["10.0.1.20", "10.0.2.20"] },
                },
            })),
            {
                label: "worker group",
                role: "workers",
                key: "autoScalingGroupNames",
                list: ["workers-a", "workers-b", "workers-c"],
            },
        ]),
        ...routeEdits(
            [
                { destinationCidr: "10.200.0.0/16", natGatewayId: "nat-0a" },
                { destinationCidr: "10.201.0.0/16", natGatewayId: "nat-0a" },
            ],
            { routeTableIds: ["rtb-0a", "rtb-0b"] },
        ),
        // Internal NLBs register targets by IP (the model refuses instance IDs there).
        "change scheme to internal": to((a) => ({
            ...a,
            scheme: "internal",
            targetType: "instance",
        })),
        "add a subnet": to((a) => ({ ...a, subnetIds: [...list(a, "subnetIds"), "subnet-0d"] })),
        "remove a subnet": to((a) => ({ ...a, subnetIds: list(a, "subnetIds").slice(0, 2) })),
        "turn staticIpv4 on": to(staticIpv4),
        "turn staticIpv4 off": undo(staticIpv4),
    },
    azure: {
        ...memberEdits([
            {
                label: "controller",
                role: "controllers",
                key: "ipAddresses",
                list: ["10.0.1.4", "10.0.1.5", "10.0.1.6"],
            },
            {
                label: "worker",
                role: "workers",
                key: "ipAddresses",
                list: ["10.0.2.4", "10.0.2.5", "10.0.2.6"],
            },
        ]),
        ...routeEdits([
            {
                name: "to-firewall",
                addressPrefix: "10.200.0.0/16",
                nextHopType: "VirtualAppliance",
                nextHopIpAddress: "10.0.9.4",
            },
            {
                name: "to-onprem",
                addressPrefix: "10.201.0.0/16",
                nextHopType: "VirtualNetworkGateway",
            },
        ]),
        "change scheme to internal": to((a) => ({
            ...a,
            scheme: "internal",
            subnetId: `${VNET}/subnets/nodes`,
            dnsLabel: undefined,
            // Internal pools are NIC-based: the nodes join through backendAddressPoolIds.
            controllers: {},
            workers: {},
        })),
        "turn ipv6 on": to(azureIpv6),
        "turn ipv6 off": undo(azureIpv6),
        "add a zone": to((a) => ({ ...a, zones: ["1", "2", "3"] })),
        "remove a zone": between(
            (a) => ({ ...a, zones: ["1", "2", "3"] }),
            (a) => ({ ...a, zones: ["1", "2"] }),
        ),
    },
    gcp: {
        ...memberEdits([
            {
                label: "controller",
                role: "controllers",
                key: "instances",
                list: gcpNodes("instances", "controller"),
            },
            {
                label: "worker",
                role: "workers",
                key: "instances",
                list: gcpNodes("instances", "worker"),
            },
            {
                label: "controller group",
                role: "controllers",
                key: "instanceGroups",
                list: gcpNodes("instanceGroups", "controllers"),
            },
            {
                label: "worker group",
                role: "workers",
                key: "instanceGroups",
                list: gcpNodes("instanceGroups", "workers"),
            },
        ]),
        ...routeEdits([
            { name: "to-onprem", destRange: "10.200.0.0/16", nextHopIp: "10.128.0.5" },
            {
                name: "egress",
                destRange: "10.201.0.0/16",
                nextHopGateway: "default-internet-gateway",
            },
        ]),
        "change scheme to internal": to((a) => ({ ...a, scheme: "internal" })),
    },
};

/**
 * The forced edits whose `up` runs here, in a stack of their own: the ones whose replacement
 * would collide with a name the cloud keeps unique (so the holder goes delete-first). The
 * others are previewed only, to keep the suite within its time.
 */
const UP_CHECKED: Record<string, string[]> = {
    aws: ["remove a subnet", "turn staticIpv4 on", "turn staticIpv4 off"],
    azure: [],
    gcp: ["turn enableHttp off", "change a service's port"],
};

/**
 * Edits the component refuses on a cloud, before anything is registered (one input error
 * naming the input and the fix). They are previewed alone: a refusal fails the whole run.
 */
const REFUSED: Record<string, string[]> = {
    aws: [],
    azure: [],
    // A passthrough load balancer maps no ports and has no idle timeout (docs/gcp.md).
    gcp: ["change a service's target port", "change an idle timeout"],
};

/**
 * Edits where the cloud forces an address holder's replacement or deletion, per cloud, with
 * the source. Everything else must keep every holder.
 */
const FORCED: Record<string, Record<string, string>> = {
    aws: {
        // terraform-provider-aws customizeDiffLoadBalancerNLB: subnets of a network load
        // balancer can only be added in place (tests/e2e/replacements/table.json).
        "remove a subnet": "customizeDiffLoadBalancerNLB (subnets)",
        "turn staticIpv4 on": "customizeDiffLoadBalancerNLB (subnets)",
        "turn staticIpv4 off": "customizeDiffLoadBalancerNLB (subnets); the Elastic IPs go",
        // ForceNew internal and target_type (load_balancer.go, target_group.go).
        "change scheme to internal": "ForceNew internal",
        // ForceNew name: the NLB's name carries the cluster name.
        "change clusterName": "ForceNew name",
        // The AAAA alias goes with the IPv6 frontend the edit removes.
        "turn ipv6 off": "the IPv6 frontend is removed",
    },
    azure: {
        // URL path parameters: every resource's name carries the cluster name.
        "change clusterName": "URL path parameters (names)",
        // A public load balancer's frontends move from public IPs to the subnet.
        "change scheme to internal": "public IPs deleted (an internal frontend has none)",
        "turn ipv6 off": "the IPv6 frontend is removed",
    },
    gcp: {
        // ForceNew name (resource_compute_address.go, resource_compute_forwarding_rule.go).
        "change clusterName": "ForceNew name",
        // ForceNew ports and load_balancing_scheme (resource_compute_forwarding_rule.go).
        "turn enableHttp off": "ForceNew ports",
        "turn enableHttp on": "ForceNew ports",
        "change a service's port": "ForceNew ports",
        "change a service's protocol": "ForceNew ip_protocol",
        "change scheme to internal": "ForceNew load_balancing_scheme",
        "turn ipv6 on": "ForceNew ip_version",
        "turn ipv6 off": "the IPv6 frontend is removed",
    },
};

/**
 * The edits run as Pulumi YAML too: those whose inputs take another path through the
 * provider (lists, nested objects, renames, unknown-free plain values). The counts must
 * equal the TypeScript program's: the same component code is behind both.
 */
const YAML_EDITS = [
    "add a service",
    "remove a service",
    "rename a service",
    "reorder services",
    "change a service's port",
    "change a service's protocol",
    "restrict allowedCidrs",
    "widen allowedCidrs",
    "turn enableHttp off",
    "turn ipv6 on",
    "turn ipv6 off",
    "change clusterName",
    "change tags",
];

const PR_CHECK = path.join(ROOT, "docs/pr-check.jq");

/** docs/pr-check.jq over a `pulumi preview --json` plan: true when the check passes. */
function prCheckPasses(steps: Step[]): boolean {
    // Fed the plan's steps as `pulumi preview --json` lists them (op and urn per step).
    const plan = JSON.stringify({ steps: steps.map((s) => ({ op: s.op, urn: s.urn })) });
    try {
        execFileSync("jq", ["-e", "-f", PR_CHECK], {
            input: plan,
            stdio: ["pipe", "ignore", "ignore"],
        });
        return true;
    } catch {
        return false;
    }
}

/** The steps of each top-level cluster, by its resource name (a step's oldest ancestor). */
function byCluster(steps: Step[]): Map<string, Step[]> {
    const parent = new Map(steps.map((s) => [s.urn, s.parent]));
    const top = (urn: string): string => {
        const p = parent.get(urn);
        if (!p || p.includes("::pulumi:pulumi:Stack::")) return urn;
        return parent.has(p) ? top(p) : p;
    };
    const groups = new Map<string, Step[]>();
    for (const s of steps) {
        if (!s.parent) continue; // the stack and default providers
        const name = top(s.urn).split("::").pop()!;
        groups.set(name, [...(groups.get(name) ?? []), s]);
    }
    return groups;
}

/** The inputs the warnings of cluster `name` name (component/holderHooks.ts). */
const warnedInputs = (warnings: string[] | undefined, name: string) =>
    (warnings ?? [])
        .map((w) => w.match(new RegExp(`HaCluster ${name}: changing ([^:]+):`))?.[1])
        .filter((i): i is string => i !== undefined)
        .sort();

/** A holder without its cluster's name: `<op> <type>`, so runs with other names compare. */
const holderKinds = (e: Effect) => e.holders.map((h) => h.split("::")[0]);

/** The refusal in a failed preview: one input error naming the input and the fix. */
const refusal = (err: unknown) =>
    String((err as { stderr?: unknown }).stderr ?? err).match(
        /invalid inputs?:\s*\n\s*- ([^\n]*Fix:[^\n]*)/,
    )?.[1];

/** The Pulumi YAML program of `clusters`, through the provider plugin. */
const yamlProgram = (dir: string, project: string, cluster: Cluster, clusters: [string, Args][]) =>
    writeYamlProgram(
        dir,
        project,
        Object.fromEntries(
            clusters.map(([name, args]) => [
                name,
                // JSON's view of the args: what a YAML file can say (no undefined).
                {
                    type: `hacluster:index:${cluster.component}`,
                    properties: JSON.parse(JSON.stringify(args)),
                },
            ]),
        ),
    );

describe("day 2: every ordinary edit through the real engine", function () {
    this.timeout(900_000);
    const engine = new Engine();
    const rows: Record<string, Record<string, Effect>> = {};
    before(async () => {
        await engine.start();
        // Hundreds of resources per stack: the state is written once per run, not per step.
        engine.env.PULUMI_SKIP_CHECKPOINTS = "true";
    });
    after(() => {
        engine.stop();
        const out = process.env.HACLUSTER_DAY2_TABLE;
        if (out) fs.writeFileSync(out, JSON.stringify(rows, null, 1) + "\n");
    });

    for (const cloud of Object.keys(CLOUD)) {
        describe(cloud, () => {
            const cluster = CLUSTERS[cloud];
            const base: Args = cluster.args;
            const edits = Object.entries({ ...SHARED, ...CLOUD[cloud] });
            const batched = edits.filter(([name]) => !REFUSED[cloud].includes(name));
            // Short names (the cluster name derives from them), unique per language.
            const named = (prefix: string, list: [string, Change][]) =>
                list.map(([edit, change], i) => ({
                    name: `${prefix}${cloud[0]}${i}`,
                    edit,
                    change,
                }));
            const ts = named("t", batched);
            const job = (op: "preview" | "up", stack: string, project: string) => ({
                op,
                stack,
                project,
                config: cluster.config,
                diff: false,
            });
            const program = (clusters: [string, Args][]) => async () => {
                const Component = (await import(`${ROOT}/${cluster.module}`))[cluster.component];
                for (const [name, args] of clusters) {
                    new Component(name, args);
                    // Let this process's fake clouds answer between constructions.
                    await new Promise((resolve) => setImmediate(resolve));
                }
            };
            const ends = (list: typeof ts, end: "from" | "to"): [string, Args][] =>
                list.map(({ name, change }) => [name, change[end](base)]);
            const row = (edit: string) => (rows[cloud] ??= {})[edit];
            const stack = `day2-${cloud}`;
            const project = "hacluster-e2e";

            before(() => engine.typescript(job("up", stack, project), program(ends(ts, "from"))));

            it("previews every edit; holders go only where the cloud forces it", async () => {
                const r = await engine.typescript(
                    job("preview", stack, project),
                    program(ends(ts, "to")),
                );
                const groups = byCluster(r.steps);
                const failures: string[] = [];
                for (const { name, edit } of ts) {
                    const steps = groups.get(name) ?? [];
                    const e = {
                        ...effect(steps.filter((s) => s.custom)),
                        warned: warnedInputs(r.warnings, name),
                    };
                    (rows[cloud] ??= {})[edit] = e;
                    // The component warns at preview time exactly where a holder goes.
                    if (e.holders.length > 0 !== e.warned.length > 0)
                        failures.push(`${edit}: holders ${e.holders} but warnings on ${e.warned}`);
                    if (!FORCED[cloud][edit] && e.holders.length)
                        failures.push(`${edit} replaces or deletes ${e.holders.join(", ")}`);
                    if (prCheckPasses(steps) !== (e.holders.length === 0))
                        failures.push(`pr-check on ${edit}`);
                }
                assert.deepStrictEqual(failures, [], cloud);
            });

            it("deploys the edits that replace a holder delete-first", async () => {
                // Names of their own: the fake clouds keep names unique across stacks.
                const checked = ts
                    .filter(({ edit }) => UP_CHECKED[cloud].includes(edit))
                    .map((c) => ({ ...c, name: c.name.replace(/^t/, "u") }));
                const upStack = `${stack}-up`;
                await engine.typescript(
                    job("up", upStack, project),
                    program(ends(checked, "from")),
                );
                const r = await engine.typescript(
                    job("up", upStack, project),
                    program(ends(checked, "to")),
                );
                const groups = byCluster(r.steps);
                for (const { name, edit } of checked) {
                    // The same holders go as previewed (updates may differ: a preview cannot
                    // know a replaced load balancer's new DNS name, the up can).
                    const e = effect((groups.get(name) ?? []).filter((s) => s.custom));
                    assert.deepStrictEqual(
                        holderKinds(e),
                        holderKinds(row(edit)),
                        `${cloud} ${edit}: the up did other than its preview`,
                    );
                }
            });

            for (const edit of REFUSED[cloud]) {
                it(`refuses: ${edit}`, async () => {
                    const change = Object.fromEntries(edits)[edit];
                    const err = await engine
                        .typescript(
                            job("preview", `${stack}-refused`, project),
                            program([["refused", change.to(base)]]),
                        )
                        .then(
                            () => undefined,
                            (e: unknown) => e,
                        );
                    const problem = refusal(err);
                    assert.ok(problem, `${cloud} ${edit}: no input error:\n${err}`);
                    rows[cloud][edit] = {
                        create: 0,
                        update: 0,
                        replace: 0,
                        delete: 0,
                        holders: [],
                        refused: problem,
                    };
                });
            }

            it("YAML through the provider plugin: the same counts as TypeScript", async () => {
                const yaml = named(
                    "y",
                    batched.filter(([edit]) => YAML_EDITS.includes(edit)),
                );
                const dir = path.join(engine.home, `day2-${cloud}-yaml`);
                const yjob = (op: "preview" | "up") =>
                    job(op, `day2-${cloud}-yaml`, `day2-${cloud}-yaml`);
                yamlProgram(dir, `day2-${cloud}-yaml`, cluster, ends(yaml, "from"));
                await engine.directory(yjob("up"), dir);
                yamlProgram(dir, `day2-${cloud}-yaml`, cluster, ends(yaml, "to"));
                const r = await engine.directory(yjob("preview"), dir);
                const groups = byCluster(r.steps);
                const counts = (e: Effect) => [
                    e.create,
                    e.update,
                    e.replace,
                    e.delete,
                    holderKinds(e),
                    e.warned,
                ];
                const differ = yaml
                    .map(({ name, edit }) => {
                        const e = {
                            ...effect((groups.get(name) ?? []).filter((s) => s.custom)),
                            warned: warnedInputs(r.warnings, name),
                        };
                        return { edit, yaml: counts(e), typescript: counts(row(edit)) };
                    })
                    .filter((d) => JSON.stringify(d.yaml) !== JSON.stringify(d.typescript));
                assert.deepStrictEqual(differ, [], `${cloud}: YAML and TypeScript differ`);
            });
        });
    }
});
