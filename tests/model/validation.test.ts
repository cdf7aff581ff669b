// One row per invalid input: the problem must name the property path and say what is wrong
// (and the fix, checked where it matters). Shared-model rows run through the AWS planner,
// the one that exercises every shared rule with its own ranges.
import * as assert from "assert";
import { planAws } from "../../provider/src/model/aws";
import { Problem } from "../../provider/src/model/problems";
import { unknown } from "../../provider/src/model/unknown";
import { assertProblem, ProblemRow } from "../support/problemRows";

const base = { vpcId: "vpc-0a1b", subnetIds: ["subnet-a", "subnet-b"] };

const services = (...list: unknown[]) => ({ services: list });
const hc = (check: Record<string, unknown>) => ({ apiserver: { healthCheck: check } });
const cidrs = (list: unknown[], ipv6 = false) => ({ ipv6, apiserver: { allowedCidrs: list } });

export const SHARED_ROWS: ProblemRow[] = [
    {
        why: "port zero",
        args: { apiserver: { port: 0 } },
        path: "apiserver.port",
        message: /0 is not a port \(1-65535\)/,
    },
    {
        why: "port too large",
        args: { apiserver: { port: 70000 } },
        path: "apiserver.port",
        message: /70000 is not a port/,
    },
    {
        why: "port as a string",
        args: { apiserver: { port: "6443" } },
        path: "apiserver.port",
        message: /expected an integer, got "6443"/,
    },
    {
        why: "fractional port",
        args: { apiserver: { port: 6443.5 } },
        path: "apiserver.port",
        message: /expected an integer/,
    },
    {
        why: "negative target port",
        args: { apiserver: { targetPort: -1 } },
        path: "apiserver.targetPort",
        message: /-1 is not a port/,
    },
    {
        why: "unknown scheme",
        args: { scheme: "private" },
        path: "scheme",
        message: /"private" is not allowed/,
        fix: /"public", "internal"/,
    },
    {
        why: "ipv6 as a string",
        args: { ipv6: "yes" },
        path: "ipv6",
        message: /expected true or false/,
    },
    {
        why: "cluster name without letters",
        args: { clusterName: "---" },
        path: "clusterName",
        message: /no letter or digit/,
    },
    {
        why: "cluster name as a number",
        args: { clusterName: 42 },
        path: "clusterName",
        message: /expected a string, got 42/,
    },
    {
        why: "services not a list",
        args: { services: "app" },
        path: "services",
        message: /expected a list/,
    },
    {
        why: "service without name",
        args: services({ port: 3333 }),
        path: "services[0].name",
        message: /is required/,
    },
    {
        why: "service without port",
        args: services({ name: "app" }),
        path: "services[0].port",
        message: /is required/,
    },
    {
        why: "service name with capitals",
        args: services({ name: "Some_App", port: 3333 }),
        path: "services[0].name",
        message: /not a lowercase DNS label/,
        fix: /"some-app"/,
    },
    {
        why: "service name starting with a digit",
        args: services({ name: "1app", port: 3333 }),
        path: "services[0].name",
        message: /not a lowercase DNS label/,
    },
    {
        why: "service name over 63",
        args: services({ name: "a".repeat(64), port: 3333 }),
        path: "services[0].name",
        message: /not a lowercase DNS label/,
    },
    {
        why: "duplicate service names",
        args: services({ name: "app", port: 3333 }, { name: "app", port: 3334 }),
        path: "services[1].name",
        message: /"app" is also the name of services\[0\]/,
    },
    {
        why: "unknown protocol",
        args: services({ name: "app", port: 3333, protocol: "SCTP" }),
        path: "services[0].protocol",
        message: /"SCTP" is not allowed/,
    },
    {
        why: "unknown backend",
        args: services({ name: "app", port: 3333, backend: "masters" }),
        path: "services[0].backend",
        message: /"masters" is not allowed/,
    },
    {
        why: "service on the ingress port",
        args: { ingress: {}, ...services({ name: "web", port: 443 }) },
        path: "services[0].port",
        message: /TCP\/443 is already the frontend of ingress https \(ingress.httpsPort\)/,
    },
    {
        why: "service on the apiserver port",
        args: services({ name: "api2", port: 6443 }),
        path: "services[0].port",
        message: /TCP\/6443 is already the frontend of apiserver/,
    },
    {
        why: "http and https on one port",
        args: { ingress: { httpPort: 443 } },
        path: "ingress.httpsPort",
        message: /TCP\/443 is already the frontend of ingress http/,
    },
    {
        why: "enableHttp as a string",
        args: { ingress: { enableHttp: "no" } },
        path: "ingress.enableHttp",
        message: /expected true or false/,
    },
    {
        why: "path on a TCP check",
        args: hc({ protocol: "TCP", path: "/readyz" }),
        path: "apiserver.healthCheck.path",
        message: /set on a TCP health check/,
        fix: /"HTTP" or "HTTPS"/,
    },
    {
        why: "SSL health check",
        args: hc({ protocol: "SSL" }),
        path: "apiserver.healthCheck.protocol",
        message: /"SSL" is not allowed/,
    },
    {
        why: "relative check path",
        args: { ingress: { healthCheck: { path: "healthz" } } },
        path: "ingress.healthCheck.path",
        message: /not an absolute URL path/,
    },
    {
        why: "interval below the NLB range",
        args: hc({ intervalSeconds: 1 }),
        path: "apiserver.healthCheck.intervalSeconds",
        message: /not an NLB health-check interval \(5-300 seconds\)/,
    },
    {
        why: "timeout over the interval",
        args: hc({ intervalSeconds: 10, timeoutSeconds: 20 }),
        path: "apiserver.healthCheck.timeoutSeconds",
        message: /20s is longer than the 10s interval/,
    },
    {
        why: "healthy threshold too low",
        args: hc({ healthyThreshold: 1 }),
        path: "apiserver.healthCheck.healthyThreshold",
        message: /not an NLB health-check threshold \(2-10\)/,
    },
    {
        why: "unhealthy threshold too high",
        args: hc({ unhealthyThreshold: 11 }),
        path: "apiserver.healthCheck.unhealthyThreshold",
        message: /not an NLB health-check threshold/,
    },
    {
        why: "health port zero",
        args: hc({ port: 0 }),
        path: "apiserver.healthCheck.port",
        message: /0 is not a port/,
    },
    {
        why: "prefix over 32",
        args: cidrs(["10.0.0.0/33"]),
        path: "apiserver.allowedCidrs[0]",
        message: /prefix longer than 32/,
    },
    {
        why: "host bits",
        args: cidrs(["10.0.0.1/8"]),
        path: "apiserver.allowedCidrs[0]",
        message: /has host bits set/,
        fix: /10\.0\.0\.0\/8/,
    },
    {
        why: "not a CIDR",
        args: cidrs(["not-a-cidr"]),
        path: "apiserver.allowedCidrs[0]",
        message: /is not a CIDR/,
    },
    {
        why: "address without prefix",
        args: cidrs(["10.0.0.0"]),
        path: "apiserver.allowedCidrs[0]",
        message: /has no prefix length/,
        fix: /10\.0\.0\.0\/32/,
    },
    {
        why: "leading zeros",
        args: cidrs(["010.0.0.0/8"]),
        path: "apiserver.allowedCidrs[0]",
        message: /is not a CIDR/,
    },
    {
        why: "IPv6 CIDR without ipv6",
        args: cidrs(["::/0"]),
        path: "apiserver.allowedCidrs[0]",
        message: /::\/0 is an IPv6 CIDR but ipv6 is false/,
        fix: /set ipv6: true/,
    },
    {
        why: "IPv6 host bits",
        args: cidrs(["2001:db8::1/32"], true),
        path: "apiserver.allowedCidrs[0]",
        message: /host bits set/,
        fix: /2001:db8::\/32/,
    },
    {
        why: "empty allowed CIDRs",
        args: cidrs([]),
        path: "apiserver.allowedCidrs",
        message: /is empty/,
    },
    {
        why: "duplicate CIDR",
        args: cidrs(["10.0.0.0/8", "10.0.0.0/8"]),
        path: "apiserver.allowedCidrs[1]",
        message: /listed twice/,
    },
    {
        why: "CIDR as a number",
        args: cidrs([42]),
        path: "apiserver.allowedCidrs[0]",
        message: /expected a string, got 42/,
    },
    {
        why: "tag value as a number",
        args: { tags: { team: 1 } },
        path: "tags.team",
        message: /expected a string, got 1/,
    },
    {
        why: "UDP service without a health check",
        args: services({ name: "dns", port: 53, protocol: "UDP" }),
        path: "services[0].healthCheck",
        message: /is required for a UDP service: the default TCP check would probe a UDP port/,
        fix: /TCP or HTTP health check on a port the nodes serve/,
    },
    {
        why: "node source with host bits",
        args: { nodeSourceCidrs: ["203.0.113.7/24"] },
        path: "nodeSourceCidrs[0]",
        message: /has host bits set/,
        fix: /203\.0\.113\.0\/24/,
    },
    {
        why: "IPv6 node source without ipv6",
        args: { nodeSourceCidrs: ["2001:db8::/64"] },
        path: "nodeSourceCidrs[0]",
        message: /IPv6 CIDR but ipv6 is false/,
    },
    {
        why: "idle timeout as a string",
        args: { apiserver: { idleTimeoutSeconds: "600" } },
        path: "apiserver.idleTimeoutSeconds",
        message: /expected an integer/,
    },
    {
        why: "idle timeout below the NLB range",
        args: { ingress: { idleTimeoutSeconds: 30 } },
        path: "ingress.idleTimeoutSeconds",
        message: /30 is not an NLB TCP idle timeout \(60-6000 seconds\)/,
    },
    {
        why: "public apiserver restricted without the nodes' sources",
        args: { apiserver: { allowedCidrs: ["198.51.100.0/24"] } },
        path: "apiserver.allowedCidrs",
        message:
            /admits only 198\.51\.100\.0\/24, so the kubelets, which reach a public apiserver from their NAT or public addresses, would be locked out/,
        fix: /list the nodes' NAT gateway or public addresses in nodeSourceCidrs/,
    },
    {
        // Issue 17, defect 15: an empty IPv4 list is no IPv4 client at all, not "unrestricted".
        why: "public apiserver restricted to IPv6 ranges only, without IPv4 node sources",
        args: {
            ipv6: true,
            apiserver: { allowedCidrs: ["2001:db8:1::/48"] },
            nodeSourceCidrs: ["2001:db8:2::/48"],
        },
        path: "apiserver.allowedCidrs",
        message:
            /admits no IPv4 client \(only 2001:db8:1::\/48\), so the kubelets, which reach a public apiserver from their NAT or public addresses, would be locked out/,
        fix: /list the nodes' NAT gateway or public addresses in nodeSourceCidrs \(their IPv4 ones\)/,
    },
    {
        why: "port only known at deployment",
        args: { apiserver: { port: unknown(Promise.resolve(6443)) } },
        path: "apiserver.port",
        message: /not known while the program runs/,
        fix: /plain value/,
    },
];

export const AWS_ROWS: ProblemRow[] = [
    { why: "no VPC", args: { vpcId: undefined }, path: "vpcId", message: /is required/ },
    { why: "empty VPC", args: { vpcId: " " }, path: "vpcId", message: /is empty/ },
    { why: "no subnets", args: { subnetIds: [] }, path: "subnetIds", message: /is empty/ },
    {
        why: "duplicate subnet",
        args: { subnetIds: ["subnet-a", "subnet-a"] },
        path: "subnetIds[1]",
        message: /subnet "subnet-a" is listed twice/,
    },
    {
        why: "unknown target type",
        args: { targetType: "alb" },
        path: "targetType",
        message: /"alb" is not allowed/,
    },
    {
        why: "instance IDs on an internal (ip) NLB",
        args: { scheme: "internal", controllers: { instanceIds: ["i-1"] } },
        path: "controllers.instanceIds",
        message: /instance IDs cannot be registered with targetType "ip"/,
        fix: /controllers.ipAddresses/,
    },
    {
        why: "IPs with instance targets",
        args: { workers: { ipAddresses: ["10.0.1.5"] } },
        path: "workers.ipAddresses",
        message: /cannot be registered with targetType "instance"/,
    },
    {
        why: "Auto Scaling with ip targets",
        args: { targetType: "ip", workers: { autoScalingGroupNames: ["asg"] } },
        path: "workers.autoScalingGroupNames",
        message: /Auto Scaling groups register instances by ID/,
    },
    {
        why: "extra target groups without Auto Scaling",
        args: { workers: { targetGroupArns: ["arn:tg"] } },
        path: "workers.targetGroupArns",
        message: /no Auto Scaling group/,
    },
    {
        why: "bad target address",
        args: { targetType: "ip", controllers: { ipAddresses: ["10.0.0.300"] } },
        path: "controllers.ipAddresses[0]",
        message: /not an IPv4 address/,
    },
    {
        why: "IPv6 target address",
        args: { targetType: "ip", controllers: { ipAddresses: ["2001:db8::5"] } },
        path: "controllers.ipAddresses[0]",
        message: /not an IPv4 address/,
    },
    {
        why: "duplicate instance",
        args: { controllers: { instanceIds: ["i-1", "i-1"] } },
        path: "controllers.instanceIds[1]",
        message: /listed twice/,
    },
    {
        why: "internal NLB preserving client IPs",
        args: { scheme: "internal", preserveClientIp: true },
        path: "preserveClientIp",
        message: /no hairpin/,
    },
    {
        why: "Elastic IPs on an internal NLB",
        args: { scheme: "internal", staticIpv4: true },
        path: "staticIpv4",
        message: /Elastic IPs are public/,
    },
    {
        why: "TCP and UDP on one port",
        args: services(
            { name: "dns-tcp", port: 53 },
            { name: "dns-udp", port: 53, protocol: "UDP" },
        ),
        path: "services[1].port",
        message: /cannot listen on one port with two protocols/,
    },
    {
        why: "routes without tables",
        args: { routes: [{ destinationCidr: "10.9.0.0/16", natGatewayId: "nat-1" }] },
        path: "routeTableIds",
        message: /no table to land in/,
    },
    {
        why: "route without target",
        args: { routeTableIds: ["rtb-1"], routes: [{ destinationCidr: "10.9.0.0/16" }] },
        path: "routes[0]",
        message: /has no target/,
        fix: /exactly one of gatewayId/,
    },
    {
        why: "route with two targets",
        args: {
            routeTableIds: ["rtb-1"],
            routes: [{ destinationCidr: "10.9.0.0/16", natGatewayId: "nat-1", gatewayId: "igw-1" }],
        },
        path: "routes[0]",
        message: /has 2 targets \(gatewayId, natGatewayId\)/,
    },
    {
        why: "bad route destination",
        args: {
            routeTableIds: ["rtb-1"],
            routes: [{ destinationCidr: "10.9.0.0", natGatewayId: "nat-1" }],
        },
        path: "routes[0].destinationCidr",
        message: /no prefix length/,
    },
    {
        why: "egress-only gateway for IPv4",
        args: {
            routeTableIds: ["rtb-1"],
            routes: [{ destinationCidr: "0.0.0.0/0", egressOnlyGatewayId: "eigw-1" }],
        },
        path: "routes[0].egressOnlyGatewayId",
        message: /carries IPv6 only/,
    },
    {
        why: "duplicate route destination",
        args: {
            routeTableIds: ["rtb-1"],
            routes: [
                { destinationCidr: "10.9.0.0/16", natGatewayId: "nat-1" },
                { destinationCidr: "10.9.0.0/16", gatewayId: "igw-1" },
            ],
        },
        path: "routes[1].destinationCidr",
        message: /also the destination of routes\[0\]/,
    },
    {
        why: "DNS without zone",
        args: { dns: { name: "k8s.example.com" } },
        path: "dns.zoneId",
        message: /is required/,
    },
    {
        why: "DNS name with spaces",
        args: { dns: { zoneId: "Z1", name: "not a name" } },
        path: "dns.name",
        message: /is not a DNS name/,
    },
    {
        why: "UDP on a dual-stack NLB with Elastic IPs",
        args: {
            ipv6: true,
            staticIpv4: true,
            ...services({ name: "dns", port: 53, protocol: "UDP", healthCheck: { port: 8053 } }),
        },
        path: "services[0].protocol",
        message: /needs an IPv6 source-NAT prefix on each subnet mapping/,
        fix: /staticIpv4/,
    },
    {
        why: "idle timeout on a UDP service",
        args: services({
            name: "dns",
            port: 53,
            protocol: "UDP",
            healthCheck: { port: 8053 },
            idleTimeoutSeconds: 300,
        }),
        path: "services[0].idleTimeoutSeconds",
        message: /UDP listeners have no idle timeout setting/,
    },
    {
        why: "more node-group rules than a security group takes",
        args: {
            ingress: {},
            services: Array.from({ length: 40 }, (_, i) => ({
                name: `s${i}`,
                port: 20000 + i,
                healthCheck: { port: 21000 + i },
            })),
        },
        path: "services",
        message:
            /83 inbound IPv4 rules on the workers' security group exceed AWS's default quota of 60/,
        fix: /share a health-check port/,
    },
    {
        why: "more client CIDRs than the NLB's security group takes",
        args: {
            apiserver: { allowedCidrs: Array.from({ length: 25 }, (_, i) => `10.${i}.0.0/16`) },
            nodeSourceCidrs: ["203.0.113.0/24"],
            ingress: { allowedCidrs: Array.from({ length: 25 }, (_, i) => `172.16.${i}.0/24`) },
        },
        path: "apiserver.allowedCidrs, nodeSourceCidrs, ingress.allowedCidrs",
        message:
            /76 inbound IPv4 rules on the load balancer's security group exceed AWS's default quota of 60/,
        fix: /fewer, wider CIDRs/,
    },
    {
        // Issue 17, defect 14: an unset entry was dropped silently, with the node it should have named.
        why: "an unset entry in a list of references",
        args: { controllers: { instanceIds: ["i-0a", undefined] } },
        path: "controllers.instanceIds[1]",
        message: /is undefined/,
        fix: /remove the entry/,
    },
    {
        why: "a tag key AWS reserves",
        args: { tags: { "aws:owner": "me" } },
        path: "tags.aws:owner",
        message: /starts with "aws:", which AWS reserves/,
    },
    {
        why: "more tags than AWS takes",
        args: { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) },
        path: "tags",
        message: /51 tags exceed AWS's limit of 50 per resource/,
    },
    {
        why: "more listeners than an NLB takes",
        args: {
            services: Array.from({ length: 50 }, (_, i) => ({ name: `s${i}`, port: 10000 + i })),
        },
        path: "services",
        message: /51 frontends exceed the AWS limit of 50/,
    },
];

function problemsOf(args: Record<string, unknown>): Problem[] {
    const result = planAws({ ...base, ...args }, "demo");
    assert.strictEqual(result.plan, undefined, "an invalid input must not be planned");
    return result.problems;
}

function checkRow(row: ProblemRow): void {
    assertProblem(problemsOf(row.args), row);
}

describe("validation: one row per invalid input", () => {
    for (const row of SHARED_ROWS) it(`shared: ${row.why} -> ${row.path}`, () => checkRow(row));
    for (const row of AWS_ROWS) it(`aws: ${row.why} -> ${row.path}`, () => checkRow(row));

    it("reports every problem of an input at once", () => {
        const problems = problemsOf({
            apiserver: { port: 0 },
            ...services({ name: "Bad", port: 3333 }, { name: "ok", port: 99999 }),
            routeTableIds: ["rtb-1"],
            routes: [{ destinationCidr: "10.0.0.0/8" }],
        });
        assert.deepStrictEqual(
            problems.map((p) => p.path),
            ["apiserver.port", "services[0].name", "services[1].port", "routes[0]"],
        );
    });

    it("admits the nodes by themselves to a restricted internal apiserver, so no nodeSourceCidrs are needed", () => {
        const result = planAws(
            { ...base, scheme: "internal", apiserver: { allowedCidrs: ["192.0.2.0/24"] } },
            "demo",
        );
        assert.deepStrictEqual(result.problems, []);
    });

    it("accepts unknown references during preview", () => {
        const pending = unknown(Promise.resolve("vpc-later"));
        const result = planAws(
            {
                vpcId: pending,
                subnetIds: pending,
                controllers: { instanceIds: [pending] },
                routeTableIds: pending,
            },
            "demo",
        );
        assert.deepStrictEqual(result.problems, []);
        // The same value, with the reader's rule for it once known.
        assert.deepStrictEqual(result.plan?.vpcId, {
            ...pending,
            expect: { path: "vpcId", kind: "ref" },
        });
    });
});
