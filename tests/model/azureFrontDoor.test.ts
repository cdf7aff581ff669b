// The Azure plan against what Azure accepts (issue "The front door the clouds accept"):
// one outbound rule per frontend and protocol, NSG priorities that never collide or move,
// nodes that keep reaching a restricted apiserver, idle timeouts in whole minutes.
import * as assert from "assert";
import { AzurePlan } from "../../provider/src/model/azure";
import { AZURE_PRIORITY_WIDTH } from "../../provider/src/model/azure/security";
import { azurePlan, azureProblems } from "../support/azurePlan";
import { assertProblem, ProblemRow } from "../support/problemRows";

const plan = azurePlan;
const problemsOf = azureProblems;

const rule = (p: AzurePlan, name: string) => {
    const found = p.securityRules.find((r) => r.name === name);
    assert.ok(found, `${name}; have ${p.securityRules.map((r) => r.name).join(", ")}`);
    return found;
};

describe("Azure outbound rules", () => {
    it("give every outbound rule a frontend of its own, so that no frontend carries two (one per frontend and protocol)", () => {
        const p = plan({ ipv6: true, ingress: {} });
        const lb = p.loadBalancer;
        const used = lb.outboundRules.flatMap((o) => o.frontendNames);
        assert.strictEqual(
            new Set(used).size,
            used.length,
            `frontends of outbound rules: ${used.join(", ")}`,
        );
        assert.deepStrictEqual(
            lb.outboundRules.map((o) => [o.name, o.poolName, o.frontendNames]),
            [
                ["outbound-ipv4", "outbound-ipv4", ["frontend-ipv4"]],
                ["outbound-ipv6", "outbound-ipv6", ["frontend-ipv6"]],
            ],
        );
        // Controllers by IP and workers by NIC: no pool holds both, so the workers get frontends of their own.
        const mixed = plan({
            ipv6: true,
            ingress: {},
            virtualNetworkId: "/vnet",
            controllers: { ipAddresses: ["10.0.1.4", "fd00::4"] },
        }).loadBalancer;
        assert.deepStrictEqual(
            mixed.outboundRules.map((o) => [o.name, o.poolName, o.frontendNames]),
            [
                ["outbound-ipv4", "outbound-ipv4", ["frontend-ipv4"]],
                ["outbound-ipv6", "outbound-ipv6", ["frontend-ipv6"]],
                ["outbound-workers-ipv4", "workers-ipv4", ["outbound-workers-ipv4"]],
                ["outbound-workers-ipv6", "workers-ipv6", ["outbound-workers-ipv6"]],
            ],
        );
    });

    it("keep the inbound frontends and their public IPs, and give the workers' outbound frontends (mixed pools only) Standard public IPs of their own", () => {
        const lb = plan({
            clusterName: "typhoon",
            ipv6: true,
            ingress: {},
            virtualNetworkId: "/vnet",
            controllers: { ipAddresses: ["10.0.1.4", "fd00::4"] },
        }).loadBalancer;
        assert.deepStrictEqual(
            lb.frontends.map((f) => [
                f.name,
                f.family,
                f.outboundRole,
                f.publicIp?.logicalName,
                f.publicIp?.name,
            ]),
            [
                ["frontend-ipv4", "ipv4", undefined, "demo-lb-ipv4", "typhoon-lb-ipv4"],
                ["frontend-ipv6", "ipv6", undefined, "demo-lb-ipv6", "typhoon-lb-ipv6"],
                [
                    "outbound-workers-ipv4",
                    "ipv4",
                    "workers",
                    "demo-lb-outbound-workers-ipv4",
                    "typhoon-lb-outbound-workers-ipv4",
                ],
                [
                    "outbound-workers-ipv6",
                    "ipv6",
                    "workers",
                    "demo-lb-outbound-workers-ipv6",
                    "typhoon-lb-outbound-workers-ipv6",
                ],
            ],
        );
        assert.ok(
            lb.rules.every((r) => r.frontendName.startsWith("frontend-")),
            "load-balancing rules stay on the inbound frontends",
        );
    });

    it("add no frontend without a worker pool or without outbound rules", () => {
        assert.deepStrictEqual(
            plan({}).loadBalancer.frontends.map((f) => f.name),
            ["frontend-ipv4"],
        );
        assert.deepStrictEqual(
            plan({ ingress: {}, outboundRules: false }).loadBalancer.frontends.map((f) => f.name),
            ["frontend-ipv4"],
        );
        assert.deepStrictEqual(
            plan({
                scheme: "internal",
                subnetId: "/subnet",
                ingress: {},
            }).loadBalancer.frontends.map((f) => f.name),
            ["frontend-ipv4"],
        );
    });
});

describe("Azure NSG priorities", () => {
    // Two service names whose hashed blocks collided in cluster "demo" under the former layout.
    const formerClash = {
        services: [
            { name: "app0", port: 3001 },
            { name: "app13", port: 3002 },
        ],
    };

    it("never collide: services that shared a hashed block plan, each priority once", () => {
        const p = plan({ ipv6: true, ingress: {}, ...formerClash });
        for (const role of ["controllers", "workers"]) {
            const all = p.securityRules.filter((r) => r.role === role).map((r) => r.priority);
            assert.strictEqual(new Set(all).size, all.length, all.join(", "));
        }
    });

    it("give fixed slots from priorityBase, and one rule for every service open to everyone whose port list grows in place", () => {
        const p = plan({
            ipv6: true,
            ingress: {},
            priorityBase: 2000,
            services: [
                { name: "b", port: 3002 },
                { name: "a", port: 3001, targetPort: 30001 },
            ],
        });
        assert.deepStrictEqual(
            p.securityRules.map((r) => [
                r.role,
                r.name,
                r.priority,
                r.protocol,
                r.ports,
                r.sources,
            ]),
            [
                ["controllers", "demo-apiserver-ipv4", 2000, "Tcp", [6443], ["0.0.0.0/0"]],
                ["controllers", "demo-apiserver-ipv6", 2001, "Tcp", [6443], ["::/0"]],
                ["controllers", "demo-probes", 2003, "Tcp", [6443], ["AzureLoadBalancer"]],
                [
                    "workers",
                    "demo-probes",
                    2003,
                    "Tcp",
                    [3002, 10254, 30001],
                    ["AzureLoadBalancer"],
                ],
                ["workers", "demo-ingress-ipv4", 2004, "Tcp", [80, 443], ["0.0.0.0/0"]],
                ["workers", "demo-ingress-ipv6", 2005, "Tcp", [80, 443], ["::/0"]],
                ["workers", "demo-services-tcp-ipv4", 2006, "Tcp", [3002, 30001], ["0.0.0.0/0"]],
                ["workers", "demo-services-tcp-ipv6", 2007, "Tcp", [3002, 30001], ["::/0"]],
            ],
        );
    });

    it("refuse a priorityBase whose range leaves 100-4096", () => {
        assertProblem(problemsOf({ priorityBase: 4000 }), {
            why: "base too high",
            args: {},
            path: "priorityBase",
            message: new RegExp(
                `4000 is not an NSG priority base \\(100-${4096 - AZURE_PRIORITY_WIDTH + 1},`,
            ),
        });
        assertProblem(problemsOf({ priorityBase: 99 }), {
            why: "base too low",
            args: {},
            path: "priorityBase",
            message: /99 is not an NSG priority base/,
        });
    });
});

describe("Azure node access to a restricted apiserver", () => {
    const restricted = { apiserver: { allowedCidrs: ["198.51.100.0/24"] } };

    it("admits the load balancer's outbound addresses (the nodes' SNAT sources) beside allowedCidrs and nodeSourceCidrs", () => {
        const p = plan({ ...restricted, ingress: {}, nodeSourceCidrs: ["192.0.2.0/24"] });
        const api = rule(p, "demo-apiserver-ipv4");
        assert.deepStrictEqual(
            [api.ports, api.sources, api.publicIpSources],
            [[6443], ["198.51.100.0/24", "192.0.2.0/24"], ["demo-lb-ipv4"]],
        );
    });

    it("admits nothing more on an apiserver open to everyone", () => {
        assert.deepStrictEqual(
            rule(plan({ ingress: {} }), "demo-apiserver-ipv4").publicIpSources,
            [],
        );
    });

    it("requires nodeSourceCidrs for a restricted public apiserver without outbound rules", () => {
        const row: ProblemRow = {
            why: "no outbound rules",
            args: {},
            path: "apiserver.allowedCidrs",
            message: /would be locked out/,
            fix: /nodeSourceCidrs/,
        };
        assertProblem(problemsOf({ ...restricted, outboundRules: false }), row);
        const p = plan({ ...restricted, outboundRules: false, nodeSourceCidrs: ["192.0.2.0/24"] });
        assert.deepStrictEqual(
            [
                rule(p, "demo-apiserver-ipv4").sources,
                rule(p, "demo-apiserver-ipv4").publicIpSources,
            ],
            [["198.51.100.0/24", "192.0.2.0/24"], []],
        );
    });

    it("admits nodeSourceCidrs on a restricted internal apiserver, not the VirtualNetwork tag", () => {
        const p = plan({
            ...restricted,
            scheme: "internal",
            subnetId: "/subnet",
            nodeSourceCidrs: ["10.0.0.0/22"],
        });
        const api = rule(p, "demo-apiserver-ipv4");
        assert.deepStrictEqual(
            [api.priority, api.protocol, api.ports, api.sources],
            [1000, "Tcp", [6443], ["198.51.100.0/24", "10.0.0.0/22"]],
        );
        assert.ok(
            !p.securityRules.some(
                (r) => r.access === "Allow" && r.sources.includes("VirtualNetwork"),
            ),
        );
    });
});

describe("Azure idle timeouts", () => {
    it("sets idleTimeoutInMinutes on TCP rules: 10 minutes on the apiserver by default, Azure's default elsewhere", () => {
        const p = plan({
            ingress: { idleTimeoutSeconds: 1800 },
            services: [{ name: "app", port: 3333 }],
        });
        const minutes = (name: string) =>
            p.loadBalancer.rules.find((r) => r.name === name)!.idleTimeoutInMinutes;
        assert.deepStrictEqual(
            ["apiserver-ipv4", "ingress-http-ipv4", "ingress-https-ipv4", "svc-app-ipv4"].map(
                minutes,
            ),
            [10, 30, 30, undefined],
        );
    });

    const rows: ProblemRow[] = [
        {
            why: "seconds that are no whole minute",
            args: { apiserver: { idleTimeoutSeconds: 330 } },
            path: "apiserver.idleTimeoutSeconds",
            message: /330 seconds is not a whole number of minutes/,
            fix: /300 \(5 minutes\) or 360 \(6 minutes\)/,
        },
        {
            why: "ingress seconds that are no whole minute, once",
            args: { ingress: { idleTimeoutSeconds: 250 } },
            path: "ingress.idleTimeoutSeconds",
            message: /250 seconds/,
            fix: /240 \(4 minutes\) or 300 \(5 minutes\)/,
        },
        {
            why: "idle timeout on a UDP service",
            args: {
                services: [
                    {
                        name: "dns",
                        port: 53,
                        protocol: "UDP",
                        healthCheck: { port: 8053 },
                        idleTimeoutSeconds: 600,
                    },
                ],
            },
            path: "services[0].idleTimeoutSeconds",
            message: /only applies to TCP/,
            fix: /remove idleTimeoutSeconds/,
        },
        {
            why: "over 100 minutes",
            args: { apiserver: { idleTimeoutSeconds: 6060 } },
            path: "apiserver.idleTimeoutSeconds",
            message: /4-100 minutes/,
        },
    ];
    for (const row of rows)
        it(`refuses ${row.why}`, () => assertProblem(problemsOf(row.args), row));

    it("reports a shared ingress timeout once", () => {
        assert.strictEqual(
            problemsOf({ ingress: { idleTimeoutSeconds: 250 } }).filter(
                (p) => p.path === "ingress.idleTimeoutSeconds",
            ).length,
            1,
        );
    });
});
