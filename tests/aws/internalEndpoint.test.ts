// The private apiserver endpoint on AWS (`apiserver.internal`, docs/endpoints.md): a second,
// internal NLB with its own security group, target group, listener and attachments.
import * as assert from "assert";
import { parse } from "yaml";
import { AwsHaCluster } from "../../provider/src/aws/awsHaCluster";
import { AwsHaClusterArgs } from "../../provider/src/generated/types";
import { build, Registered, valueOf } from "../support/harness";
import { str } from "../support/inputs";
import { hex } from "../support/states/common";
import { AWS_TWO_SUBNETS } from "../endpoints/fixtures";

const AWS = {
    nlb: "aws:lb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    attachment: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
};

async function aws(args: Partial<AwsHaClusterArgs>) {
    const { recorder, result } = await build(
        () => new AwsHaCluster("demo", { ...AWS_TWO_SUBNETS, ...args } as AwsHaClusterArgs),
    );
    return { r: recorder, c: result };
}

const rule = (x: Registered) =>
    `${x.name}: ${x.inputs.ipProtocol}/${x.inputs.fromPort} ${x.inputs.cidrIpv4 ?? x.inputs.referencedSecurityGroupId} -> ${x.inputs.securityGroupId}`;

describe("endpoints: apiserver.internal on AWS", () => {
    it("registers nothing for it when left out", async () => {
        const { r, c } = await aws({});
        assert.strictEqual(r.ofType(AWS.nlb).length, 1);
        assert.strictEqual(await valueOf(c.internalApiserverUrl), undefined);
        assert.deepStrictEqual(await valueOf(c.internalIpv4Addresses), []);
    });

    it("adds an internal NLB with its own group, target group, listener and attachments", async () => {
        const { r, c } = await aws({
            apiserver: {
                allowedCidrs: ["198.51.100.0/24"],
                internal: { allowedCidrs: ["10.20.0.0/16"] },
            },
        });
        const nlbs = r.ofType(AWS.nlb);
        assert.deepStrictEqual(
            nlbs.map((n) => [n.name, n.inputs.name, n.inputs.internal, n.inputs.ipAddressType]),
            [
                ["demo-nlb", "prod-nlb", false, "ipv4"],
                ["demo-int-nlb", "prod-int-nlb", true, "ipv4"],
            ],
        );
        const internal = r.named("demo-int-nlb");
        assert.deepStrictEqual(internal.inputs.subnets, ["subnet-a", "subnet-b"]);
        assert.deepStrictEqual(internal.inputs.securityGroups, ["demo-int-lb-sg-id"]);
        assert.strictEqual(r.named("demo-int-lb-sg").inputs.name, "prod-int-nlb");

        const tg = r.named("demo-apiserver-int-tg");
        assert.strictEqual(tg.inputs.port, 6443);
        assert.strictEqual(tg.inputs.protocol, "TCP");
        assert.strictEqual(tg.inputs.preserveClientIp, "false");
        assert.strictEqual(str(tg.inputs, "healthCheck", "protocol"), "HTTPS");
        assert.strictEqual(str(tg.inputs, "healthCheck", "path"), "/readyz");
        assert.notStrictEqual(tg.inputs.name, r.named("demo-apiserver-tg").inputs.name);

        const listener = r.named("demo-apiserver-int-listener");
        assert.strictEqual(listener.inputs.port, 6443);
        assert.match(str(listener.inputs, "loadBalancerArn"), /prod-int-nlb|demo-int-nlb/);
        assert.match(
            str(listener.inputs, "defaultActions", 0, "targetGroupArn"),
            new RegExp(str(tg.inputs, "name")),
        );
        // The public NLB keeps its one apiserver listener.
        assert.strictEqual(r.ofType(AWS.listener).length, 2);

        assert.deepStrictEqual(
            r
                .ofType(AWS.attachment)
                .filter((a) => a.name.startsWith("demo-apiserver-int-"))
                .map((a) => [a.name, a.inputs.targetId, a.inputs.port]),
            [
                ["demo-apiserver-int-target-i-c1", "i-c1", 6443],
                ["demo-apiserver-int-target-i-c2", "i-c2", 6443],
            ],
        );

        const rules = [...r.ofType(AWS.ingressRule), ...r.ofType(AWS.egressRule)]
            .filter((x) => x.name.includes("int-lb"))
            .map(rule)
            .sort();
        assert.deepStrictEqual(rules, [
            "demo-controllers-from-int-lb-tcp-6443: tcp/6443 demo-int-lb-sg-id -> demo-controllers-sg-id",
            "demo-int-lb-apiserver-int-10.20.0.0_16: tcp/6443 10.20.0.0/16 -> demo-int-lb-sg-id",
            "demo-int-lb-apiserver-int-controllers: tcp/6443 demo-controllers-sg-id -> demo-int-lb-sg-id",
            "demo-int-lb-apiserver-int-workers: tcp/6443 demo-workers-sg-id -> demo-int-lb-sg-id",
            "demo-int-lb-to-controllers-tcp-6443: tcp/6443 demo-controllers-sg-id -> demo-int-lb-sg-id",
        ]);
        // The public NLB admits only its own clients: the nodes' ranges are not added to it.
        assert.deepStrictEqual(
            r
                .ofType(AWS.ingressRule)
                .filter((x) => x.inputs.securityGroupId === "demo-lb-sg-id")
                .map((x) => x.inputs.cidrIpv4),
            ["198.51.100.0/24"],
        );

        const url = await valueOf(c.internalApiserverUrl);
        assert.match(url!, /^https:\/\/.+:6443$/);
        const host = url!.replace(/^https:\/\/|:6443$/g, "");
        const sans = await valueOf(c.certSans);
        assert.ok(sans.includes(host), `certSans ${sans} hold the internal NLB's name`);
        assert.strictEqual(new Set(sans).size, sans.length);
        const publicHost = (await valueOf(c.apiserverUrl)).replace(/^https:\/\/|:6443$/g, "");
        assert.ok(sans.includes(publicHost));
        assert.notStrictEqual(host, publicHost);
        assert.strictEqual(
            parse(await valueOf(c.kubeadmConfig)).controlPlaneEndpoint,
            `${host}:6443`,
        );
        const requirements = await valueOf(c.nodeRequirements);
        assert.ok(!JSON.stringify(requirements).includes("egressSource"));
    });

    it("pins the internal NLB's private addresses as subnet mappings and reports them", async () => {
        const { r, c } = await aws({
            apiserver: { internal: { privateIpv4Addresses: ["10.0.1.10", "10.0.2.10"] } },
        });
        assert.deepStrictEqual(r.named("demo-int-nlb").inputs.subnetMappings, [
            { subnetId: "subnet-a", privateIpv4Address: "10.0.1.10" },
            { subnetId: "subnet-b", privateIpv4Address: "10.0.2.10" },
        ]);
        assert.deepStrictEqual(await valueOf(c.internalIpv4Addresses), ["10.0.1.10", "10.0.2.10"]);
        const sans = await valueOf(c.certSans);
        assert.deepStrictEqual(sans.slice(-2), ["10.0.1.10", "10.0.2.10"]);
        // The default clients: what an internal NLB admits, the VPC and what routes into it.
        assert.strictEqual(
            r.named("demo-int-lb-apiserver-int-0.0.0.0_0").inputs.cidrIpv4,
            "0.0.0.0/0",
        );
    });

    it("internalDns: an alias A record to the internal NLB names the nodes' endpoint", async () => {
        const { r, c } = await aws({
            apiserver: { internal: {} },
            dns: { zoneId: "Z0PUBLIC", name: "k8s.example.com" },
            internalDns: { zoneId: "Z0PRIVATE", name: "api.k8s.internal" },
        });
        const nlbDnsName = (logical: string, name: string) =>
            `${name}-${hex(logical)}.elb.us-east-1.amazonaws.com`;
        // Alias records take the target's TTL, so none is set; the mock NLBs share one zone ID.
        assert.deepStrictEqual(
            r.ofType("aws:route53/record:Record").map((x) => [x.name, x.inputs]),
            [
                [
                    "demo-dns-a",
                    {
                        zoneId: "Z0PUBLIC",
                        name: "k8s.example.com",
                        type: "A",
                        aliases: [
                            {
                                name: nlbDnsName("demo-nlb", "prod-nlb"),
                                zoneId: "Z26RNL4JYFTOTI",
                                evaluateTargetHealth: true,
                            },
                        ],
                    },
                ],
                [
                    "demo-internal-dns-a",
                    {
                        zoneId: "Z0PRIVATE",
                        name: "api.k8s.internal",
                        type: "A",
                        aliases: [
                            {
                                name: nlbDnsName("demo-int-nlb", "prod-int-nlb"),
                                zoneId: "Z26RNL4JYFTOTI",
                                evaluateTargetHealth: true,
                            },
                        ],
                    },
                ],
            ],
        );
        assert.strictEqual(await valueOf(c.internalApiserverUrl), "https://api.k8s.internal:6443");
        assert.strictEqual(await valueOf(c.apiserverUrl), "https://k8s.example.com:6443");
        assert.deepStrictEqual(await valueOf(c.certSans), [
            "k8s.example.com",
            nlbDnsName("demo-nlb", "prod-nlb"),
            "api.k8s.internal",
            nlbDnsName("demo-int-nlb", "prod-int-nlb"),
        ]);
        assert.strictEqual(
            parse(await valueOf(c.kubeadmConfig)).controlPlaneEndpoint,
            "api.k8s.internal:6443",
        );
    });
});
