// The address holders each planner records, and the warnings the component gives at preview
// time from the deployed record and the new one (model/holders.ts): exactly the edits that
// replace or delete a holder warn, each naming its input (the e2e matrix holds the same
// against the engine's own replacements, tests/e2e/day2.e2e.ts).
import * as assert from "assert";
import { awsHolders } from "../../provider/src/model/aws/holders";
import { planAws } from "../../provider/src/model/aws";
import { azureHolders } from "../../provider/src/model/azure/holders";
import { planAzure } from "../../provider/src/model/azure";
import { gcpHolders } from "../../provider/src/model/gcp/holders";
import { planGcp } from "../../provider/src/model/gcp";
import { HolderWatch, holderWarnings } from "../../provider/src/model/holders";
import { Raw } from "../../provider/src/model/read";
import { unknown } from "../../provider/src/model/unknown";
import { CLUSTERS } from "../e2e/upgrade/clusters";
import { Inputs, list, obj } from "../support/inputs";

type Args = Inputs;
const watchers: Record<string, (args: Args) => HolderWatch> = {
    aws: (a) => awsHolders(planAws(a as Raw, "demo").plan!),
    azure: (a) => azureHolders(planAzure(a as Raw, "demo").plan!),
    gcp: (a) => gcpHolders(planGcp(a as Raw, "demo").plan!),
};

/** The inputs the warnings name, going from `from(base)` to `to(base)`. */
function warned(cloud: string, to: (a: Args) => Args, from: (a: Args) => Args = (a) => a) {
    const base = CLUSTERS[cloud].args as Args;
    const watch = watchers[cloud];
    return holderWarnings(watch(from(base)), watch(to(base))).map((w) => w.split(":")[0]);
}

describe("address holder warnings", () => {
    const staticIpv4 = (a: Args) => ({ ...a, staticIpv4: true });
    const rows: [string, string, (a: Args) => Args, string[], ((a: Args) => Args)?][] = [
        [
            "aws",
            "a subnet removed",
            (a) => ({ ...a, subnetIds: list(a, "subnetIds").slice(0, 2) }),
            ["changing subnetIds"],
        ],
        [
            "aws",
            "a subnet swapped",
            (a) => ({ ...a, subnetIds: ["subnet-0a", "subnet-0b", "subnet-0d"] }),
            ["changing subnetIds"],
        ],
        [
            "aws",
            "a subnet added",
            (a) => ({ ...a, subnetIds: [...list(a, "subnetIds"), "subnet-0d"] }),
            [],
        ],
        [
            "aws",
            "a subnet added with staticIpv4",
            (a) => staticIpv4({ ...a, subnetIds: [...list(a, "subnetIds"), "subnet-0d"] }),
            [],
            staticIpv4,
        ],
        ["aws", "staticIpv4 on", staticIpv4, ["changing staticIpv4"]],
        ["aws", "staticIpv4 off", (a) => a, ["changing staticIpv4"], staticIpv4],
        [
            "aws",
            "scheme internal",
            (a) => ({ ...a, scheme: "internal", targetType: "instance" }),
            ["changing scheme"],
        ],
        ["aws", "clusterName", (a) => ({ ...a, clusterName: "prod2" }), ["changing clusterName"]],
        ["aws", "ipv6 off", (a) => a, ["changing ipv6"], (a) => ({ ...a, ipv6: true })],
        ["aws", "tags", (a) => ({ ...a, tags: { team: "platform" } }), []],
        ["azure", "clusterName", (a) => ({ ...a, clusterName: "prod2" }), ["changing clusterName"]],
        [
            "azure",
            "scheme internal",
            (a) => ({
                ...a,
                scheme: "internal",
                subnetId: `${a.virtualNetworkId}/subnets/nodes`,
                dnsLabel: undefined,
                controllers: {},
                workers: {},
            }),
            ["changing scheme"],
        ],
        [
            "azure",
            "a service added",
            (a) => ({ ...a, services: [...list(a, "services"), { name: "gamma", port: 30103 }] }),
            [],
        ],
        [
            "gcp",
            "a service's port",
            (a) => ({
                ...a,
                services: [
                    obj(a, "services", 0),
                    { ...obj(a, "services", 1), port: 30202, targetPort: 30202 },
                ],
            }),
            ["changing services[1].port"],
        ],
        [
            "gcp",
            "enableHttp off",
            (a) => ({ ...a, ingress: { enableHttp: false } }),
            ["changing ingress.enableHttp"],
        ],
        [
            "gcp",
            "a service removed",
            (a) => ({ ...a, services: list(a, "services").slice(0, 1) }),
            [],
        ],
        [
            "gcp",
            "services reordered",
            (a) => ({ ...a, services: [...list(a, "services")].reverse() }),
            [],
        ],
    ];
    for (const [cloud, edit, to, expected, from] of rows)
        it(`${cloud}, ${edit}: ${expected.join(", ") || "no warning"}`, () => {
            assert.deepStrictEqual(warned(cloud, to, from), expected);
        });

    it("concludes nothing from a value not known yet", () => {
        const base = CLUSTERS.aws.args as Args;
        const later = watchers.aws({ ...base, subnetIds: unknown(Promise.resolve(["subnet-0a"])) });
        assert.deepStrictEqual(holderWarnings(watchers.aws(base), later), []);
    });

    it("names what goes and what clients see", () => {
        const base = CLUSTERS.aws.args as Args;
        const [w] = holderWarnings(
            watchers.aws(base),
            watchers.aws({ ...base, subnetIds: ["subnet-0a"] }),
        );
        assert.match(w, /^changing subnetIds: the network load balancer is replaced/);
    });
});
