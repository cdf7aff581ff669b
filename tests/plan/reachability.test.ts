// The reachability view of the root demo: who reaches what, read from the registered
// resources, with the hop that decides and the contract's conditions.
import * as assert from "assert";
import * as path from "path";
import { readProgram } from "../../provider/src/plan/program";
import {
    ClusterReachability,
    reachabilityOfRun,
    renderReachability,
} from "../../provider/src/plan/reachability";
import { runCluster } from "../../provider/src/plan/run";
import { plainPaint } from "../../provider/src/plan/text";

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
