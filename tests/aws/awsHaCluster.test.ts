// AwsHaCluster under Pulumi's mock runtime: every scenario of the AWS issue, asserted on
// the registered resources and their inputs.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AwsHaCluster } from "../../provider/src/aws/awsHaCluster";
import { AwsHaClusterArgs, ServiceArgs } from "../../provider/src/generated/types";
import { build, deployErrors, Recorder, Registered, valueOf } from "../support/harness";
import { obj, objs, str } from "../support/inputs";

const T = {
    nlb: "aws:lb/loadBalancer:LoadBalancer",
    listener: "aws:lb/listener:Listener",
    targetGroup: "aws:lb/targetGroup:TargetGroup",
    attachment: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
    asgAttachment: "aws:autoscaling/attachment:Attachment",
    group: "aws:ec2/securityGroup:SecurityGroup",
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    route: "aws:ec2/route:Route",
    record: "aws:route53/record:Record",
    eip: "aws:ec2/eip:Eip",
};

const network = { vpcId: "vpc-0a1b", subnetIds: ["subnet-a", "subnet-b", "subnet-c"] };

/** Typhoon's default AWS cluster: controllers by instance, a worker Auto Scaling group, ingress. */
const typhoon: AwsHaClusterArgs = {
    ...network,
    clusterName: "typhoon",
    controllers: { instanceIds: ["i-c1", "i-c2", "i-c3"] },
    workers: { autoScalingGroupNames: ["typhoon-workers"] },
    ingress: {},
};

async function cluster(args: AwsHaClusterArgs, preview = false) {
    const { recorder, result } = await build(() => new AwsHaCluster("demo", args), { preview });
    return { r: recorder, c: result };
}

function tgOf(r: Recorder, key: string): Registered {
    return r.named(`demo-${key}-tg`);
}

function listenerOn(r: Recorder, port: number): Registered {
    const found = r.ofType(T.listener).filter((l) => l.inputs.port === port);
    assert.strictEqual(found.length, 1, `one listener on ${port}`);
    return found[0];
}

/** The target group a listener forwards to, through the mocked ARN. */
function forwardedTo(r: Recorder, listener: Registered): Registered {
    const [action] = objs(listener.inputs, "defaultActions");
    assert.strictEqual(action.type, "forward");
    return r
        .ofType(T.targetGroup)
        .find((tg) => str(action, "targetGroupArn").includes(`/${tg.inputs.name}/`))!;
}

const ruleSummary = (rule: Registered) =>
    `${rule.inputs.ipProtocol}/${rule.inputs.fromPort}-${rule.inputs.toPort} ${rule.inputs.cidrIpv4 ?? rule.inputs.cidrIpv6 ?? rule.inputs.referencedSecurityGroupId} -> ${rule.inputs.securityGroupId}`;

describe("AwsHaCluster", () => {
    describe("Typhoon's default cluster", () => {
        // Built once: the tests only read what it registered.
        let typhoonRun: Awaited<ReturnType<typeof cluster>>;
        before(async () => {
            typhoonRun = await cluster(typhoon);
        });
        it("builds one cross-zone network load balancer over one subnet per AZ", async () => {
            const { r } = typhoonRun;
            const [nlb, ...more] = r.ofType(T.nlb);
            assert.strictEqual(more.length, 0);
            assert.strictEqual(nlb.inputs.loadBalancerType, "network");
            assert.strictEqual(nlb.inputs.enableCrossZoneLoadBalancing, true);
            assert.strictEqual(nlb.inputs.internal, false);
            assert.strictEqual(nlb.inputs.ipAddressType, "ipv4");
            assert.deepStrictEqual(nlb.inputs.subnets, network.subnetIds);
            assert.strictEqual(nlb.inputs.name, "typhoon-nlb");
            assert.deepStrictEqual(nlb.inputs.securityGroups, ["demo-lb-sg-id"]);
        });

        it("has TCP listeners on 6443, 80 and 443, each forwarding to its own target group", async () => {
            const { r } = typhoonRun;
            assert.strictEqual(r.ofType(T.listener).length, 3);
            const targets = [6443, 80, 443].map((port) => {
                const l = listenerOn(r, port);
                assert.strictEqual(l.inputs.protocol, "TCP");
                return forwardedTo(r, l);
            });
            assert.deepStrictEqual(
                targets.map((tg) => [tg.inputs.port, tg.inputs.protocol]),
                [
                    [6443, "TCP"],
                    [80, "TCP"],
                    [443, "TCP"],
                ],
            );
            assert.strictEqual(new Set(targets.map((t) => t.name)).size, 3);
        });

        it("checks the apiserver over HTTPS 6443 /readyz and ingress over HTTP 10254 /healthz", async () => {
            const { r } = typhoonRun;
            const api = obj(tgOf(r, "apiserver").inputs, "healthCheck");
            assert.deepStrictEqual(
                [api.protocol, api.port, api.path],
                ["HTTPS", "6443", "/readyz"],
            );
            assert.deepStrictEqual(
                [api.interval, api.healthyThreshold, api.unhealthyThreshold],
                [10, 3, 3],
            );
            for (const key of ["ingress-http", "ingress-https"]) {
                const hc = obj(tgOf(r, key).inputs, "healthCheck");
                assert.deepStrictEqual(
                    [hc.protocol, hc.port, hc.path],
                    ["HTTP", "10254", "/healthz"],
                );
            }
        });

        it("keeps an unhealthy apiserver's connections while it drains, and closes them after (#5589, #5800)", async () => {
            const { r } = typhoonRun;
            const api = tgOf(r, "apiserver").inputs;
            // Shutdown delay 10 s x 3 + 10 s timeout + 10 s propagation = 50 s, then a 60 s drain.
            assert.deepStrictEqual(
                [api.deregistrationDelay, api.connectionTermination, api.targetHealthStates],
                [
                    60,
                    true,
                    [
                        {
                            enableUnhealthyConnectionTermination: false,
                            unhealthyDrainingInterval: 110,
                        },
                    ],
                ],
            );
            for (const key of ["ingress-http", "ingress-https"]) {
                const tg = tgOf(r, key).inputs;
                assert.deepStrictEqual(
                    [tg.deregistrationDelay, tg.connectionTermination, tg.targetHealthStates],
                    [undefined, undefined, undefined],
                );
            }
        });

        it("publishes the apiserver's shutdown flags for that timing", async () => {
            const { c } = await cluster({ ...typhoon, apiserver: { drainSeconds: 30 } });
            const shutdown = await valueOf(c.apiserverShutdown);
            assert.deepStrictEqual(shutdown.flags, [
                "--shutdown-delay-duration=50s",
                "--shutdown-send-retry-after=true",
                "--shutdown-watch-termination-grace-period=30s",
            ]);
            assert.deepStrictEqual(
                [
                    shutdown.shutdownDelaySeconds,
                    shutdown.drainSeconds,
                    shutdown.terminationGracePeriodSeconds,
                    shutdown.healthCheckSeesShutdown,
                ],
                [50, 30, 90, true],
            );
            assert.match(
                shutdown.kubeadmClusterConfiguration,
                /- name: shutdown-delay-duration\n {6}value: "50s"/,
            );
            assert.strictEqual(
                shutdown.kubeadmPatch,
                "spec:\n  terminationGracePeriodSeconds: 90\n",
            );
        });

        it("attaches controllers by instance ID on 6443 and the worker group to the ingress target groups", async () => {
            const { r } = typhoonRun;
            const api = tgOf(r, "apiserver");
            assert.strictEqual(api.inputs.targetType, "instance");
            const attachments = r.ofType(T.attachment);
            assert.deepStrictEqual(
                attachments.map((a) => [
                    a.inputs.targetId,
                    a.inputs.port,
                    str(a.inputs, "targetGroupArn").includes(`/${api.inputs.name}/`),
                ]),
                [
                    ["i-c1", 6443, true],
                    ["i-c2", 6443, true],
                    ["i-c3", 6443, true],
                ],
            );
            const asg = r
                .ofType(T.asgAttachment)
                .map((a) => [
                    a.inputs.autoscalingGroupName,
                    str(a.inputs, "lbTargetGroupArn").split("/")[1],
                ]);
            assert.deepStrictEqual(
                asg.sort(),
                [
                    ["typhoon-workers", tgOf(r, "ingress-http").inputs.name],
                    ["typhoon-workers", tgOf(r, "ingress-https").inputs.name],
                ].sort(),
            );
        });

        it("builds the 26 resources docs/aws.md counts", async () => {
            const { r } = typhoonRun;
            const count = (type: string) => r.ofType(type).length;
            assert.deepStrictEqual(
                [
                    T.nlb,
                    T.group,
                    T.targetGroup,
                    T.listener,
                    T.attachment,
                    T.asgAttachment,
                    T.ingressRule,
                    T.egressRule,
                ].map(count),
                [1, 3, 3, 3, 3, 2, 7, 4],
            );
            assert.strictEqual(
                r.resources.filter((x) => x.type !== "hacluster:index:AwsHaCluster").length,
                26,
            );
        });

        it("keeps client IPs on ingress but never on the apiserver, so controllers reach themselves", async () => {
            const { r } = typhoonRun;
            assert.strictEqual(tgOf(r, "apiserver").inputs.preserveClientIp, "false");
            assert.strictEqual(tgOf(r, "ingress-https").inputs.preserveClientIp, "true");
        });
    });

    describe("extra TCP service", () => {
        const extraTargetGroup =
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/extra/1";
        const args: AwsHaClusterArgs = {
            ...typhoon,
            services: [{ name: "some-app", port: 3333, targetPort: 30333 }],
            workers: {
                autoScalingGroupNames: ["typhoon-workers"],
                targetGroupArns: [extraTargetGroup],
            },
        };

        it("maps listener 3333 to a target group on 30333 with a TCP check on 30333", async () => {
            const { r, c } = await cluster(args);
            const tg = forwardedTo(r, listenerOn(r, 3333));
            assert.deepStrictEqual(
                [
                    tg.inputs.port,
                    tg.inputs.protocol,
                    obj(tg.inputs, "healthCheck").protocol,
                    obj(tg.inputs, "healthCheck").port,
                ],
                [30333, "TCP", "TCP", "30333"],
            );
            const arns = await valueOf(c.serviceTargetGroupArns);
            assert.deepStrictEqual(Object.keys(arns), ["some-app"]);
            assert.ok(arns["some-app"].includes(`/${tg.inputs.name}/`));
        });

        it("attaches the worker groups to the service and to the extra target groups (worker_target_groups)", async () => {
            const { r } = await cluster(args);
            const targets = r.ofType(T.asgAttachment).map((a) => str(a.inputs, "lbTargetGroupArn"));
            assert.strictEqual(targets.length, 4);
            assert.ok(targets.includes(extraTargetGroup));
            assert.ok(
                targets.some((arn) => arn.includes(`/${tgOf(r, "svc-some-app").inputs.name}/`)),
            );
        });
    });

    describe("dual-stack", () => {
        const args: AwsHaClusterArgs = {
            ...typhoon,
            ipv6: true,
            dns: { zoneId: "Z0HOSTED", name: "k8s.example.com" },
        };

        it("builds a dualstack NLB and admits ::/0 by default", async () => {
            const { r } = await cluster(args);
            assert.strictEqual(r.ofType(T.nlb)[0].inputs.ipAddressType, "dualstack");
            const v6 = r.ofType(T.ingressRule).filter((x) => x.inputs.cidrIpv6 === "::/0");
            assert.deepStrictEqual(v6.map((x) => x.inputs.fromPort).sort(), [443, 6443, 80].sort());
        });

        it("adds Route53 alias records A and AAAA for dns", async () => {
            const { r, c } = await cluster(args);
            const records = r.ofType(T.record);
            assert.deepStrictEqual(records.map((x) => x.inputs.type).sort(), ["A", "AAAA"]);
            for (const record of records) {
                assert.deepStrictEqual(
                    [record.inputs.zoneId, record.inputs.name],
                    ["Z0HOSTED", "k8s.example.com"],
                );
                const [alias] = objs(record.inputs, "aliases");
                assert.match(
                    str(alias, "name"),
                    /^typhoon-nlb-[0-9a-f]+\.elb\.us-east-1\.amazonaws\.com$/,
                );
                assert.strictEqual(alias.zoneId, "Z26RNL4JYFTOTI");
                assert.strictEqual(alias.evaluateTargetHealth, true);
            }
            assert.strictEqual(await valueOf(c.apiserverUrl), "https://k8s.example.com:6443");
        });

        it("adds only an A record without ipv6", async () => {
            const { r } = await cluster({ ...args, ipv6: false });
            assert.deepStrictEqual(
                r.ofType(T.record).map((x) => x.inputs.type),
                ["A"],
            );
        });
    });

    describe("internal (kURL's hairpin rule)", () => {
        const args: AwsHaClusterArgs = {
            ...network,
            scheme: "internal",
            controllers: { ipAddresses: ["10.0.1.10", "10.0.2.10"] },
            workers: { ipAddresses: ["10.0.1.20"] },
            ingress: {},
        };

        it("registers ip targets by address on an internal NLB, without client IP preservation", async () => {
            const { r, c } = await cluster(args);
            assert.strictEqual(r.ofType(T.nlb)[0].inputs.internal, true);
            assert.strictEqual(r.ofType(T.nlb)[0].inputs.name, "demo-int-nlb");
            for (const tg of r.ofType(T.targetGroup)) {
                assert.strictEqual(tg.inputs.targetType, "ip");
                assert.strictEqual(tg.inputs.preserveClientIp, "false");
            }
            const byTarget = r
                .ofType(T.attachment)
                .map((a) => `${a.inputs.targetId}:${a.inputs.port}`);
            assert.deepStrictEqual(
                byTarget.sort(),
                ["10.0.1.10:6443", "10.0.2.10:6443", "10.0.1.20:80", "10.0.1.20:443"].sort(),
            );
            assert.strictEqual(await valueOf(c.hairpinWorkaround), "");
        });

        it("refuses instance IDs with ip targets", () => {
            assert.throws(
                () => new AwsHaCluster("bad", { ...args, controllers: { instanceIds: ["i-1"] } }),
                (e: Error) =>
                    pulumi.InputPropertiesError.isInstance(e) &&
                    /controllers\.instanceIds: instance IDs cannot be registered with targetType "ip"/.test(
                        e.message,
                    ),
            );
        });
    });

    describe("security", () => {
        const args: AwsHaClusterArgs = {
            ...typhoon,
            apiserver: { allowedCidrs: ["10.0.0.0/8"] },
            nodeSourceCidrs: ["203.0.113.0/28"],
        };

        it("admits each frontend's clients on that frontend's port only, and the nodes' NAT addresses on the apiserver's", async () => {
            const { r } = await cluster(args);
            const lbRules = r
                .ofType(T.ingressRule)
                .filter((x) => x.inputs.securityGroupId === "demo-lb-sg-id");
            assert.deepStrictEqual(lbRules.map(ruleSummary).sort(), [
                "tcp/443-443 0.0.0.0/0 -> demo-lb-sg-id",
                "tcp/6443-6443 10.0.0.0/8 -> demo-lb-sg-id",
                "tcp/6443-6443 203.0.113.0/28 -> demo-lb-sg-id",
                "tcp/80-80 0.0.0.0/0 -> demo-lb-sg-id",
            ]);
        });

        it("admits the NLB's group to the nodes on target and health-check ports only", async () => {
            const { r } = await cluster(args);
            const nodeRules = r
                .ofType(T.ingressRule)
                .filter((x) => x.inputs.securityGroupId !== "demo-lb-sg-id");
            assert.deepStrictEqual(nodeRules.map(ruleSummary).sort(), [
                "tcp/10254-10254 demo-lb-sg-id -> demo-workers-sg-id",
                "tcp/443-443 demo-lb-sg-id -> demo-workers-sg-id",
                "tcp/6443-6443 demo-lb-sg-id -> demo-controllers-sg-id",
                "tcp/80-80 demo-lb-sg-id -> demo-workers-sg-id",
            ]);
            const egress = r.ofType(T.egressRule).map(ruleSummary).sort();
            assert.deepStrictEqual(egress, [
                "tcp/10254-10254 demo-workers-sg-id -> demo-lb-sg-id",
                "tcp/443-443 demo-workers-sg-id -> demo-lb-sg-id",
                "tcp/6443-6443 demo-controllers-sg-id -> demo-lb-sg-id",
                "tcp/80-80 demo-workers-sg-id -> demo-lb-sg-id",
            ]);
        });

        it("never opens a health-check port to a CIDR", async () => {
            const { r } = await cluster({
                ...args,
                ipv6: true,
                services: [{ name: "dns", port: 53, protocol: "UDP", healthCheck: { port: 8053 } }],
            });
            const healthPorts = [10254, 8053];
            const open = r
                .ofType(T.ingressRule)
                .filter(
                    (x) =>
                        healthPorts.some((p) => p === x.inputs.fromPort) &&
                        (x.inputs.cidrIpv4 || x.inputs.cidrIpv6),
                );
            assert.deepStrictEqual(open, []);
            const udp = r
                .ofType(T.ingressRule)
                .filter((x) => x.inputs.ipProtocol === "udp")
                .map(ruleSummary)
                .sort();
            assert.deepStrictEqual(udp, [
                "udp/53-53 0.0.0.0/0 -> demo-lb-sg-id",
                "udp/53-53 ::/0 -> demo-lb-sg-id",
                "udp/53-53 demo-lb-sg-id -> demo-workers-sg-id",
            ]);
        });

        it("adds the rules to existing node groups instead of creating them", async () => {
            const { r, c } = await cluster({
                ...args,
                controllerSecurityGroupId: "sg-controllers",
                workerSecurityGroupId: "sg-workers",
            });
            assert.deepStrictEqual(
                r.ofType(T.group).map((g) => g.name),
                ["demo-lb-sg"],
            );
            const targets = new Set(r.ofType(T.ingressRule).map((x) => x.inputs.securityGroupId));
            assert.deepStrictEqual([...targets].sort(), [
                "demo-lb-sg-id",
                "sg-controllers",
                "sg-workers",
            ]);
            assert.strictEqual(await valueOf(c.controllerSecurityGroupId), "sg-controllers");
            assert.strictEqual(await valueOf(c.workerSecurityGroupId), "sg-workers");
        });

        it("creates absent node groups in the VPC and outputs them", async () => {
            const { r, c } = await cluster(args);
            const groups = r.ofType(T.group);
            assert.deepStrictEqual(
                groups.map((g) => [g.name, g.inputs.name, g.inputs.vpcId]),
                [
                    ["demo-lb-sg", "typhoon-nlb", "vpc-0a1b"],
                    ["demo-controllers-sg", "typhoon-controllers", "vpc-0a1b"],
                    ["demo-workers-sg", "typhoon-workers", "vpc-0a1b"],
                ],
            );
            assert.strictEqual(
                await valueOf(c.controllerSecurityGroupId),
                "demo-controllers-sg-id",
            );
            assert.strictEqual(await valueOf(c.loadBalancerSecurityGroupId), "demo-lb-sg-id");
        });
    });

    describe("routes", () => {
        const routes = {
            routeTableIds: ["rtb-a", "rtb-b"],
            routes: [
                { destinationCidr: "10.200.0.0/16", vpcPeeringConnectionId: "pcx-1" },
                { destinationCidr: "2001:db8:1::/48", egressOnlyGatewayId: "eigw-1" },
            ],
        };

        it("puts every route in every table, IPv4 and IPv6", async () => {
            const { r, c } = await cluster({ ...typhoon, ...routes });
            const summary = r
                .ofType(T.route)
                .map((x) =>
                    [
                        x.inputs.routeTableId,
                        x.inputs.destinationCidrBlock ?? x.inputs.destinationIpv6CidrBlock,
                        x.inputs.vpcPeeringConnectionId ?? x.inputs.egressOnlyGatewayId,
                    ].join(" "),
                );
            assert.deepStrictEqual(summary.sort(), [
                "rtb-a 10.200.0.0/16 pcx-1",
                "rtb-a 2001:db8:1::/48 eigw-1",
                "rtb-b 10.200.0.0/16 pcx-1",
                "rtb-b 2001:db8:1::/48 eigw-1",
            ]);
            assert.strictEqual((await valueOf(c.routeIds)).length, 4);
        });

        it("rejects routes with zero or two targets", () => {
            for (const route of [
                { destinationCidr: "10.9.0.0/16" },
                { destinationCidr: "10.9.0.0/16", gatewayId: "igw-1", natGatewayId: "nat-1" },
            ]) {
                assert.throws(
                    () =>
                        new AwsHaCluster("bad", {
                            ...typhoon,
                            routeTableIds: ["rtb-a"],
                            routes: [route],
                        }),
                    /routes\[0\]: has (no target|2 targets)/,
                );
            }
        });
    });

    describe("static addresses", () => {
        it("allocates an Elastic IP per subnet through subnet mappings and outputs the addresses", async () => {
            const { r, c } = await cluster({ ...typhoon, staticIpv4: true });
            const eips = r.ofType(T.eip);
            assert.deepStrictEqual(
                eips.map((e) => e.name),
                ["demo-eip-subnet-a", "demo-eip-subnet-b", "demo-eip-subnet-c"],
            );
            const nlb = r.ofType(T.nlb)[0];
            assert.strictEqual(nlb.inputs.subnets, undefined);
            assert.deepStrictEqual(
                objs(nlb.inputs, "subnetMappings").map((m) => m.subnetId),
                network.subnetIds,
            );
            assert.ok(
                objs(nlb.inputs, "subnetMappings").every((m) =>
                    /^eipalloc-/.test(str(m, "allocationId")),
                ),
            );
            const addresses = await valueOf(c.ipv4Addresses);
            assert.strictEqual(addresses.length, 3);
            assert.ok(addresses.every((a) => /^203\.0\.113\.\d+$/.test(a)));
        });
    });

    describe("update safety", () => {
        const services: ServiceArgs[] = [
            { name: "some-app", port: 3333, targetPort: 30333 },
            { name: "dns", port: 53, protocol: "UDP", healthCheck: { port: 8053 } },
        ];
        const base: AwsHaClusterArgs = {
            ...typhoon,
            services,
            routeTableIds: ["rtb-a"],
            routes: [{ destinationCidr: "10.200.0.0/16", natGatewayId: "nat-1" }],
        };
        const edits: [string, AwsHaClusterArgs][] = [
            [
                "a service added",
                {
                    ...base,
                    services: [
                        ...services,
                        { name: "metrics", port: 9100, backend: "controllers" },
                    ],
                },
            ],
            ["services reordered", { ...base, services: [...services].reverse() }],
            [
                "a controller added",
                { ...base, controllers: { instanceIds: ["i-c0", "i-c1", "i-c2", "i-c3"] } },
            ],
            ["a route table added", { ...base, routeTableIds: ["rtb-a", "rtb-b"] }],
            ["a service removed", { ...base, services: [services[1]] }],
        ];
        // The unedited cluster, planned once for every edit.
        let baseResources: Registered[];
        before(async () => {
            baseResources = (await cluster(base)).r.resources;
        });
        for (const [edit, args] of edits) {
            it(`keeps every other resource's name and inputs with ${edit}`, async () => {
                const before = baseResources;
                const after = new Map(
                    (await cluster(args)).r.resources.map((x) => [
                        `${x.type}::${x.name}`,
                        x.inputs,
                    ]),
                );
                const removedService = edit === "a service removed" ? "some-app" : undefined;
                for (const x of before) {
                    if (removedService && x.name.includes(removedService)) continue;
                    if (removedService && x.type === T.ingressRule && x.name.endsWith("-30333"))
                        continue;
                    if (removedService && x.type === T.egressRule && x.name.endsWith("-30333"))
                        continue;
                    if (
                        removedService &&
                        x.type === T.asgAttachment &&
                        x.name.includes("svc-some-app")
                    )
                        continue;
                    assert.deepStrictEqual(
                        after.get(`${x.type}::${x.name}`),
                        x.inputs,
                        `${x.type} ${x.name} kept`,
                    );
                }
            });
        }
    });

    describe("staged control-plane joins (kURL)", () => {
        it("adds only attachments when controllers grow from one to three", async () => {
            const one = (await cluster({ ...typhoon, controllers: { instanceIds: ["i-c1"] } })).r
                .resources;
            const three = (
                await cluster({
                    ...typhoon,
                    controllers: { instanceIds: ["i-c1", "i-c2", "i-c3"] },
                })
            ).r.resources;
            const key = (x: Registered) => `${x.type}::${x.name}`;
            const before = new Map(one.map((x) => [key(x), x.inputs]));
            for (const x of three) {
                if (before.has(key(x)))
                    assert.deepStrictEqual(x.inputs, before.get(key(x)), `${key(x)} unchanged`);
            }
            const added = three.filter((x) => !before.has(key(x)));
            assert.deepStrictEqual(
                added.map((x) => [x.type, x.inputs.targetId, x.inputs.port]),
                [
                    [T.attachment, "i-c2", 6443],
                    [T.attachment, "i-c3", 6443],
                ],
            );
            assert.strictEqual(three.length, one.length + 2);
        });
    });

    describe("what AWS refuses or drops (issue 9)", () => {
        it("always sends a health-check timeout that fits the interval (AWS defaults: TCP and HTTPS 10 s, HTTP 6 s)", async () => {
            const { r } = await cluster({
                ...typhoon,
                apiserver: { healthCheck: { intervalSeconds: 5 } },
                ingress: { healthCheck: { intervalSeconds: 8 } },
                services: [
                    {
                        name: "app",
                        port: 3333,
                        healthCheck: { protocol: "HTTPS", intervalSeconds: 8 },
                    },
                ],
            });
            const timeoutOf = (key: string) => [
                obj(tgOf(r, key).inputs, "healthCheck").interval,
                obj(tgOf(r, key).inputs, "healthCheck").timeout,
            ];
            assert.deepStrictEqual(timeoutOf("apiserver"), [5, 5]);
            assert.deepStrictEqual(timeoutOf("ingress-https"), [8, 6]);
            assert.deepStrictEqual(timeoutOf("svc-app"), [8, 8]);
            const { r: defaults } = await cluster(typhoon);
            assert.deepStrictEqual(
                [
                    obj(tgOf(defaults, "apiserver").inputs, "healthCheck").timeout,
                    obj(tgOf(defaults, "ingress-http").inputs, "healthCheck").timeout,
                ],
                [10, 6],
            );
        });

        it("turns on the IPv6 source-NAT prefix on every dual-stack NLB, so a first UDP service changes nothing on it", async () => {
            const base: AwsHaClusterArgs = { ...typhoon, ipv6: true };
            const { r } = await cluster(base);
            const nlb = r.ofType(T.nlb)[0];
            assert.strictEqual(nlb.inputs.enablePrefixForIpv6SourceNat, "on");
            const { r: withUdp } = await cluster({
                ...base,
                services: [{ name: "dns", port: 53, protocol: "UDP", healthCheck: { port: 8053 } }],
            });
            assert.deepStrictEqual(withUdp.ofType(T.nlb)[0].inputs, nlb.inputs);
            const { r: v4 } = await cluster(typhoon);
            assert.strictEqual(v4.ofType(T.nlb)[0].inputs.enablePrefixForIpv6SourceNat, undefined);
        });

        it("preserves client IPs exactly on the flows docs/aws.md says cannot hairpin, and preserveClientIp false clears the TCP ones", async () => {
            const services: ServiceArgs[] = [
                { name: "app", port: 3333 },
                { name: "dns", port: 53, protocol: "UDP", healthCheck: { port: 8053 } },
            ];
            const preserved = async (args: AwsHaClusterArgs) => {
                const { r } = await cluster(args);
                return ["apiserver", "ingress-http", "ingress-https", "svc-app", "svc-dns"].map(
                    (key) => tgOf(r, key).inputs.preserveClientIp,
                );
            };
            // UDP is unset: AWS always preserves client IPs there.
            assert.deepStrictEqual(await preserved({ ...typhoon, services }), [
                "false",
                "true",
                "true",
                "true",
                undefined,
            ]);
            assert.deepStrictEqual(
                await preserved({ ...typhoon, services, preserveClientIp: false }),
                ["false", "false", "false", "false", undefined],
            );
        });

        it("names security groups so that none starts with sg-", async () => {
            const { r } = await cluster({ ...typhoon, clusterName: "sg-prod" });
            assert.deepStrictEqual(
                r.ofType(T.group).map((g) => g.inputs.name),
                ["k-sg-prod-nlb", "k-sg-prod-controllers", "k-sg-prod-workers"],
            );
            assert.strictEqual(r.ofType(T.nlb)[0].inputs.name, "sg-prod-nlb");
        });

        it("sets the TCP idle timeout per listener: apiserver 600 s by default, ingress as given, others AWS's", async () => {
            const { r } = await cluster({
                ...typhoon,
                ingress: { idleTimeoutSeconds: 900 },
                services: [{ name: "app", port: 3333 }],
            });
            assert.strictEqual(listenerOn(r, 6443).inputs.tcpIdleTimeoutSeconds, 600);
            assert.strictEqual(listenerOn(r, 80).inputs.tcpIdleTimeoutSeconds, 900);
            assert.strictEqual(listenerOn(r, 443).inputs.tcpIdleTimeoutSeconds, 900);
            assert.strictEqual(listenerOn(r, 3333).inputs.tcpIdleTimeoutSeconds, undefined);
        });

        it("admits the node groups to a restricted internal apiserver on its port", async () => {
            const { r } = await cluster({
                ...network,
                scheme: "internal",
                controllers: { ipAddresses: ["10.0.1.10"] },
                workers: { ipAddresses: ["10.0.1.20"] },
                apiserver: { allowedCidrs: ["192.0.2.0/24"] },
            });
            const lbRules = r
                .ofType(T.ingressRule)
                .filter((x) => x.inputs.securityGroupId === "demo-lb-sg-id");
            assert.deepStrictEqual(lbRules.map(ruleSummary).sort(), [
                "tcp/6443-6443 192.0.2.0/24 -> demo-lb-sg-id",
                "tcp/6443-6443 demo-controllers-sg-id -> demo-lb-sg-id",
                "tcp/6443-6443 demo-workers-sg-id -> demo-lb-sg-id",
            ]);
        });

        it("adds no node rule to an internal apiserver that admits everyone", async () => {
            const { r } = await cluster({
                ...network,
                scheme: "internal",
                controllers: { ipAddresses: ["10.0.1.10"] },
            });
            const lbRules = r
                .ofType(T.ingressRule)
                .filter((x) => x.inputs.securityGroupId === "demo-lb-sg-id");
            assert.deepStrictEqual(lbRules.map(ruleSummary), [
                "tcp/6443-6443 0.0.0.0/0 -> demo-lb-sg-id",
            ]);
        });
    });

    describe("outputs", () => {
        it("resolves every output of the schema", async () => {
            const { c } = await cluster({
                ...typhoon,
                services: [{ name: "some-app", port: 3333 }],
            });
            assert.match(
                await valueOf(c.apiserverUrl),
                /^https:\/\/typhoon-nlb-[0-9a-f]+\.elb\.us-east-1\.amazonaws\.com:6443$/,
            );
            assert.strictEqual(
                await valueOf(c.dnsName),
                (await valueOf(c.apiserverUrl)).slice(8, -5),
            );
            assert.deepStrictEqual(await valueOf(c.ipv4Addresses), []);
            assert.deepStrictEqual(await valueOf(c.ipv6Addresses), []);
            assert.strictEqual(await valueOf(c.loadBalancerId), "demo-nlb-id");
            assert.match(await valueOf(c.loadBalancerArn), /:loadbalancer\/net\/typhoon-nlb\//);
            assert.strictEqual(await valueOf(c.zoneId), "Z26RNL4JYFTOTI");
            assert.match(
                await valueOf(c.apiserverTargetGroupArn),
                /:targetgroup\/typhoon-apiserver-[0-9a-f]{4}\//,
            );
            const ingress = await valueOf(c.ingressTargetGroupArns);
            assert.match(ingress!.http!, /:targetgroup\/typhoon-ingress-http-[0-9a-f]{4}\//);
            assert.match(ingress!.https, /:targetgroup\/typhoon-ingress-https-[0-9a-f]{4}\//);
            assert.deepStrictEqual(Object.keys(await valueOf(c.serviceTargetGroupArns)), [
                "some-app",
            ]);
            assert.deepStrictEqual(await valueOf(c.routeIds), []);
        });

        it("leaves ingress target groups out without ingress", async () => {
            const { c } = await cluster({ ...network });
            assert.strictEqual(await valueOf(c.ingressTargetGroupArns), undefined);
        });
    });

    describe("deploy-time values, checked once known (issue 17, defect 14)", () => {
        const nothing = <T>() => pulumi.output(undefined as unknown as T);
        const failures = async (args: AwsHaClusterArgs) =>
            (await deployErrors(() => new AwsHaCluster("demo", args))).errors;

        it("names the path of an Auto Scaling group name that resolves to undefined, and registers no attachment with it", async () => {
            const { recorder, errors } = await deployErrors(
                () =>
                    new AwsHaCluster("demo", {
                        ...typhoon,
                        workers: { autoScalingGroupNames: [nothing<string>()] },
                    }),
            );
            assert.deepStrictEqual(errors, [
                'AwsHaCluster "demo" has 1 invalid input:\n  - workers.autoScalingGroupNames[0]: has no value once known (the output passed here resolved to undefined). Fix: pass an output that holds the value, or leave the entry out.',
            ]);
            assert.deepStrictEqual(recorder.ofType(T.asgAttachment), []);
        });

        it("names each bad entry of a list that was an output as a whole", async () => {
            const errors = await failures({
                ...typhoon,
                controllers: { instanceIds: pulumi.output(["i-1", undefined, ""] as string[]) },
            });
            assert.match(
                errors.join("\n"),
                /controllers\.instanceIds\[1\]: has no value once known.*\n\s+- controllers\.instanceIds\[2\]: once known, is empty/,
            );
        });

        it("names scalar references and tag values", async () => {
            assert.match(
                (await failures({ ...typhoon, vpcId: nothing<string>() })).join("\n"),
                /- vpcId: has no value once known/,
            );
            assert.match(
                (await failures({ ...typhoon, tags: { team: nothing<string>() } })).join("\n"),
                /- tags\.team: has no value once known/,
            );
            assert.match(
                (
                    await failures({
                        ...typhoon,
                        workerSecurityGroupId: pulumi.output(42 as unknown as string),
                    })
                ).join("\n"),
                /- workerSecurityGroupId: once known, expected a string, got 42/,
            );
        });

        it("passes values that resolve, with no error", async () => {
            const { recorder, errors } = await deployErrors(
                () =>
                    new AwsHaCluster("demo", {
                        ...typhoon,
                        workers: { autoScalingGroupNames: [pulumi.output("typhoon-workers")] },
                    }),
            );
            assert.deepStrictEqual(errors, []);
            assert.deepStrictEqual(
                recorder.ofType(T.asgAttachment).map((a) => a.inputs.autoscalingGroupName),
                ["typhoon-workers", "typhoon-workers"],
            );
        });
    });

    describe("preview with unknown values", () => {
        it("plans with IDs of resources created in the same program", async () => {
            const pending = <T>() => pulumi.output(pulumi.unknown as unknown as T);
            const { r } = await cluster(
                {
                    vpcId: pending<string>(),
                    subnetIds: [pending<string>(), "subnet-b"],
                    controllers: { instanceIds: [pending<string>(), "i-known"] },
                    ingress: {},
                },
                true,
            );
            assert.strictEqual(r.ofType(T.nlb).length, 1);
            // The known controller is attached now; the pending one once its ID exists.
            assert.deepStrictEqual(
                r.ofType(T.attachment).map((a) => a.inputs.targetId),
                ["i-known"],
            );
        });
    });
});
