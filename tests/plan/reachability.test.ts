// The reachability view of the root demo: who reaches what, read from the registered
// resources, with the hop that decides and the contract's conditions.
import * as assert from "assert";
import * as path from "path";
import { AzureHaCluster } from "../../provider/src/azure/azureHaCluster";
import { AzureHaClusterArgs } from "../../provider/src/generated/types";
import { planAzure } from "../../provider/src/model/azure";
import { policyOf } from "../../provider/src/plan/policy";
import { readProgram } from "../../provider/src/plan/program";
import {
    ClusterReachability,
    reachabilityOf,
    reachabilityOfRun,
    renderReachability,
} from "../../provider/src/plan/reachability";
import { runCluster } from "../../provider/src/plan/run";
import { plainPaint } from "../../provider/src/plan/text";
import { build } from "../support/harness";

describe("hacluster-plan --format reachability", function () {
    this.timeout(60_000);
    const views = new Map<string, ClusterReachability>();

    before(async () => {
        for (const declaration of readProgram(path.resolve(__dirname, "../../Pulumi.yaml"))
            .clusters) {
            views.set(declaration.name, reachabilityOfRun(await runCluster(declaration))!);
        }
    });

    const flow = (cluster: string, frontend: string, family: string, client: string) =>
        views
            .get(cluster)!
            .frontends.find(
                (f) => f.frontend === frontend && f.family === family && f.client === client,
            )!;
    const direct = (cluster: string, role: string, port: number, client: string) =>
        views
            .get(cluster)!
            .nodes.find(
                (n) =>
                    n.role === role &&
                    n.port === port &&
                    n.family === "ipv4" &&
                    n.client === client,
            )!;

    it("AWS: the NLB's group admits the internet; the node group admits what the NLB forwards, under the contract", () => {
        const f = flow("aws", "svc-some-app", "ipv4", "internet");
        assert.strictEqual(f.reaches, "workers");
        assert.strictEqual(f.targetPort, 30333);
        assert.strictEqual(
            f.hop,
            "admitted by the node security group rule aws-workers-from-lb-tcp-30333",
        );
        assert.deepStrictEqual(f.conditions, ["the workers carry the workers' security group"]);
        assert.strictEqual(direct("aws", "workers", 30333, "internet").reaches, undefined);
        assert.strictEqual(direct("aws", "workers", 30333, "load balancer").reaches, "workers");
    });

    it("Azure: names the NSG rule, and the default rules after the user's", () => {
        assert.match(
            flow("azure", "apiserver", "ipv6", "internet").hop,
            /^admitted by the NSG rule demo-azure-apiserver-ipv6 \(\d+\)$/,
        );
        assert.strictEqual(direct("azure", "controllers", 22, "internet").reaches, undefined);
        assert.strictEqual(
            direct("azure", "controllers", 22, "peered network").hop,
            "admitted by the NSG rule AllowVnetInBound (65000)",
        );
    });

    it("Google Cloud: a node's own passthrough frontend is local; probes reach only the health port", () => {
        assert.strictEqual(
            flow("gcp", "apiserver", "ipv4", "controllers").hop,
            "local: the frontend address is the node's own",
        );
        assert.strictEqual(direct("gcp", "workers", 10254, "probers").reaches, "workers");
        assert.strictEqual(direct("gcp", "workers", 22, "probers").reaches, undefined);
    });

    it("renders one line per client class with the deciding hop", () => {
        const text = renderReachability(
            "gcp",
            "hacluster:index:GcpHaCluster",
            views.get("gcp")!,
            plainPaint,
        );
        assert.match(
            text,
            /ingress-http tcp\/80 -> 80 over ipv4\n {4}internet +✓ workers {2}admitted by the VPC firewall rule demo-gcp-ingress-clients-ipv4/,
        );
    });
});

describe("reachability of an Azure component alone", function () {
    this.timeout(60_000);
    // A resource name holding another role's marker: each rule's role is read from the NSG that
    // holds it, or the model's own prefix, not from a substring of its name.
    const NAME = "edge-nsg-controllers-1";
    const args = {
        resourceGroupName: "rg",
        scheme: "internal",
        subnetId:
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes",
        nodeSourceCidrs: ["10.77.0.0/16"],
        ingress: {},
        apiserver: { allowedCidrs: ["198.51.100.0/24"] },
    };
    let view: ClusterReachability;

    before(async () => {
        const spec = planAzure(args, NAME).plan!.cluster;
        const { recorder } = await build(
            () => new AzureHaCluster(NAME, args as AzureHaClusterArgs),
        );
        const policy = policyOf("hacluster:index:AzureHaCluster", recorder.resources, spec, false);
        view = reachabilityOf(policy, spec);
    });

    const flow = (frontend: string, client: string) =>
        view.frontends.find(
            (f) => f.frontend === frontend && f.family === "ipv4" && f.client === client,
        )!;
    const direct = (role: string, port: number, client: string) =>
        view.nodes.find(
            (n) => n.role === role && n.port === port && n.family === "ipv4" && n.client === client,
        )!;

    it("stops a peered network at the NSG's Deny rule on a restricted internal apiserver, after the clients and nodes", () => {
        assert.strictEqual(flow("apiserver", "client 198.51.100.0/24").reaches, "controllers");
        assert.strictEqual(flow("apiserver", "workers").reaches, "controllers");
        const peered = flow("apiserver", "peered network");
        assert.strictEqual(peered.reaches, undefined);
        assert.match(
            peered.hop,
            /^stopped by the NSG rule edge-nsg-controllers-1-apiserver-deny-vnet \(1399\)/,
        );
        // The probes' rule comes first; the peered network still reaches other ports by AllowVnetInBound.
        assert.strictEqual(direct("controllers", 6443, "probers").reaches, "controllers");
        assert.strictEqual(
            direct("controllers", 22, "peered network").hop,
            "admitted by the NSG rule AllowVnetInBound (65000)",
        );
    });

    it("reads each rule's role from its NSG, whatever the resource name holds", () => {
        assert.strictEqual(flow("ingress-http", "internet").reaches, "workers");
        assert.strictEqual(direct("controllers", 80, "internet").reaches, undefined);
        assert.strictEqual(direct("workers", 6443, "internet").reaches, undefined);
    });
});
