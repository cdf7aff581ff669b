// Addresses the user keeps or pins, and the capacity knobs (docs/endpoints.md), deployed
// through the real engine with the fake clouds: what each cloud holds afterwards, the outputs
// read from kept addresses, protectAddresses stopping a destroy, and an Azure outbound IP count
// raised on a running stack without replacing an address holder; and the private apiserver
// endpoint (`apiserver.internal`) added to a running public cluster, then removed (on Azure
// with its private-zone record, `internalDns`).
import * as assert from "assert";
import { parse } from "yaml";
import { AwsHaCluster } from "../../provider/src/aws/awsHaCluster";
import { AzureHaCluster } from "../../provider/src/azure/azureHaCluster";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { CloudResource } from "./fakeCloud";
import { Engine, Step, changes } from "./engine";
import { effect } from "./holders";

const SUBSCRIPTION = "/subscriptions/00000000-1111-2222-3333-444444444444";
const keptIp = (name: string) =>
    `${SUBSCRIPTION}/resourceGroups/rg-ips/providers/Microsoft.Network/publicIPAddresses/${name}`;
const GCP_NET = {
    region: "us-central1",
    network: "projects/demo-project/global/networks/k8s",
    subnetwork: "projects/demo-project/regions/us-central1/subnetworks/k8s-nodes",
};
const CONFIG: Record<string, Record<string, string>> = {
    aws: { "aws:region": "us-east-1" },
    azure: { "azure-native:location": "westeurope" },
    gcp: { "gcp:project": "demo-project" },
};

type Row = Record<string, unknown>;

const INTERNAL = { internal: { allowedCidrs: ["10.0.0.0/16"] } };
const TG_ATTACHMENT = "aws:lb/targetGroupAttachment:TargetGroupAttachment";
const SG_INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const SG_EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

describe("endpoint options through the real engine", function () {
    this.timeout(900_000);
    const engine = new Engine();
    before(() => engine.start());
    after(() => engine.stop());

    const job = (op: "preview" | "up" | "destroy", stack: string, cloud: string) => ({
        op,
        stack,
        project: "hacluster-e2e",
        config: CONFIG[cloud],
    });
    /** The fake cloud's resources of one type in a stack. */
    const held = (stack: string, type: string): CloudResource[] =>
        Object.values(engine.clouds)
            .flatMap((c) => c.stackResources(stack))
            .filter((r) => r.type === type);
    /** Deploys, hands the result to `check`, and always destroys. */
    async function deployed(
        cloud: string,
        stack: string,
        program: () => Record<string, unknown>,
        check: (outputs: Record<string, unknown>) => void | Promise<void>,
    ): Promise<void> {
        const up = await engine.typescript(job("up", stack, cloud), async () => program());
        try {
            await check(up.outputs);
        } finally {
            await engine.typescript(job("destroy", stack, cloud), async () => program());
        }
        assert.deepStrictEqual(engine.cloudResources(stack), []);
    }

    it("AWS: kept Elastic IPs on the subnet mappings, their addresses read with getElasticIp", async () => {
        const stack = "ep-aws-eip";
        await deployed(
            "aws",
            stack,
            () => {
                const c = new AwsHaCluster(stack, {
                    vpcId: "vpc-0123456789abcdef0",
                    subnetIds: ["subnet-0a", "subnet-0b"],
                    eipAllocationIds: ["eipalloc-0a1", "eipalloc-0b2"],
                    controllers: { instanceIds: ["i-0a"] },
                });
                return { ipv4: c.ipv4Addresses };
            },
            (outputs) => {
                assert.deepStrictEqual(held(stack, "aws:ec2/eip:Eip"), []);
                const [nlb] = held(stack, "aws:lb/loadBalancer:LoadBalancer");
                assert.deepStrictEqual(nlb.inputs.subnetMappings, [
                    { allocationId: "eipalloc-0a1", subnetId: "subnet-0a" },
                    { allocationId: "eipalloc-0b2", subnetId: "subnet-0b" },
                ]);
                const ipv4 = outputs.ipv4 as string[];
                assert.strictEqual(ipv4.length, 2);
                assert.ok(
                    ipv4.every((a) => /^198\.51\.100\.\d+$/.test(a)),
                    ipv4.join(", "),
                );
            },
        );
    });

    it("AWS: pinned private addresses on an internal NLB's subnet mappings", async () => {
        const stack = "ep-aws-private";
        await deployed(
            "aws",
            stack,
            () => {
                const c = new AwsHaCluster(stack, {
                    vpcId: "vpc-0123456789abcdef0",
                    subnetIds: ["subnet-0a", "subnet-0b"],
                    scheme: "internal",
                    privateIpv4Addresses: ["10.0.1.5", "10.0.2.5"],
                    controllers: { ipAddresses: ["10.0.1.10"] },
                });
                return { ipv4: c.ipv4Addresses };
            },
            (outputs) => {
                const [nlb] = held(stack, "aws:lb/loadBalancer:LoadBalancer");
                assert.strictEqual(nlb.inputs.internal, true);
                assert.deepStrictEqual(nlb.inputs.subnetMappings, [
                    { privateIpv4Address: "10.0.1.5", subnetId: "subnet-0a" },
                    { privateIpv4Address: "10.0.2.5", subnetId: "subnet-0b" },
                ]);
                assert.deepStrictEqual(outputs.ipv4, ["10.0.1.5", "10.0.2.5"]);
            },
        );
    });

    it("AWS: protectAddresses stops a destroy until it is turned off", async () => {
        const stack = "ep-aws-protect";
        const program = (protectAddresses: boolean) => async () => {
            new AwsHaCluster(stack, {
                vpcId: "vpc-0123456789abcdef0",
                subnetIds: ["subnet-0a"],
                staticIpv4: true,
                protectAddresses,
                controllers: { instanceIds: ["i-0a"] },
            });
        };
        await engine.typescript(job("up", stack, "aws"), program(true));
        await assert.rejects(
            engine.typescript(job("destroy", stack, "aws"), program(true)),
            /protect/i,
        );
        assert.strictEqual(held(stack, "aws:ec2/eip:Eip").length, 1, "the Elastic IP stays");
        await engine.typescript(job("up", stack, "aws"), program(false));
        await engine.typescript(job("destroy", stack, "aws"), program(false));
        assert.deepStrictEqual(engine.cloudResources(stack), []);
    });

    it("Azure: kept inbound and outbound IPs, two outbound IPs and SNAT settings", async () => {
        const stack = "ep-azure-kept";
        await deployed(
            "azure",
            stack,
            () => {
                const c = new AzureHaCluster(stack, {
                    resourceGroupName: "rg",
                    ingress: {},
                    publicIpv4AddressId: keptIp("k8s-api"),
                    outboundSnat: {
                        ipv4Count: 2,
                        publicIpv4AddressIds: [keptIp("egress-2")],
                        allocatedOutboundPorts: 1024,
                        idleTimeoutMinutes: 30,
                    },
                });
                return { ipv4: c.ipv4Addresses, url: c.apiserverUrl };
            },
            (outputs) => {
                assert.deepStrictEqual(held(stack, "azure-native:network:PublicIPAddress"), []);
                const [lb] = held(stack, "azure-native:network:LoadBalancer");
                assert.deepStrictEqual(
                    (lb.inputs.frontendIPConfigurations as Row[]).map((f) => [
                        f.name,
                        (f.publicIPAddress as Row).id,
                    ]),
                    [
                        ["frontend-ipv4", keptIp("k8s-api")],
                        ["outbound-ipv4-2", keptIp("egress-2")],
                    ],
                );
                assert.deepStrictEqual(
                    (lb.inputs.outboundRules as Row[]).map((o) => [
                        o.name,
                        (o.frontendIPConfigurations as Row[]).map((f) =>
                            String(f.id).split("/").pop(),
                        ),
                        o.allocatedOutboundPorts,
                        o.idleTimeoutInMinutes,
                    ]),
                    [["outbound-ipv4", ["frontend-ipv4", "outbound-ipv4-2"], 1024, 30]],
                );
                const [address] = outputs.ipv4 as string[];
                assert.match(address, /^198\.51\.100\.\d+$/);
                assert.strictEqual(outputs.url, `https://${address}:6443`);
            },
        );
    });

    it("Azure: a static private frontend address on an internal load balancer", async () => {
        const stack = "ep-azure-private";
        await deployed(
            "azure",
            stack,
            () => {
                const c = new AzureHaCluster(stack, {
                    resourceGroupName: "rg",
                    scheme: "internal",
                    subnetId: `${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/nodes`,
                    privateIpv4Address: "10.0.1.50",
                });
                return { url: c.apiserverUrl };
            },
            (outputs) => {
                const [lb] = held(stack, "azure-native:network:LoadBalancer");
                const [frontend] = lb.inputs.frontendIPConfigurations as Row[];
                assert.deepStrictEqual(
                    [frontend.privateIPAllocationMethod, frontend.privateIPAddress],
                    ["Static", "10.0.1.50"],
                );
                assert.strictEqual(outputs.url, "https://10.0.1.50:6443");
            },
        );
    });

    it("Azure: raising the outbound IP count on a running stack adds IPs and replaces none", async () => {
        const stack = "ep-azure-count";
        const program = (ipv4Count: number) => async () => {
            new AzureHaCluster(stack, {
                resourceGroupName: "rg",
                ingress: {},
                apiserver: { allowedCidrs: ["198.51.100.0/24"] },
                outboundSnat: { ipv4Count },
            });
        };
        await engine.typescript(job("up", stack, "azure"), program(1));
        try {
            const before = held(stack, "azure-native:network:PublicIPAddress").map((r) => r.id);
            const up = await engine.typescript(job("up", stack, "azure"), program(3));
            const removed = (s: Step) =>
                ["replace", "create-replacement", "delete-replaced", "delete"].includes(s.op);
            assert.deepStrictEqual(
                up.steps.filter(removed).map((s) => s.name),
                [],
            );
            assert.deepStrictEqual(
                edits(up.steps),
                [
                    `create azure-native:network:PublicIPAddress::${stack}-lb-outbound-ipv4-2`,
                    `create azure-native:network:PublicIPAddress::${stack}-lb-outbound-ipv4-3`,
                    `update azure-native:network:LoadBalancer::${stack}-lb`,
                    // The controllers' NSG admits the new outbound addresses.
                    `update azure-native:network:SecurityRule::${stack}-nsg-controllers-apiserver-ipv4`,
                ].sort(),
            );
            const after = held(stack, "azure-native:network:PublicIPAddress").map((r) => r.id);
            assert.deepStrictEqual(
                before.filter((id) => !after.includes(id)),
                [],
            );
            assert.strictEqual(after.length, 3);
            // The restricted apiserver admits the 3 addresses the nodes now leave from.
            const [rule] = held(stack, "azure-native:network:SecurityRule").filter((r) =>
                urnName(r).endsWith("apiserver-ipv4"),
            );
            const sources = rule.inputs.sourceAddressPrefixes as string[];
            assert.deepStrictEqual(
                sources.slice().sort(),
                [
                    "198.51.100.0/24",
                    ...held(stack, "azure-native:network:PublicIPAddress").map((ip) =>
                        String(ip.outputs.ipAddress),
                    ),
                ].sort(),
            );
        } finally {
            await engine.typescript(job("destroy", stack, "azure"), program(3));
        }
        assert.deepStrictEqual(engine.cloudResources(stack), []);
    });

    it("Google Cloud: pinned internal IPv4 and IPv6 addresses and global access", async () => {
        const stack = "ep-gcp-internal";
        await deployed(
            "gcp",
            stack,
            () => {
                const c = new GcpHaCluster(stack, {
                    ...GCP_NET,
                    scheme: "internal",
                    ipv6: true,
                    ingress: {},
                    privateIpv4Address: "10.128.0.50",
                    privateIpv6Address: "fd20:a:b::",
                    globalAccess: true,
                });
                return { url: c.apiserverUrl };
            },
            (outputs) => {
                const addresses = held(stack, "gcp:compute/address:Address")
                    .map((a) => [urnName(a), a.inputs.ipVersion, a.outputs.address])
                    .sort((x, y) => String(x[0]).localeCompare(String(y[0])));
                assert.deepStrictEqual(
                    addresses.filter(([name]) => !String(name).includes("workers")),
                    [
                        [`${stack}-ipv4-address`, "IPV4", "10.128.0.50"],
                        [`${stack}-ipv6-address`, "IPV6", "fd20:a:b::"],
                    ],
                );
                const rules = held(stack, "gcp:compute/forwardingRule:ForwardingRule");
                assert.strictEqual(rules.length, 4);
                assert.ok(rules.every((f) => f.inputs.allowGlobalAccess === true));
                assert.strictEqual(outputs.url, "https://10.128.0.50:6443");
            },
        );
    });

    it("Google Cloud: a kept external IPv4 address carries the apiserver", async () => {
        const stack = "ep-gcp-kept";
        await deployed(
            "gcp",
            stack,
            () => {
                const c = new GcpHaCluster(stack, {
                    ...GCP_NET,
                    ingress: {},
                    publicIpv4Address: "34.120.0.7",
                });
                return { url: c.apiserverUrl };
            },
            (outputs) => {
                const names = held(stack, "gcp:compute/address:Address").map(urnName);
                assert.deepStrictEqual(names, [`${stack}-workers-ipv4-address`]);
                const api = held(stack, "gcp:compute/forwardingRule:ForwardingRule").find((f) =>
                    urnName(f).includes("apiserver"),
                )!;
                assert.strictEqual(api.inputs.ipAddress, "34.120.0.7");
                assert.strictEqual(outputs.url, "https://34.120.0.7:6443");
            },
        );
    });

    /**
     * The cloud resources' steps of an `up`: neither the stack's own update nor the component's,
     * which may only record its address holders anew (model/holders.ts, a private address).
     */
    const cloudSteps = (steps: Step[]) => {
        for (const s of steps.filter((s) => s.op === "update" && s.type.startsWith("hacluster:")))
            assert.deepStrictEqual(
                s.diffs.filter((d) => d !== "addressHolders"),
                [],
                `${s.type}::${s.name}`,
            );
        return steps.filter((s) => s.custom);
    };
    const edits = (steps: Step[]) => changes(cloudSteps(steps));
    /** The host and port kubeadm's nodes dial, from the component's fragment. */
    const endpointOf = (outputs: Record<string, unknown>) =>
        parse(String(outputs.kubeadm)).controlPlaneEndpoint as string;
    const hostPort = (url: unknown) => String(url).replace(/^https:\/\//, "");

    /**
     * Deploys `base` (a public cluster), adds `withInternal`'s private endpoint with an `up`,
     * then removes it with another: the first `up` creates `resources` (type and name after
     * the stack's) and changes nothing else, the second deletes exactly those, so no address
     * holder of the public endpoint is replaced, updated or deleted.
     */
    async function addThenRemove(
        cloud: string,
        stack: string,
        program: (internal: boolean) => () => Promise<Record<string, unknown>>,
        resources: [string, string][],
        internalHost?: string,
    ): Promise<void> {
        const created = resources.map(([type, name]) => `${type}::${stack}-${name}`);
        const first = await engine.typescript(job("up", stack, cloud), program(false));
        try {
            const publicEndpoint = hostPort(first.outputs.url);
            assert.strictEqual(endpointOf(first.outputs), publicEndpoint);
            assert.strictEqual(first.outputs.internalUrl, undefined);

            const add = await engine.typescript(job("up", stack, cloud), program(true));
            assert.deepStrictEqual(edits(add.steps), created.map((c) => `create ${c}`).sort());
            assert.deepStrictEqual(effect(cloudSteps(add.steps)), {
                create: created.length,
                update: 0,
                replace: 0,
                delete: 0,
                holders: [],
            });
            const internalUrl = add.outputs.internalUrl;
            assert.match(String(internalUrl), /^https:\/\/.+:6443$/);
            assert.strictEqual(hostPort(add.outputs.url), publicEndpoint, "the public URL stays");
            assert.notStrictEqual(hostPort(internalUrl), publicEndpoint);
            assert.strictEqual(endpointOf(add.outputs), hostPort(internalUrl));
            if (internalHost) assert.strictEqual(hostPort(internalUrl), `${internalHost}:6443`);

            const remove = await engine.typescript(job("up", stack, cloud), program(false));
            const removed = effect(cloudSteps(remove.steps));
            assert.deepStrictEqual(
                [removed.create, removed.update, removed.replace, removed.delete],
                [0, 0, 0, created.length],
            );
            assert.deepStrictEqual(edits(remove.steps), created.map((c) => `delete ${c}`).sort());
            assert.strictEqual(remove.outputs.internalUrl, undefined);
            assert.strictEqual(hostPort(remove.outputs.url), publicEndpoint);
            assert.strictEqual(endpointOf(remove.outputs), publicEndpoint);
        } finally {
            await engine.typescript(job("destroy", stack, cloud), program(false));
        }
        assert.deepStrictEqual(engine.cloudResources(stack), []);
    }

    /** Per cloud: the public cluster, with or without the private endpoint, and what it adds. */
    const internalRows: {
        cloud: string;
        title: string;
        cluster: (stack: string, internal: boolean) => AwsHaCluster | AzureHaCluster | GcpHaCluster;
        /** The private endpoint's host when `internalDns` names it. */
        internalHost?: string;
        resources: [string, string][];
    }[] = [
        {
            cloud: "aws",
            title: "AWS",
            cluster: (stack, internal) =>
                new AwsHaCluster(stack, {
                    vpcId: "vpc-0123456789abcdef0",
                    subnetIds: ["subnet-0a", "subnet-0b"],
                    controllers: { instanceIds: ["i-0a", "i-0b"] },
                    workers: { instanceIds: ["i-0w"] },
                    ingress: {},
                    apiserver: internal ? INTERNAL : {},
                }),
            resources: [
                ["aws:ec2/securityGroup:SecurityGroup", "int-lb-sg"],
                ["aws:lb/listener:Listener", "apiserver-int-listener"],
                ["aws:lb/loadBalancer:LoadBalancer", "int-nlb"],
                ["aws:lb/targetGroup:TargetGroup", "apiserver-int-tg"],
                [TG_ATTACHMENT, "apiserver-int-target-i-0a"],
                [TG_ATTACHMENT, "apiserver-int-target-i-0b"],
                [SG_EGRESS, "int-lb-to-controllers-tcp-6443"],
                [SG_INGRESS, "controllers-from-int-lb-tcp-6443"],
                [SG_INGRESS, "int-lb-apiserver-int-10.0.0.0_16"],
                [SG_INGRESS, "int-lb-apiserver-int-controllers"],
                [SG_INGRESS, "int-lb-apiserver-int-workers"],
            ],
        },
        {
            cloud: "azure",
            title: "Azure",
            // No controllers by IP: the pools are NIC-based, which apiserver.internal requires
            // on Azure; the internal frontend takes `subnetId`.
            cluster: (stack, internal) =>
                new AzureHaCluster(stack, {
                    resourceGroupName: "rg",
                    ingress: {},
                    ...(internal
                        ? {
                              subnetId: `${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/nodes`,
                              apiserver: INTERNAL,
                              // Named in a private zone, the nodes' endpoint is the name.
                              internalDns: { zoneName: "prod.internal", name: "api.prod.internal" },
                          }
                        : {}),
                }),
            internalHost: "api.prod.internal",
            resources: [
                ["azure-native:network:LoadBalancer", "int-lb"],
                ["azure-native:network:SecurityRule", "nsg-controllers-apiserver-int-ipv4"],
                ["azure-native:privatedns:PrivateRecordSet", "internal-dns-a"],
            ],
        },
        {
            cloud: "gcp",
            title: "Google Cloud",
            cluster: (stack, internal) =>
                new GcpHaCluster(stack, {
                    ...GCP_NET,
                    mode: "passthrough",
                    ingress: {},
                    controllers: {
                        instances: ["a", "b"].map(
                            (z) =>
                                `https://www.googleapis.com/compute/v1/projects/demo-project/zones/us-central1-${z}/instances/controller-${z}`,
                        ),
                    },
                    apiserver: internal ? INTERNAL : {},
                }),
            resources: [
                ["gcp:compute/address:Address", "controllers-internal-ipv4-address"],
                ["gcp:compute/firewall:Firewall", "apiserver-int-clients-ipv4-fw"],
                ["gcp:compute/firewall:Firewall", "apiserver-int-health-ipv4-fw"],
                ["gcp:compute/firewall:Firewall", "apiserver-int-nodes-fw"],
                ["gcp:compute/forwardingRule:ForwardingRule", "apiserver-int-ipv4-fr"],
                ["gcp:compute/regionBackendService:RegionBackendService", "apiserver-int-backend"],
            ],
        },
    ];
    for (const row of internalRows) {
        it(`${row.title}: the private endpoint added to a running public cluster, then removed`, async () => {
            const stack = `ep-${row.cloud}-internal-add`;
            await addThenRemove(
                row.cloud,
                stack,
                (internal) => async () => {
                    const c = row.cluster(stack, internal);
                    return {
                        url: c.apiserverUrl,
                        internalUrl: c.internalApiserverUrl,
                        kubeadm: c.kubeadmConfig,
                    };
                },
                row.resources,
                row.internalHost,
            );
        });
    }
});

const urnName = (r: CloudResource) => r.urn.split("::").pop()!;
