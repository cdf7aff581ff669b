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
import { AwsHaCluster } from "../../provider/src/aws/awsHaCluster";
import { AzureHaCluster } from "../../provider/src/azure/azureHaCluster";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { Engine, ROOT, Step } from "./engine";

type Args = Record<string, any>;
type Edit = (a: Args) => Args;

const VNET = "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet";
const gcpInstance = (zone: string, name: string) => `https://www.googleapis.com/compute/v1/projects/demo-project/zones/us-central1-${zone}/instances/${name}`;
const SERVICES = [
    { name: "alpha", port: 30101, targetPort: 30101 },
    { name: "beta", port: 30102, targetPort: 30102 },
];

/**
 * Resource types that hold an address clients reach (a DNS record points at one). Forwarding
 * rules carry one frontend's ports on GCP's reserved address: replacing one interrupts that
 * frontend, deleting one is the removal of that frontend (docs/pr-check.jq likewise).
 */
const SHARED_HOLDERS = [
    "aws:lb/loadBalancer:LoadBalancer", "aws:ec2/eip:Eip", "aws:route53/record:Record",
    "azure-native:network:PublicIPAddress", "azure-native:network:LoadBalancer",
    "gcp:compute/address:Address", "gcp:compute/globalAddress:GlobalAddress",
];
const FRONTEND_HOLDERS = ["gcp:compute/forwardingRule:ForwardingRule", "gcp:compute/globalForwardingRule:GlobalForwardingRule"];

interface Cloud {
    config: Record<string, string>;
    base: Args;
    build: (name: string, args: Args) => Record<string, unknown>;
    /** Edits this cloud has beyond the shared ones (the inputs only it takes). */
    edits: Record<string, Edit>;
    /** The list input of the controllers (instance IDs, addresses, self links). */
    controllers: [string, string[]];
}

const clouds: Record<string, Cloud> = {
    aws: {
        config: { "aws:region": "us-east-1" },
        base: {
            vpcId: "vpc-0123456789abcdef0",
            subnetIds: ["subnet-0a", "subnet-0b", "subnet-0c"],
            workers: { instanceIds: ["i-1a", "i-1b"] },
            dns: { zoneId: "Z0123456789ABCDEFGHIJ", name: "k8s.example.com" },
        },
        build: (name, args) => ({ url: new AwsHaCluster(name, args as any).apiserverUrl }),
        controllers: ["instanceIds", ["i-0a", "i-0b", "i-0c"]],
        edits: {
            // Internal NLBs register targets by IP (the model refuses instance IDs there).
            "change scheme to internal": (a) => ({ ...a, scheme: "internal", targetType: "instance" }),
            "add a subnet": (a) => ({ ...a, subnetIds: [...a.subnetIds, "subnet-0d"] }),
            "remove a subnet": (a) => ({ ...a, subnetIds: a.subnetIds.slice(0, 2) }),
            "turn staticIpv4 on": (a) => ({ ...a, staticIpv4: true }),
        },
    },
    azure: {
        config: { "azure-native:location": "westeurope" },
        base: {
            resourceGroupName: "rg",
            virtualNetworkId: VNET,
            workers: { ipAddresses: ["10.0.2.4", "10.0.2.5"] },
            dnsLabel: "k8s-demo",
        },
        build: (name, args) => ({ url: new AzureHaCluster(name, args as any).apiserverUrl }),
        controllers: ["ipAddresses", ["10.0.1.4", "10.0.1.5", "10.0.1.6"]],
        edits: {
            "change scheme to internal": (a) => ({ ...a, scheme: "internal", subnetId: `${VNET}/subnets/nodes`, dnsLabel: undefined }),
            "add a zone": (a) => ({ ...a, zones: ["1", "2", "3"] }),
        },
    },
    gcp: {
        config: { "gcp:project": "demo-project" },
        base: {
            region: "us-central1",
            network: "projects/demo-project/global/networks/k8s",
            subnetwork: "projects/demo-project/regions/us-central1/subnetworks/k8s-nodes",
            workers: { instances: ["a", "b"].map((z) => gcpInstance(z, `worker-${z}`)) },
        },
        build: (name, args) => ({ url: new GcpHaCluster(name, args as any).apiserverUrl }),
        controllers: ["instances", ["a", "b", "c"].map((z) => gcpInstance(z, `controller-${z}`))],
        edits: {
            "change scheme to internal": (a) => ({ ...a, scheme: "internal" }),
        },
    },
};

const services = (a: Args, f: (s: Args[]) => Args[]) => ({ ...a, services: f(a.services) });
const apiserver = (a: Args, more: Args) => ({ ...a, apiserver: { ...a.apiserver, ...more } });

/** The edits every cloud takes, from the shared input model. */
const SHARED: Record<string, Edit> = {
    "add a service": (a) => services(a, (s) => [...s, { name: "gamma", port: 30103, targetPort: 30103 }]),
    "remove a service": (a) => services(a, (s) => s.slice(0, 1)),
    "rename a service": (a) => services(a, (s) => [s[0], { ...s[1], name: "delta" }]),
    "reorder services": (a) => services(a, (s) => [...s].reverse()),
    "change a service's port": (a) => services(a, (s) => [s[0], { ...s[1], port: 30202, targetPort: 30202 }]),
    "change a service's target port": (a) => services(a, (s) => [s[0], { ...s[1], targetPort: 30202 }]),
    "change a service's protocol": (a) => services(a, (s) => [s[0], { ...s[1], protocol: "UDP" }]),
    "add a controller": (a) => a, // filled per cloud (the list input differs)
    "remove a controller": (a) => a,
    "restrict allowedCidrs": (a) => ({ ...a, ingress: { ...a.ingress, allowedCidrs: ["203.0.113.0/24"] } }),
    "add nodeSourceCidrs": (a) => ({ ...a, nodeSourceCidrs: ["10.0.0.0/16"] }),
    "turn enableHttp off": (a) => ({ ...a, ingress: { ...a.ingress, enableHttp: false } }),
    "change the health check": (a) => apiserver(a, { healthCheck: { protocol: "HTTPS", path: "/readyz", intervalSeconds: 10 } }),
    "change an idle timeout": (a) => apiserver(a, { idleTimeoutSeconds: 600 }),
    "turn ipv6 on": (a) => ({ ...a, ipv6: true }),
    "change clusterName": (a) => ({ ...a, clusterName: "prod2" }),
    "change tags": (a) => ({ ...a, tags: { team: "platform" } }),
};

/** What one edit did in the preview. */
export interface Effect {
    create: number;
    update: number;
    replace: number;
    delete: number;
    /** Address holders replaced or deleted, as `<op> <type>::<name>`. */
    holders: string[];
    /** The component's refusal (an input error naming the input and the fix), if any. */
    refused?: string;
}

export function effect(steps: Step[]): Effect {
    const ops = (...names: string[]) => steps.filter((s) => names.includes(s.op) && s.type !== "pulumi:pulumi:Stack");
    const replaced = ops("replace", "create-replacement").filter((s, i, all) => all.findIndex((o) => o.urn === s.urn) === i);
    return {
        create: ops("create").length,
        update: ops("update").length,
        replace: replaced.length,
        delete: ops("delete").length,
        holders: [
            ...replaced.filter((s) => [...SHARED_HOLDERS, ...FRONTEND_HOLDERS].includes(s.type)).map((s) => `replace ${s.type}::${s.name}`),
            ...ops("delete").filter((s) => SHARED_HOLDERS.includes(s.type)).map((s) => `delete ${s.type}::${s.name}`),
        ].sort(),
    };
}

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

const PR_CHECK = path.join(ROOT, "docs/pr-check.jq");

/** docs/pr-check.jq over a `pulumi preview --json` plan: true when the check passes. */
function prCheckPasses(plan: string): boolean {
    try {
        execFileSync("jq", ["-e", "-f", PR_CHECK], { input: plan, stdio: ["pipe", "ignore", "ignore"] });
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
            const base: Args = { ...spec.base, controllers: { [key]: ids.slice(0, 2) }, ingress: {}, services: SERVICES };
            const edits: Record<string, Edit> = {
                ...SHARED,
                "add a controller": (a) => ({ ...a, controllers: { [key]: ids } }),
                "remove a controller": (a) => ({ ...a, controllers: { [key]: ids.slice(0, 1) } }),
                ...spec.edits,
            };
            const job = (op: "preview" | "up" | "destroy") => ({ op, stack, project, config: spec.config });
            const program = (args: Args) => async () => spec.build(stack, args);

            before(() => engine.typescript(job("up"), program(base)));
            after(() => engine.typescript(job("destroy"), program(base)));

            for (const [name, edit] of Object.entries(edits)) {
                it(name, async () => {
                    let r;
                    try {
                        r = await engine.typescript(job("preview"), program(edit(base)));
                    } catch (err: any) {
                        // A refusal: one input error, before anything is registered.
                        const problem = String(err.stderr ?? err).match(/invalid inputs?:\s*\n\s*- ([^\n]*Fix:[^\n]*)/)?.[1];
                        assert.ok(problem, `${cloud} ${name}: the preview failed without an input error:\n${err}`);
                        (rows[cloud] ??= {})[name] = { create: 0, update: 0, replace: 0, delete: 0, holders: [], refused: problem };
                        return;
                    }
                    const e = effect(r.steps);
                    (rows[cloud] ??= {})[name] = e;
                    const forced = FORCED[cloud][name];
                    if (!forced) assert.deepStrictEqual(e.holders, [], `${cloud} ${name} replaces or deletes an address holder`);
                    // The pull-request check fails exactly when a holder goes: fed the plan's
                    // steps as `pulumi preview --json` lists them (op and urn per step).
                    const plan = JSON.stringify({ steps: r.steps.map((s) => ({ op: s.op, urn: s.urn })) });
                    assert.strictEqual(prCheckPasses(plan), e.holders.length === 0, `pr-check on ${cloud} ${name}`);
                    if (e.holders.length) {
                        // The cloud forces it: the up must go through, then back.
                        await engine.typescript(job("up"), program(edit(base)));
                        await engine.typescript(job("up"), program(base));
                    }
                });
            }
        });
    }
});
