// Day 2 through the real engine: every ordinary edit, previewed from a deployed cluster with
// ingress, two services and DNS where the cloud has it, on the three clouds (TypeScript
// programs). Per edit it records the create/update/replace/delete counts and whether an
// address holder is replaced or deleted, writes the table docs/day2.md shows
// (HACLUSTER_DAY2_TABLE=<file>), and holds the product rule: no address holder is replaced
// or deleted unless the cloud forces it (FORCED, each with its source), and where it does the
// `up` goes through. The README's pull-request check (docs/pr-check.jq) must fail exactly on
// those edits and pass on the others.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Engine, ROOT } from "./engine";
import { Effect, effect } from "./holders";
import { CLUSTERS, clusterProgram } from "./upgrade/clusters";
import { Inputs, list, maybe, obj, objs } from "../support/inputs";

type Args = Inputs;
type Edit = (a: Args) => Args;

interface Cloud {
    /** Edits this cloud has beyond the shared ones (the inputs only it takes). */
    edits: Record<string, Edit>;
    /** The list input of the controllers (instance IDs, addresses, self links), all three. */
    controllers: [string, string[]];
}

const VNET = String(CLUSTERS.azure.args.virtualNetworkId);
const gcpInstance = (zone: string, name: string) =>
    `https://www.googleapis.com/compute/v1/projects/demo-project/zones/us-central1-${zone}/instances/${name}`;

const clouds: Record<string, Cloud> = {
    aws: {
        controllers: ["instanceIds", ["i-0a", "i-0b", "i-0c"]],
        edits: {
            // Internal NLBs register targets by IP (the model refuses instance IDs there).
            "change scheme to internal": (a) => ({
                ...a,
                scheme: "internal",
                targetType: "instance",
            }),
            "add a subnet": (a) => ({ ...a, subnetIds: [...list(a, "subnetIds"), "subnet-0d"] }),
            "remove a subnet": (a) => ({ ...a, subnetIds: list(a, "subnetIds").slice(0, 2) }),
            "turn staticIpv4 on": (a) => ({ ...a, staticIpv4: true }),
        },
    },
    azure: {
        controllers: ["ipAddresses", ["10.0.1.4", "10.0.1.5", "10.0.1.6"]],
        edits: {
            "change scheme to internal": (a) => ({
                ...a,
                scheme: "internal",
                subnetId: `${VNET}/subnets/nodes`,
                dnsLabel: undefined,
            }),
            "add a zone": (a) => ({ ...a, zones: ["1", "2", "3"] }),
        },
    },
    gcp: {
        controllers: ["instances", ["a", "b", "c"].map((z) => gcpInstance(z, `controller-${z}`))],
        edits: {
            "change scheme to internal": (a) => ({ ...a, scheme: "internal" }),
        },
    },
};

const services = (a: Args, f: (s: Args[]) => Args[]) => ({
    ...a,
    services: f(objs(a, "services")),
});
const apiserver = (a: Args, more: Args) => ({
    ...a,
    apiserver: { ...maybe(obj, a, "apiserver"), ...more },
});

/** The edits every cloud takes, from the shared input model. */
const SHARED: Record<string, Edit> = {
    "add a service": (a) =>
        services(a, (s) => [...s, { name: "gamma", port: 30103, targetPort: 30103 }]),
    "remove a service": (a) => services(a, (s) => s.slice(0, 1)),
    "rename a service": (a) => services(a, (s) => [s[0], { ...s[1], name: "delta" }]),
    "reorder services": (a) => services(a, (s) => [...s].reverse()),
    "change a service's port": (a) =>
        services(a, (s) => [s[0], { ...s[1], port: 30202, targetPort: 30202 }]),
    "change a service's target port": (a) =>
        services(a, (s) => [s[0], { ...s[1], targetPort: 30202 }]),
    "change a service's protocol": (a) =>
        services(a, (s) => [
            s[0],
            {
                ...s[1],
                protocol: "UDP",
                healthCheck: { protocol: "HTTP", port: 10256, path: "/healthz" },
            },
        ]),
    "add a controller": (a) => a, // filled per cloud (the list input differs)
    "remove a controller": (a) => a,
    "restrict allowedCidrs": (a) => ({
        ...a,
        ingress: { ...maybe(obj, a, "ingress"), allowedCidrs: ["203.0.113.0/24"] },
    }),
    "add nodeSourceCidrs": (a) => ({ ...a, nodeSourceCidrs: ["10.0.0.0/16"] }),
    "turn enableHttp off": (a) => ({
        ...a,
        ingress: { ...maybe(obj, a, "ingress"), enableHttp: false },
    }),
    "change the health check": (a) =>
        apiserver(a, { healthCheck: { protocol: "HTTPS", path: "/readyz", intervalSeconds: 10 } }),
    "change an idle timeout": (a) => apiserver(a, { idleTimeoutSeconds: 1200 }),
    "turn ipv6 on": (a) => ({ ...a, ipv6: true }),
    "change clusterName": (a) => ({ ...a, clusterName: "prod2" }),
    "change tags": (a) => ({ ...a, tags: { team: "platform" } }),
};

/**
 * Edits where the cloud forces an address holder's replacement or deletion, per cloud, with
 * the source; `up` must go through for each. Everything else must keep every holder.
 */
const FORCED: Record<string, Record<string, string>> = {
    aws: {
        // terraform-provider-aws customizeDiffLoadBalancerNLB: subnets of a network load
        // balancer can only be added in place (tests/e2e/replacements/table.json).
        "remove a subnet": "customizeDiffLoadBalancerNLB (subnets)",
        "turn staticIpv4 on": "customizeDiffLoadBalancerNLB (subnets)",
        // ForceNew internal and target_type (load_balancer.go, target_group.go).
        "change scheme to internal": "ForceNew internal",
        // ForceNew name: the NLB's name carries the cluster name.
        "change clusterName": "ForceNew name",
    },
    azure: {
        // URL path parameters: every resource's name carries the cluster name.
        "change clusterName": "URL path parameters (names)",
        // A public load balancer's frontends move from public IPs to the subnet.
        "change scheme to internal": "public IPs deleted (an internal frontend has none)",
    },
    gcp: {
        // ForceNew name (resource_compute_address.go, resource_compute_forwarding_rule.go).
        "change clusterName": "ForceNew name",
        // ForceNew ports and load_balancing_scheme (resource_compute_forwarding_rule.go).
        "turn enableHttp off": "ForceNew ports",
        "change a service's port": "ForceNew ports",
        "change a service's protocol": "ForceNew ip_protocol",
        "change scheme to internal": "ForceNew load_balancing_scheme",
        "turn ipv6 on": "ForceNew ip_version",
    },
};

/**
 * The forced edits whose `up` runs here (each takes two ups, there and back): the ones whose
 * replacement would collide with a name the cloud keeps unique. The others (new names) are
 * previewed only, to keep the suite within its time.
 */
const UP_CHECKED: Record<string, string[]> = {
    aws: ["remove a subnet", "turn staticIpv4 on"],
    azure: [],
    gcp: ["turn enableHttp off"],
};

const PR_CHECK = path.join(ROOT, "docs/pr-check.jq");

/** docs/pr-check.jq over a `pulumi preview --json` plan: true when the check passes. */
function prCheckPasses(plan: string): boolean {
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

describe("day 2: every ordinary edit through the real engine", function () {
    this.timeout(900_000);
    const engine = new Engine();
    const rows: Record<string, Record<string, Effect>> = {};
    before(() => engine.start());
    after(() => {
        engine.stop();
        const out = process.env.HACLUSTER_DAY2_TABLE;
        if (out) fs.writeFileSync(out, JSON.stringify(rows, null, 1) + "\n");
    });

    for (const [cloud, spec] of Object.entries(clouds)) {
        describe(cloud, () => {
            const stack = `day2-${cloud}`;
            const project = "hacluster-e2e";
            const [key, ids] = spec.controllers;
            const cluster = CLUSTERS[cloud];
            const base: Args = cluster.args;
            const edits: Record<string, Edit> = {
                ...SHARED,
                "add a controller": (a) => ({ ...a, controllers: { [key]: ids } }),
                "remove a controller": (a) => ({ ...a, controllers: { [key]: ids.slice(0, 1) } }),
                ...spec.edits,
            };
            const job = (op: "preview" | "up" | "destroy") => ({
                op,
                stack,
                project,
                config: cluster.config,
            });
            const program = (args: Args) => clusterProgram(ROOT, stack, { ...cluster, args });

            before(() => engine.typescript(job("up"), program(base)));
            after(() => engine.typescript(job("destroy"), program(base)));

            for (const [name, edit] of Object.entries(edits)) {
                it(name, async () => {
                    let r;
                    try {
                        r = await engine.typescript(job("preview"), program(edit(base)));
                    } catch (err) {
                        // A refusal: one input error, before anything is registered.
                        const problem = String((err as { stderr?: unknown }).stderr ?? err).match(
                            /invalid inputs?:\s*\n\s*- ([^\n]*Fix:[^\n]*)/,
                        )?.[1];
                        assert.ok(
                            problem,
                            `${cloud} ${name}: the preview failed without an input error:\n${err}`,
                        );
                        (rows[cloud] ??= {})[name] = {
                            create: 0,
                            update: 0,
                            replace: 0,
                            delete: 0,
                            holders: [],
                            refused: problem,
                        };
                        return;
                    }
                    const e = effect(r.steps);
                    (rows[cloud] ??= {})[name] = e;
                    const forced = FORCED[cloud][name];
                    if (!forced)
                        assert.deepStrictEqual(
                            e.holders,
                            [],
                            `${cloud} ${name} replaces or deletes an address holder`,
                        );
                    // The pull-request check fails exactly when a holder goes: fed the plan's
                    // steps as `pulumi preview --json` lists them (op and urn per step).
                    const plan = JSON.stringify({
                        steps: r.steps.map((s) => ({ op: s.op, urn: s.urn })),
                    });
                    assert.strictEqual(
                        prCheckPasses(plan),
                        e.holders.length === 0,
                        `pr-check on ${cloud} ${name}`,
                    );
                    if (e.holders.length && UP_CHECKED[cloud].includes(name)) {
                        // The cloud forces it: the up must go through, then back.
                        await engine.typescript(job("up"), program(edit(base)));
                        await engine.typescript(job("up"), program(base));
                    }
                });
            }
        });
    }
});
