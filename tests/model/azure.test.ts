// The Azure plan without Pulumi: one row per Azure-specific invalid input (path, message and
// fix), then the planning rules themselves (probe sharing, priorities, pool membership,
// routes, the hairpin script, the inventory).
import * as assert from "assert";
import {
    azureInventory,
    AzurePlan,
    azurePoolMembers,
    planAzure,
} from "../../provider/src/model/azure";
import { azureHairpinScript } from "../../provider/src/model/azure/hairpin";
import { AZURE_PRIORITY_WIDTH } from "../../provider/src/model/azure/security";
import { AZURE_NAME, isValidCloudName } from "../../provider/src/model/naming";
import { Problem } from "../../provider/src/model/problems";
import { unknown } from "../../provider/src/model/unknown";
import { assertProblem, ProblemRow } from "../support/problemRows";

const base = { resourceGroupName: "rg-k8s" };

function problemsOf(args: Record<string, unknown>): Problem[] {
    const result = planAzure({ ...base, ...args }, "demo");
    assert.strictEqual(result.plan, undefined, "an invalid input must not be planned");
    return result.problems;
}

function plan(args: Record<string, unknown>): AzurePlan {
    const result = planAzure({ ...base, ...args }, "demo");
    if (!result.plan)
        throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    return result.plan;
}

/** Two restricted source sets whose rules hash to one priority slot in cluster "demo" at the default base. */
const [clashA, clashB] = (() => {
    const seen = new Map<number, string>();
    for (let i = 1; i < 255; i++) {
        const cidr = `198.51.${i}.0/24`;
        const slot = plan({
            services: [{ name: "app", port: 3001, allowedCidrs: [cidr] }],
        }).securityRules.find((r) => r.sources[0] === cidr)!.priority;
        if (seen.has(slot)) return [seen.get(slot)!, cidr];
        seen.set(slot, cidr);
    }
    throw new Error("no two source sets share a slot");
})();

const ip = (role: string, ...ipAddresses: unknown[]) => ({
    virtualNetworkId: "/vnet",
    [role]: { ipAddresses },
});
const route = (r: Record<string, unknown>) => ({
    routes: [{ name: "to-fw", addressPrefix: "0.0.0.0/0", nextHopType: "Internet", ...r }],
});
const hc = (owner: string, check: Record<string, unknown>) => ({ [owner]: { healthCheck: check } });

const ROWS: ProblemRow[] = [
    {
        why: "no resource group",
        args: { resourceGroupName: undefined },
        path: "resourceGroupName",
        message: /is required/,
        fix: /resource group/,
    },
    {
        why: "empty resource group",
        args: { resourceGroupName: "" },
        path: "resourceGroupName",
        message: /is empty/,
    },
    {
        why: "internal without subnet",
        args: { scheme: "internal" },
        path: "subnetId",
        message: /is required when scheme is internal/,
        fix: /subnet of the private frontends/,
    },
    {
        why: "subnet on public frontends",
        args: { subnetId: "/subnet" },
        path: "subnetId",
        message: /public frontends take no subnet/,
        fix: /scheme "internal"/,
    },
    {
        why: "IP targets without virtual network",
        args: { controllers: { ipAddresses: ["10.0.0.4"] } },
        path: "virtualNetworkId",
        message: /required when targets are given by IP \(controllers.ipAddresses\)/,
    },
    {
        why: "unknown IP list without virtual network",
        args: { controllers: { ipAddresses: unknown(Promise.resolve([])) } },
        path: "virtualNetworkId",
        message: /required when targets are given by IP/,
    },
    {
        why: "target that is no address",
        args: ip("controllers", "node-1"),
        path: "controllers.ipAddresses[0]",
        message: /"node-1" is not an IP address/,
    },
    {
        why: "target given as a CIDR",
        args: ip("controllers", "10.0.0.4/32"),
        path: "controllers.ipAddresses[0]",
        message: /is not an IP address/,
        fix: /without a prefix length/,
    },
    {
        why: "IPv6 target without ipv6",
        args: ip("controllers", "fd00::4"),
        path: "controllers.ipAddresses[0]",
        message: /fd00::4 is an IPv6 address but ipv6 is false/,
        fix: /ipv6: true/,
    },
    {
        why: "same target spelled twice",
        args: { ipv6: true, ...ip("controllers", "fd00::4", "fd00:0:0::0004") },
        path: "controllers.ipAddresses[1]",
        message: /fd00::4 is also controllers.ipAddresses\[0\]/,
    },
    {
        why: "workers without a worker frontend",
        args: ip("workers", "10.0.2.4"),
        path: "workers.ipAddresses",
        message: /no pool to join/,
        fix: /add ingress/,
    },
    {
        why: "outbound rules on internal",
        args: { scheme: "internal", subnetId: "/subnet", outboundRules: true },
        path: "outboundRules",
        message: /internal load balancers give no outbound SNAT/,
        fix: /NAT gateway/,
    },
    {
        why: "outbound rules as a string",
        args: { outboundRules: "yes" },
        path: "outboundRules",
        message: /expected true or false/,
    },
    {
        why: "DNS label on internal",
        args: { scheme: "internal", subnetId: "/subnet", dnsLabel: "k8s" },
        path: "dnsLabel",
        message: /internal load balancers have none/,
    },
    {
        why: "DNS label with capitals",
        args: { dnsLabel: "My_K8s" },
        path: "dnsLabel",
        message: /"My_K8s" is not a domain name label/,
        fix: /lowercase/,
    },
    {
        why: "zone 4",
        args: { zones: ["1", "4"] },
        path: "zones[1]",
        message: /"4" is not an availability zone/,
    },
    {
        why: "zone twice",
        args: { zones: ["2", "2"] },
        path: "zones[1]",
        message: /zone "2" is listed twice/,
    },
    {
        why: "probe timeout",
        args: hc("apiserver", { timeoutSeconds: 5 }),
        path: "apiserver.healthCheck.timeoutSeconds",
        message: /Azure load balancer probes have no timeout/,
        fix: /remove timeoutSeconds/,
    },
    {
        why: "probe timeout on a service",
        args: { services: [{ name: "app", port: 3333, healthCheck: { timeoutSeconds: 5 } }] },
        path: "services[0].healthCheck.timeoutSeconds",
        message: /no timeout setting/,
    },
    {
        why: "healthy threshold apart from unhealthy",
        args: hc("ingress", { healthyThreshold: 2 }),
        path: "ingress.healthCheck.healthyThreshold",
        message: /2 differs from the unhealthy threshold 3; an Azure probe has one threshold/,
    },
    {
        why: "probe interval below 5",
        args: hc("apiserver", { intervalSeconds: 3 }),
        path: "apiserver.healthCheck.intervalSeconds",
        message: /3 is not an Azure probe interval/,
    },
    {
        why: "probe threshold over 100",
        args: hc("ingress", { unhealthyThreshold: 101 }),
        path: "ingress.healthCheck.unhealthyThreshold",
        message: /not an Azure probe threshold \(1-100\)/,
    },
    {
        why: "two services on one backend port",
        args: {
            services: [
                { name: "a", port: 3333, targetPort: 30333 },
                { name: "b", port: 3334, targetPort: 30333 },
            ],
        },
        path: "services[1].targetPort",
        message:
            /TCP\/30333 on the workers is already the target of svc-a \(services\[0\].targetPort\)/,
    },
    {
        why: "service on the ingress backend port",
        args: {
            ingress: { httpTargetPort: 30080 },
            services: [{ name: "web", port: 8080, targetPort: 30080 }],
        },
        path: "services[0].targetPort",
        message: /already the target of ingress-http \(ingress.httpTargetPort\)/,
    },
    {
        why: "route without name",
        args: route({ name: undefined }),
        path: "routes[0].name",
        message: /is required/,
    },
    {
        why: "route name starting with a hyphen",
        args: route({ name: "-fw" }),
        path: "routes[0].name",
        message: /"-fw" is not an Azure route name/,
    },
    {
        why: "route names differing in case",
        args: {
            routes: [
                { name: "to-fw", addressPrefix: "10.1.0.0/16", nextHopType: "None" },
                { name: "To-FW", addressPrefix: "10.2.0.0/16", nextHopType: "None" },
            ],
        },
        path: "routes[1].name",
        message: /"To-FW" is also the name of routes\[0\]/,
    },
    {
        why: "route prefix with host bits",
        args: route({ addressPrefix: "10.0.0.1/8" }),
        path: "routes[0].addressPrefix",
        message: /host bits set/,
        fix: /10\.0\.0\.0\/8/,
    },
    {
        why: "route prefix over 32",
        args: route({ addressPrefix: "10.0.0.0/33" }),
        path: "routes[0].addressPrefix",
        message: /prefix longer than 32/,
        fix: /service tag/,
    },
    {
        why: "two routes to one prefix",
        args: {
            routes: [
                { name: "a", addressPrefix: "10.0.0.0/8", nextHopType: "None" },
                { name: "b", addressPrefix: "10.0.0.0/8", nextHopType: "Internet" },
            ],
        },
        path: "routes[1].addressPrefix",
        message: /10\.0\.0\.0\/8 is also the destination of routes\[0\]/,
    },
    {
        why: "unknown next hop type",
        args: route({ nextHopType: "Firewall" }),
        path: "routes[0].nextHopType",
        message: /"Firewall" is not allowed/,
        fix: /"VirtualAppliance"/,
    },
    {
        why: "route without next hop type",
        args: route({ nextHopType: undefined }),
        path: "routes[0].nextHopType",
        message: /is required/,
    },
    {
        why: "appliance without address",
        args: route({ nextHopType: "VirtualAppliance" }),
        path: "routes[0].nextHopIpAddress",
        message: /required with nextHopType VirtualAppliance/,
    },
    {
        why: "address without appliance",
        args: route({ nextHopIpAddress: "10.0.9.4" }),
        path: "routes[0].nextHopIpAddress",
        message: /only used with nextHopType VirtualAppliance, not Internet/,
    },
    {
        why: "appliance address invalid",
        args: route({ nextHopType: "VirtualAppliance", nextHopIpAddress: "fw" }),
        path: "routes[0].nextHopIpAddress",
        message: /"fw" is not an IP address/,
    },
    {
        why: "IPv4 appliance for an IPv6 prefix",
        args: route({
            addressPrefix: "::/0",
            nextHopType: "VirtualAppliance",
            nextHopIpAddress: "10.0.9.4",
        }),
        path: "routes[0].nextHopIpAddress",
        message: /10\.0\.9\.4 is an IPv4 address for an IPv6 destination/,
    },
    {
        why: "empty NSG name",
        args: { networkSecurityGroupName: "" },
        path: "networkSecurityGroupName",
        message: /is empty/,
    },
    {
        why: "empty role NSG name",
        args: { controllers: { networkSecurityGroupName: "" } },
        path: "controllers.networkSecurityGroupName",
        message: /is empty/,
    },
    {
        why: "priority base as a string",
        args: { priorityBase: "1000" },
        path: "priorityBase",
        message: /expected an integer/,
    },
];

describe("Azure validation: one row per invalid input", () => {
    for (const row of ROWS) {
        it(`${row.why} -> ${row.path}`, () => assertProblem(problemsOf(row.args), row));
    }

    it("reports a bad timeout once, in the cloud's words", () => {
        const problems = problemsOf(hc("apiserver", { timeoutSeconds: 0 }));
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["apiserver.healthCheck.timeoutSeconds"],
        );
    });

    it("accepts unknown references during preview", () => {
        const later = (v: unknown) => unknown(Promise.resolve(v));
        const result = planAzure(
            {
                resourceGroupName: later("rg"),
                location: later("westeurope"),
                virtualNetworkId: later("/vnet"),
                zones: later(["1"]),
                controllers: {
                    ipAddresses: later(["10.0.0.4"]),
                    networkSecurityGroupName: later("cp-nsg"),
                },
                ingress: {},
                workers: {
                    ipAddresses: ["10.0.2.4", later("10.0.2.5")],
                    networkSecurityGroupName: later("w-nsg"),
                },
                routeTableName: later("rt"),
                routes: [
                    {
                        name: "to-fw",
                        addressPrefix: "0.0.0.0/0",
                        nextHopType: "VirtualAppliance",
                        nextHopIpAddress: later("10.0.9.4"),
                    },
                ],
            },
            "demo",
        );
        assert.deepStrictEqual(result.problems, []);
        assert.ok(result.plan);
    });
});

describe("Azure plan", () => {
    it("shares one probe between frontends with the same health check, in both families", () => {
        const p = plan({ ipv6: true, ingress: {} });
        const probes = p.loadBalancer.probes;
        assert.deepStrictEqual(
            probes.map((x) => [
                x.protocol,
                x.port,
                x.requestPath,
                x.intervalInSeconds,
                x.probeThreshold,
            ]),
            [
                ["Http", 10254, "/healthz", 10, 3],
                ["Https", 6443, "/readyz", 10, 3],
            ],
        );
        const probeOf = (rule: string) =>
            p.loadBalancer.rules.find((r) => r.name === rule)!.probeName;
        assert.strictEqual(probeOf("ingress-http-ipv4"), probes[0].name);
        assert.strictEqual(probeOf("ingress-https-ipv6"), probes[0].name);
        assert.strictEqual(probeOf("apiserver-ipv6"), probes[1].name);
        assert.match(probes[0].name, /^http-10254-healthz-[0-9a-f]{4}$/);
    });

    it("gives a different health check its own probe", () => {
        const p = plan({
            services: [
                { name: "a", port: 3001, targetPort: 6443, healthCheck: { intervalSeconds: 30 } },
                {
                    name: "b",
                    port: 3002,
                    backend: "controllers",
                    targetPort: 3002,
                    healthCheck: { protocol: "HTTPS", port: 6443, path: "/readyz" },
                },
            ],
        });
        // svc-b probes HTTPS 6443 /readyz every 10s like the apiserver; svc-a every 30s.
        assert.strictEqual(p.loadBalancer.probes.length, 2);
        const probeOf = (rule: string) =>
            p.loadBalancer.rules.find((r) => r.name === rule)!.probeName;
        assert.strictEqual(probeOf("svc-b-ipv4"), probeOf("apiserver-ipv4"));
        assert.notStrictEqual(probeOf("svc-a-ipv4"), probeOf("apiserver-ipv4"));
    });

    it("keeps every rule's priority when services are added, and keeps all of them in the cluster's range", () => {
        const one = plan({
            ipv6: true,
            services: [{ name: "app", port: 3333, allowedCidrs: ["198.51.100.0/24"] }],
        });
        const other = plan({
            ipv6: true,
            ingress: {},
            services: [
                { name: "db", port: 5432 },
                { name: "app", port: 3333, allowedCidrs: ["198.51.100.0/24"] },
                { name: "web", port: 8080, allowedCidrs: ["198.51.100.0/24"] },
            ],
        });
        const priorities = (p: AzurePlan) =>
            new Map(p.securityRules.map((r) => [r.name, r.priority]));
        for (const [name, priority] of priorities(one))
            assert.strictEqual(priorities(other).get(name), priority, name);
        const shared = other.securityRules.filter((r) => r.sources[0] === "198.51.100.0/24");
        assert.deepStrictEqual(
            shared.map((r) => [r.protocol, r.ports]),
            [["Tcp", [3333, 8080]]],
            "services with one source set share one rule",
        );
        assert.match(shared[0].name, /^demo-services-tcp-ipv4-[0-9a-f]{6}$/);
        for (const r of other.securityRules)
            assert.ok(
                r.priority >= 1000 && r.priority < 1000 + AZURE_PRIORITY_WIDTH,
                `${r.name} ${r.priority}`,
            );
        for (const role of ["controllers", "workers"]) {
            const inNsg = other.securityRules.filter((r) => r.role === role);
            assert.strictEqual(new Set(inNsg.map((r) => r.priority)).size, inNsg.length, role);
        }
    });

    it("refuses two restricted source sets in one slot, with a priorityBase that separates them", () => {
        const args = {
            services: [
                { name: "a", port: 3001, allowedCidrs: [clashA] },
                { name: "b", port: 3002, allowedCidrs: [clashB] },
            ],
        };
        const [problem, ...more] = problemsOf(args);
        assert.deepStrictEqual(more, []);
        assert.strictEqual(problem.path, "services[1].allowedCidrs");
        assert.match(
            problem.message,
            new RegExp(
                `the NSG rule for ${clashB} \\(svc-b\\) and the one for ${clashA} \\(svc-a\\) hash to the same priority`,
            ),
        );
        const base = Number(/set priorityBase to (\d+)/.exec(problem.fix)![1]);
        assert.ok(Math.abs(base - 1000) >= AZURE_PRIORITY_WIDTH);
        assert.ok(plan({ ...args, priorityBase: base }), "the suggested base plans");
    });

    it("refuses a controllers' restricted source set in the apiserver's Deny slot, with a priorityBase that separates them", () => {
        const internal = {
            scheme: "internal",
            subnetId: "/subnets/nodes",
            nodeSourceCidrs: ["10.0.0.0/22"],
            apiserver: { allowedCidrs: ["10.1.0.0/16"] },
        };
        const service = (cidr: string) => ({
            services: [{ name: "a", port: 3001, backend: "controllers", allowedCidrs: [cidr] }],
        });
        // A source set that hashes to the range's last slot, found by planning without the Deny rule.
        const last = 1000 + AZURE_PRIORITY_WIDTH - 1;
        let cidr: string | undefined;
        for (let i = 0; i < 65536 && cidr === undefined; i++) {
            const candidate = `10.${128 + (i >> 8)}.${i & 255}.0/24`;
            const rules = plan({ ...service(candidate), ...internal, apiserver: {} }).securityRules;
            if (rules.find((r) => r.sources[0] === candidate)!.priority === last) cidr = candidate;
        }
        const [problem, ...more] = problemsOf({ ...service(cidr!), ...internal });
        assert.deepStrictEqual(more, []);
        assert.strictEqual(problem.path, "services[0].allowedCidrs");
        assert.strictEqual(
            problem.message,
            `the NSG rule for ${cidr} (svc-a) and the apiserver's Deny rule for the VirtualNetwork tag take the same priority ${last}`,
        );
        const moved = Number(/set priorityBase to (\d+)/.exec(problem.fix)![1]);
        const rules = plan({ ...service(cidr!), ...internal, priorityBase: moved }).securityRules;
        const deny = rules.find((r) => r.access === "Deny")!;
        assert.deepStrictEqual(
            [deny.role, deny.priority, deny.ports, deny.sources],
            ["controllers", moved + AZURE_PRIORITY_WIDTH - 1, [6443], ["VirtualNetwork"]],
        );
        assert.ok(rules.find((r) => r.sources[0] === cidr)!.priority !== deny.priority);
    });

    it("skips the rule of a family without clients or node sources", () => {
        // A service, not the apiserver: an apiserver without IPv4 clients locks the kubelets out (issue 17, defect 15).
        const p = plan({
            ipv6: true,
            outboundRules: false,
            services: [{ name: "app", port: 3333, allowedCidrs: ["2001:db8::/32"] }],
        });
        assert.deepStrictEqual(
            p.securityRules.map((r) => r.name),
            // Each role's NSG has its probes rule.
            [
                "demo-apiserver-ipv4",
                "demo-apiserver-ipv6",
                "demo-probes",
                "demo-probes",
                "demo-services-tcp-ipv6-90c2cb",
            ],
        );
    });

    it("puts each member in the pool of its family, named by its canonical address", () => {
        assert.deepStrictEqual(azurePoolMembers(["10.0.0.4", "FD00:0::4", "10.0.0.5"], "ipv6"), [
            { name: "fd00xx4", ipAddress: "fd00::4" },
        ]);
        assert.deepStrictEqual(
            azurePoolMembers(["10.0.0.4", "fd00::4"], "ipv4").map((m) => m.name),
            ["10-0-0-4"],
        );
    });

    it("plans worker pools only for worker frontends, and outbound rules only when public", () => {
        const pub = plan({});
        // Every node joins the outbound pool, whose rule leaves from the inbound frontend.
        assert.deepStrictEqual(
            pub.loadBalancer.pools.map((p) => p.name),
            ["controllers-ipv4", "outbound-ipv4"],
        );
        assert.deepStrictEqual(pub.loadBalancer.outboundRules, [
            {
                name: "outbound-ipv4",
                frontendNames: ["frontend-ipv4"],
                poolName: "outbound-ipv4",
                idleTimeoutInMinutes: 10,
            },
        ]);
        const internal = plan({ scheme: "internal", subnetId: "/subnet", ingress: {} });
        assert.deepStrictEqual(
            internal.loadBalancer.pools.map((p) => p.name),
            ["controllers-ipv4", "workers-ipv4"],
        );
        assert.deepStrictEqual(internal.loadBalancer.outboundRules, []);
        assert.ok(internal.loadBalancer.rules.every((r) => !r.disableOutboundSnat));
        const noOutbound = plan({ outboundRules: false });
        assert.deepStrictEqual(noOutbound.loadBalancer.outboundRules, []);
        assert.strictEqual(noOutbound.loadBalancer.rules[0].disableOutboundSnat, false);
    });

    it("keeps routes canonical and accepts service tags", () => {
        const p = plan({
            routes: [
                {
                    name: "to-fw",
                    addressPrefix: "2001:DB8:0::/32",
                    nextHopType: "VirtualAppliance",
                    nextHopIpAddress: "fd00::9",
                },
                { name: "storage", addressPrefix: "Storage.WestEurope", nextHopType: "Internet" },
            ],
        });
        assert.deepStrictEqual(
            p.routes.map((r) => [
                r.logicalName,
                r.name,
                r.addressPrefix,
                r.nextHopType,
                r.nextHopIpAddress,
            ]),
            [
                ["demo-route-to-fw", "to-fw", "2001:db8::/32", "VirtualAppliance", "fd00::9"],
                ["demo-route-storage", "storage", "Storage.WestEurope", "Internet", undefined],
            ],
        );
        assert.deepStrictEqual(p.routeTable, {
            create: { logicalName: "demo-routes", name: "demo-routes" },
        });
        assert.strictEqual(
            plan({ routeTableName: "rt" }).routeTable,
            undefined,
            "no table without routes",
        );
    });

    it("writes a hairpin script that sends each role's frontends to the node itself", () => {
        const p = plan({
            scheme: "internal",
            subnetId: "/subnet",
            ipv6: true,
            ingress: { enableHttp: false },
            services: [
                {
                    name: "dns",
                    port: 53,
                    protocol: "UDP",
                    backend: "controllers",
                    healthCheck: { port: 8053 },
                },
            ],
        });
        const script = azureHairpinScript(p.cluster, { ipv4: "10.0.1.10", ipv6: "fd00::10" });
        const section = (role: string) =>
            script
                .split(`  ${role})\n`)[1]
                .split("    ;;")[0]
                .trim()
                .split("\n")
                .map((l) => l.trim());
        assert.deepStrictEqual(section("controllers"), [
            "hacluster_hairpin 4 10.0.1.10 tcp 6443 6443 # apiserver",
            "hacluster_hairpin 6 fd00::10 tcp 6443 6443 # apiserver",
            "hacluster_hairpin 4 10.0.1.10 udp 53 53 # svc-dns",
            "hacluster_hairpin 6 fd00::10 udp 53 53 # svc-dns",
        ]);
        assert.deepStrictEqual(section("workers"), [
            "hacluster_hairpin 4 10.0.1.10 tcp 443 443 # ingress-https",
            "hacluster_hairpin 6 fd00::10 tcp 443 443 # ingress-https",
        ]);
        assert.match(script, /for chain in OUTPUT PREROUTING; do/);
        assert.match(
            script,
            /\$ipt -t nat -A \$chain -d "\$2" -p "\$3" --dport "\$4" -j DNAT --to-destination "\$to"/,
        );
        assert.match(script, /if \[ "\$1" = 6 \]; then ipt=ip6tables; to="\[\$self\]:\$5"/);
        assert.match(script, /\$\{HACLUSTER_ROLES:\?/);
    });

    it("refuses to run the hairpin script without root, before touching a rule", () => {
        const script = azureHairpinScript(
            plan({ scheme: "internal", subnetId: "/subnet" }).cluster,
            { ipv4: "10.0.1.10" },
        );
        const check =
            'if [ "$(id -u)" != 0 ]; then echo "hacluster: the hairpin workaround must run as root" >&2; exit 1; fi';
        assert.ok(
            script.includes(check),
            "the same root check and wording as the Google Cloud script",
        );
        assert.ok(
            script.indexOf(check) < script.indexOf("for role in"),
            "the check runs before any rule is added",
        );
    });

    it("inventories every name within Azure's rules, and every opening", () => {
        const p = plan({
            ipv6: true,
            ingress: {},
            services: [{ name: "app", port: 3333, targetPort: 30333 }],
            routes: [{ name: "To_FW", addressPrefix: "0.0.0.0/0", nextHopType: "Internet" }],
        });
        const inventory = azureInventory(p);
        for (const n of inventory.names)
            if (n.cloudName) assert.ok(isValidCloudName(AZURE_NAME, n.cloudName), n.cloudName);
        const kinds = (kind: string) => inventory.names.filter((n) => n.kind === kind).length;
        assert.deepStrictEqual(
            [
                "public IP",
                "frontend IP configuration",
                "backend pool",
                "probe",
                "load-balancing rule",
                "outbound rule",
                "NSG rule",
                "route table",
                "route",
            ].map(kinds),
            [2, 2, 6, 3, 8, 2, 8, 1, 1],
        );
        assert.deepStrictEqual(inventory.cloudSources.slice(0, 3), [
            "AzureLoadBalancer",
            "address of demo-lb-ipv4",
            "address of demo-lb-ipv6",
        ]);
        assert.deepStrictEqual(
            inventory.openings
                .filter((o) => /^demo-nsg-\w+-(services|probes)/.test(o.logicalName))
                .map((o) => [o.logicalName, o.protocol, o.ports, o.sources]),
            [
                ["demo-nsg-controllers-probes", "tcp", [6443], ["AzureLoadBalancer"]],
                ["demo-nsg-workers-probes", "tcp", [10254, 30333], ["AzureLoadBalancer"]],
                ["demo-nsg-workers-services-tcp-ipv4", "tcp", [30333], ["0.0.0.0/0"]],
                ["demo-nsg-workers-services-tcp-ipv6", "tcp", [30333], ["::/0"]],
            ],
        );
    });
});
