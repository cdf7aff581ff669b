// The plan view of a public apiserver with a private endpoint beside it (apiserver.internal):
// the second load balancer and its billable items show beside Typhoon's one.
import * as assert from "assert";
import * as path from "path";
import { readProgram } from "../../provider/src/plan/program";
import { runCluster } from "../../provider/src/plan/run";
import { ClusterView, viewOf } from "../../provider/src/plan/view";

const PROGRAM = path.join(__dirname, "fixtures", "internal.yaml");
const row = (view: ClusterView, item: string) => {
    const found = view.summary?.find((r) => r.item === item);
    assert.ok(found, `${view.name}: no row ${item}`);
    return [found.count, found.typhoon];
};

describe("hacluster-plan: the private apiserver endpoint", () => {
    let views: ClusterView[];
    before(async () => {
        const program = readProgram(PROGRAM);
        views = [];
        for (const declaration of program.clusters)
            views.push(viewOf(await runCluster(declaration)));
    });
    const view = (name: string) => views.find((v) => v.name === name)!;

    it("AWS: a second, internal NLB with its own listener and target group", () => {
        assert.deepStrictEqual(row(view("aws"), "network load balancers"), [2, 1]);
        assert.deepStrictEqual(row(view("aws"), "listeners"), [2, 1]);
        assert.deepStrictEqual(row(view("aws"), "target groups (health checks)"), [2, 1]);
        const nlbs = view("aws").resources!.filter(
            (r) => r.type === "aws:lb/loadBalancer:LoadBalancer",
        );
        assert.deepStrictEqual(
            nlbs.map((r) => [r.name, r.inputs.internal]),
            [
                ["aws-int-nlb", true],
                ["aws-nlb", false],
            ],
        );
    });

    it("Azure: a second, internal load balancer with one rule and one probe, no public IP", () => {
        assert.deepStrictEqual(row(view("azure"), "load balancers"), [2, 1]);
        assert.deepStrictEqual(row(view("azure"), "load-balancing rules"), [2, 1]);
        assert.deepStrictEqual(row(view("azure"), "public IPs"), [1, 1]);
    });

    it("Google Cloud: one more forwarding rule and backend service on the same health check", () => {
        assert.deepStrictEqual(row(view("gcp"), "forwarding rules"), [2, 1]);
        assert.deepStrictEqual(row(view("gcp"), "backend services"), [2, 1]);
        assert.deepStrictEqual(row(view("gcp"), "health checks"), [1, 1]);
    });

    it("internalDns: one A record per cloud for the private endpoint, no billable item", () => {
        const records = (name: string, type: string) =>
            view(name)
                .resources!.filter((r) => r.type === type)
                .map((r) => [r.name, r.inputs.type ?? r.inputs.recordType]);
        assert.deepStrictEqual(records("aws", "aws:route53/record:Record"), [
            ["aws-internal-dns-a", "A"],
        ]);
        assert.deepStrictEqual(records("azure", "azure-native:privatedns:PrivateRecordSet"), [
            ["azure-internal-dns-a", "A"],
        ]);
        assert.deepStrictEqual(records("gcp", "gcp:dns/recordSet:RecordSet"), [
            ["gcp-internal-dns-a", "A"],
        ]);
        for (const name of ["aws", "azure", "gcp"])
            assert.ok(!view(name).summary!.some((r) => /dns|record/i.test(r.item)));
    });
});
