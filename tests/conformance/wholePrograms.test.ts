// The TypeScript examples as whole programs (issue 17, "Examples are whole programs"): the
// nodes each creates carry what the front door assumes of them.
import * as assert from "assert";
import { Registered } from "../support/harness";
import { list, maybe, objs, str, strs } from "../support/inputs";
import { Scenario } from "./collect";
import { EXAMPLE_CONFIG, exampleScenarios } from "./examples";

const inputsOf = (s: Scenario, type: string): Registered[] =>
    s.resources.filter((r) => r.type === type);

describe("examples are whole programs", function () {
    this.timeout(120_000);
    let scenarios: Scenario[] = [];
    before(async () => {
        scenarios = await exampleScenarios();
    });
    const example = (file: string) => scenarios.find((s) => s.id === `example: ${file}`)!;

    it("examples/aws-ts: controllers carry the group the component fills, in the private subnets behind the NAT (defect 13)", () => {
        const s = example("examples/aws-ts/index.ts");
        const instances = inputsOf(s, "aws:ec2/instance:Instance");
        assert.strictEqual(instances.length, 3);
        const groups = inputsOf(s, "aws:ec2/securityGroup:SecurityGroup");
        const controllerGroup = groups.find((g) => g.name === "controllers")!;
        assert.ok(controllerGroup, groups.map((g) => g.name).join(", "));
        const rules = inputsOf(s, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        const groupId = `${controllerGroup.name}-id`;
        // The component opens the apiserver's target and health-check port on that group...
        assert.ok(
            rules.some((r) => r.inputs.securityGroupId === groupId && r.inputs.fromPort === 6443),
            "the component fills the controllers' group",
        );
        const nodeSubnets: string[] = JSON.parse(EXAMPLE_CONFIG.nodeSubnetIds);
        const lbSubnets: string[] = JSON.parse(EXAMPLE_CONFIG.subnetIds);
        for (const i of instances) {
            // ...and every controller carries it, in a subnet routed through the NAT gateway.
            assert.deepStrictEqual(i.inputs.vpcSecurityGroupIds, [groupId]);
            assert.ok(
                nodeSubnets.includes(str(i.inputs, "subnetId")) &&
                    !lbSubnets.includes(str(i.inputs, "subnetId")),
                str(i.inputs, "subnetId"),
            );
        }
        const clients = rules
            .filter((r) => r.name.startsWith("demo-lb-apiserver-"))
            .map((r) => r.inputs.cidrIpv4 ?? r.inputs.cidrIpv6);
        assert.ok(
            clients.includes(`${EXAMPLE_CONFIG.natGatewayIp}/32`),
            `the NAT gateway's address is admitted: ${clients.join(", ")}`,
        );
        // The workers' Auto Scaling group keeps its own group, which the component fills.
        assert.ok(
            rules.some(
                (r) =>
                    r.inputs.securityGroupId === EXAMPLE_CONFIG.workerSecurityGroupId &&
                    r.inputs.fromPort === 443,
            ),
        );
    });

    it("examples/gcp-ts: controllers carry the firewall rules' target tag and egress through the Cloud NAT named in nodeSourceCidrs", () => {
        const s = example("examples/gcp-ts/index.ts");
        const firewalls = inputsOf(s, "gcp:compute/firewall:Firewall");
        const controllerTags = new Set(
            firewalls
                .filter((f) => /apiserver/.test(str(f.inputs, "name")))
                .flatMap((f) => f.inputs.targetTags),
        );
        for (const i of inputsOf(s, "gcp:compute/instance:Instance")) {
            assert.ok(
                list(i.inputs, "tags").some((t) => controllerTags.has(t)),
                `${i.name} carries ${[...controllerTags].join(", ")}`,
            );
            assert.ok(
                !objs(i.inputs, "networkInterfaces").some(
                    (n) => maybe(list, n, "accessConfigs")?.length,
                ),
                "no external address around the load balancer",
            );
        }
        const [nat] = inputsOf(s, "gcp:compute/routerNat:RouterNat");
        assert.ok(nat, "a Cloud NAT gives the nodes the address nodeSourceCidrs names");
        assert.deepStrictEqual(
            [nat.inputs.natIpAllocateOption, nat.inputs.natIps],
            ["MANUAL_ONLY", [EXAMPLE_CONFIG.natAddressSelfLink]],
        );
        const clients = strs(
            firewalls.find((f) => f.inputs.name === "demo-apiserver-clients-ipv4")!.inputs,
            "sourceRanges",
        );
        assert.ok(clients.includes(`${EXAMPLE_CONFIG.natAddress}/32`), clients.join(", "));
    });
});
