// What the nodes must carry for the front door to work (issue 17, defect 12 and "The contract
// with the nodes"), per cloud and role, and which of it the component sees to itself.
import * as assert from "assert";
import { awsRequirements, planAws } from "../../provider/src/model/aws";
import { gcpRequirements, planGcp } from "../../provider/src/model/gcp";
import { NodeRequirement } from "../../provider/src/model/requirements";

const gcpBase = { region: "us-central1", network: "vpc" };
const link = (zone: string, name: string) =>
    `https://www.googleapis.com/compute/v1/projects/p/zones/${zone}/instances/${name}`;
const group =
    "https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instanceGroups/typhoon-workers";
const show = (list: NodeRequirement[]) =>
    list.map(
        (q) =>
            `${q.role} ${q.kind} ${q.value}${q.on ? ` on ${q.on}` : ""}${q.fulfilled ? " (fulfilled)" : ""}`,
    );

describe("node requirements", () => {
    it("gcp proxy: the user's worker groups must carry the named ports; the component's own groups carry them already", () => {
        const result = planGcp(
            {
                ...gcpBase,
                mode: "proxy",
                clusterName: "k8s",
                ingress: {},
                controllers: { instances: [link("us-central1-a", "c0")] },
                workers: { instanceGroups: [group] },
            },
            "k8s",
        );
        assert.deepStrictEqual(show(gcpRequirements(result.plan!)), [
            "controllers networkTag k8s-controller",
            "controllers namedPort apiserver=6443 (fulfilled)",
            "workers networkTag k8s-worker",
            `workers namedPort ingress-http=80 on ${group}`,
            `workers namedPort ingress-https=443 on ${group}`,
        ]);
    });

    it("gcp passthrough: tags only, and the NAT sources of a restricted public apiserver", () => {
        const result = planGcp(
            {
                ...gcpBase,
                clusterName: "k8s",
                controllerTags: ["cp"],
                apiserver: { allowedCidrs: ["198.51.100.0/24"] },
                nodeSourceCidrs: ["203.0.113.0/28"],
            },
            "k8s",
        );
        assert.deepStrictEqual(show(gcpRequirements(result.plan!)), [
            "controllers networkTag cp",
            "controllers egressSource 203.0.113.0/28",
            "workers networkTag k8s-worker",
            "workers egressSource 203.0.113.0/28",
        ]);
    });

    it("aws: every node carries its role's group; a given group is the user's, a created one must be attached", () => {
        const result = planAws(
            {
                vpcId: "vpc-1",
                subnetIds: ["subnet-a"],
                clusterName: "k8s",
                controllerSecurityGroupId: "sg-cp",
                ingress: {},
            },
            "k8s",
        );
        assert.deepStrictEqual(show(awsRequirements(result.plan!)), [
            "controllers securityGroup sg-cp",
            "workers securityGroup k8s-workers",
        ]);
        assert.match(
            awsRequirements(result.plan!)[1].why,
            /attach it \(the workerSecurityGroupId output\) to every node/,
        );
    });
});
