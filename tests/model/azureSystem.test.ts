// The Azure front door as a system (issue 17, defects 1-10): what reaches which role, what
// Azure refuses, and what it costs. Each block failed before its fix.
import * as assert from "assert";
import { AzurePlan } from "../../provider/src/model/azure";
import { azurePlan, azureProblems } from "../support/azurePlan";
import { assertProblem } from "../support/problemRows";

const plan = azurePlan;
const problemsOf = azureProblems;

const VNET = { virtualNetworkId: "/vnet" };
const byIp = (controllers: string[], workers: string[]) => ({
    ...VNET,
    controllers: { ipAddresses: controllers },
    workers: { ipAddresses: workers },
});
const rulesOf = (p: AzurePlan, role: string) => p.securityRules.filter((r) => r.role === role);

describe("Azure system: 1. NSG rule descriptions fit Azure's 140 characters", () => {
    it("keeps a shared services rule's description within 140 characters with 10 and 60 services", () => {
        for (const count of [10, 60]) {
            const services = Array.from({ length: count }, (_, i) => ({
                name: `service-${i}`,
                port: 4000 + i,
            }));
            const p = plan({ services });
            const shared = p.securityRules.find((r) => r.name === "demo-services-tcp-ipv4")!;
            assert.deepStrictEqual(shared.ports.length, count);
            assert.ok(
                shared.description.length <= 140,
                `${shared.description.length}: ${shared.description}`,
            );
            assert.match(shared.description, /service-0/);
            for (const r of p.securityRules) assert.ok(r.description.length <= 140, r.description);
        }
    });
});

describe("Azure system: 3. a restricted internal apiserver admits the nodes, not the VirtualNetwork tag", () => {
    const internal = {
        scheme: "internal",
        subnetId: "/subnet",
        apiserver: { allowedCidrs: ["10.9.0.0/16"] },
        ingress: {},
    };

    it("asks for the nodes' subnets in nodeSourceCidrs, the nodes' NIC addresses being unknown to the component", () => {
        assertProblem(problemsOf(internal), {
            why: "no node sources",
            args: {},
            path: "apiserver.allowedCidrs",
            message: /restricts an internal apiserver.*would be locked out/,
            fix: /nodeSourceCidrs/,
        });
    });

    it("admits allowedCidrs and nodeSourceCidrs, and denies the VirtualNetwork tag after them", () => {
        const p = plan({
            ...internal,
            ipv6: true,
            nodeSourceCidrs: ["10.0.0.0/22", "fd00:10::/64"],
        });
        assert.ok(
            !p.securityRules.some(
                (r) => r.access === "Allow" && r.sources.includes("VirtualNetwork"),
            ),
            "no allow rule for the VirtualNetwork tag",
        );
        // One Deny rule for both families: AllowVnetInBound (65000) would admit the tag otherwise.
        assert.deepStrictEqual(
            p.securityRules
                .filter((r) => r.name.startsWith("demo-apiserver"))
                .map((r) => [r.name, r.access, r.priority, r.sources]),
            [
                ["demo-apiserver-ipv4", "Allow", 1000, ["10.9.0.0/16", "10.0.0.0/22"]],
                ["demo-apiserver-ipv6", "Allow", 1001, ["fd00:10::/64"]],
                ["demo-apiserver-deny-vnet", "Deny", 1399, ["VirtualNetwork"]],
            ],
        );
    });
});

describe("Azure system: 6. internal load balancers take NIC-based pools only", () => {
    it("refuses nodes given by IP behind an internal load balancer, naming each list", () => {
        const problems = problemsOf({
            scheme: "internal",
            subnetId: "/subnet",
            ingress: {},
            ...byIp(["10.0.1.4"], ["10.0.2.4"]),
        });
        for (const path of ["controllers.ipAddresses", "workers.ipAddresses"]) {
            assertProblem(problems, {
                why: "IP-based pools behind an ILB",
                args: {},
                path,
                message: /can't reach the internal frontend and the backend VMs at the same time/,
                fix: /join the nodes by NIC/,
            });
        }
    });
});

describe("Azure system: 4. one NSG per role, each rule in the NSG of the role it opens", () => {
    it("puts the apiserver in the controllers' NSG and ingress in the workers', each with its own probe ports", () => {
        const p = plan({
            ingress: {},
            services: [
                {
                    name: "dns",
                    port: 53,
                    protocol: "UDP",
                    backend: "controllers",
                    healthCheck: { port: 8053 },
                },
                { name: "app", port: 3333, targetPort: 30333 },
            ],
        });
        assert.deepStrictEqual(
            Object.fromEntries(
                Object.entries(p.securityGroups).map(([role, g]) => [
                    role,
                    "create" in g! ? g.create.name : g,
                ]),
            ),
            { controllers: "demo-controllers", workers: "demo-workers" },
        );
        const summary = (role: string) =>
            rulesOf(p, role)
                .map((r) => [r.name, r.protocol, r.ports])
                .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
        assert.deepStrictEqual(summary("controllers"), [
            ["demo-apiserver-ipv4", "Tcp", [6443]],
            ["demo-probes", "Tcp", [6443, 8053]],
            ["demo-services-udp-ipv4", "Udp", [53]],
        ]);
        assert.deepStrictEqual(summary("workers"), [
            ["demo-ingress-ipv4", "Tcp", [80, 443]],
            ["demo-probes", "Tcp", [10254, 30333]],
            ["demo-services-tcp-ipv4", "Tcp", [30333]],
        ]);
        const logical = p.securityRules.map((r) => r.logicalName);
        assert.strictEqual(new Set(logical).size, logical.length);
    });

    it("takes each role's existing NSG, and refuses one NSG for both roles", () => {
        const p = plan({
            ingress: {},
            controllers: { networkSecurityGroupName: "cp-nsg" },
            workers: { networkSecurityGroupName: "w-nsg" },
        });
        assert.deepStrictEqual(p.securityGroups, {
            controllers: { existingName: "cp-nsg" },
            workers: { existingName: "w-nsg" },
        });
        assertProblem(problemsOf({ ingress: {}, networkSecurityGroupName: "nodes" }), {
            why: "one NSG for both roles",
            args: {},
            path: "networkSecurityGroupName",
            message: /both roles/,
            fix: /controllers.networkSecurityGroupName and workers.networkSecurityGroupName/,
        });
        assertProblem(
            problemsOf({
                ingress: {},
                controllers: { networkSecurityGroupName: "n" },
                workers: { networkSecurityGroupName: "N" },
            }),
            {
                why: "the same NSG twice",
                args: {},
                path: "workers.networkSecurityGroupName",
                message: /also the controllers' NSG/,
            },
        );
        // Without worker frontends the old input still names the controllers' NSG.
        assert.deepStrictEqual(plan({ networkSecurityGroupName: "nodes" }).securityGroups, {
            controllers: { existingName: "nodes" },
        });
    });
});

describe("Azure system: 5. a family with frontends and no member is refused", () => {
    it("refuses ipv6 with no IPv6 address in a pool whose members are given", () => {
        assertProblem(
            problemsOf({
                ipv6: true,
                ingress: {},
                ...byIp(["10.0.1.10", "fd00::10"], ["10.0.1.20", "10.0.2.20"]),
            }),
            {
                why: "no IPv6 worker",
                args: {},
                path: "workers.ipAddresses",
                message:
                    /no IPv6 address, so the IPv6 frontend would forward ingress-http, ingress-https to an empty pool/,
                fix: /add the workers' IPv6 addresses, or set ipv6: false/,
            },
        );
        assertProblem(
            problemsOf({ ipv6: true, ...VNET, controllers: { ipAddresses: ["fd00::10"] } }),
            {
                why: "no IPv4 controller",
                args: {},
                path: "controllers.ipAddresses",
                message: /no IPv4 address/,
            },
        );
        assert.ok(
            plan({
                ipv6: true,
                ingress: {},
                ...byIp(["10.0.1.10", "fd00::10"], ["10.0.1.20", "fd00::20"]),
            }),
        );
    });
});

describe("Azure system: 8. outbound flows keep the apiserver's idle timeout", () => {
    it("sets the outbound rules' idle timeout to the longest TCP idle timeout (10 minutes by default)", () => {
        assert.deepStrictEqual(
            plan({ ingress: {} }).loadBalancer.outboundRules.map((o) => o.idleTimeoutInMinutes),
            [10],
        );
        assert.deepStrictEqual(
            plan({ ingress: { idleTimeoutSeconds: 1800 } }).loadBalancer.outboundRules.map(
                (o) => o.idleTimeoutInMinutes,
            ),
            [30],
        );
    });
});

describe("Azure system: 9. cost at Typhoon's (2 public IPs, 8 rules for a dual-stack apiserver and ingress)", () => {
    const typhoon = { ipv6: true, ingress: {} };
    const count = (p: AzurePlan) => ({
        publicIps: p.loadBalancer.frontends.filter((f) => f.publicIp).length,
        rules: p.loadBalancer.rules.length + p.loadBalancer.outboundRules.length,
    });

    it("NIC-based pools: one outbound pool per family on the inbound frontend", () => {
        const p = plan(typhoon);
        assert.deepStrictEqual(count(p), { publicIps: 2, rules: 8 });
        assert.deepStrictEqual(
            p.loadBalancer.outboundRules.map((o) => [o.name, o.frontendNames, o.poolName]),
            [
                ["outbound-ipv4", ["frontend-ipv4"], "outbound-ipv4"],
                ["outbound-ipv6", ["frontend-ipv6"], "outbound-ipv6"],
            ],
        );
        assert.deepStrictEqual(
            p.loadBalancer.pools.filter((x) => x.role === undefined).map((x) => x.name),
            ["outbound-ipv4", "outbound-ipv6"],
        );
    });

    it("IP-based pools: the outbound pool holds every node's address", () => {
        const p = plan({
            ...typhoon,
            ...byIp(["10.0.1.10", "fd00::10"], ["10.0.1.20", "fd00::20"]),
        });
        assert.deepStrictEqual(count(p), { publicIps: 2, rules: 8 });
        const out = p.loadBalancer.pools.find((x) => x.name === "outbound-ipv4")!;
        assert.deepStrictEqual(out.members, ["controllers", "workers"]);
    });

    it("one frontend never carries two outbound rules", () => {
        for (const args of [
            typhoon,
            { ...typhoon, ...VNET, controllers: { ipAddresses: ["10.0.1.10", "fd00::10"] } },
            {},
        ]) {
            const used = plan(args).loadBalancer.outboundRules.flatMap((o) => o.frontendNames);
            assert.strictEqual(new Set(used).size, used.length, used.join(", "));
        }
    });
});

describe("Azure system: 10. ports and tags Azure refuses", () => {
    it("refuses a frontend port of 65535 (frontendPort takes 0-65534, 0 meaning any port)", () => {
        assertProblem(problemsOf({ services: [{ name: "top", port: 65535 }] }), {
            why: "port 65535",
            args: {},
            path: "services[0].port",
            message: /65535 is above Azure's highest frontend port, 65534/,
            fix: /1-65534/,
        });
        assert.ok(plan({ services: [{ name: "top", port: 65534 }] }));
    });

    it("refuses more than 50 tags, long names and values, and names with < > % & \\ ? /", () => {
        const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, "x"]));
        assertProblem(problemsOf({ tags: many }), {
            why: "51 tags",
            args: {},
            path: "tags",
            message: /51 tags exceed Azure's limit of 50/,
        });
        assertProblem(problemsOf({ tags: { "kubernetes.io/cluster/prod": "owned" } }), {
            why: "slash in a name",
            args: {},
            path: "tags.kubernetes.io/cluster/prod",
            message: /contains "\/"/,
        });
        assertProblem(problemsOf({ tags: { a: "v".repeat(257) } }), {
            why: "long value",
            args: {},
            path: "tags.a",
            message: /257 characters/,
        });
        assertProblem(problemsOf({ tags: { ["n".repeat(513)]: "v" } }), {
            why: "long name",
            args: {},
            path: `tags.${"n".repeat(513)}`,
            message: /513 characters/,
        });
        assert.ok(plan({ tags: { team: "platform", "kubernetes.io_cluster": "owned" } }));
    });
});
