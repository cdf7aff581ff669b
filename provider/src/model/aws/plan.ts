// The AWS plan (README "AWS: AwsHaCluster"): one NLB, a listener and target group per
// frontend, target registrations, security group rules and routes. Pure: the aws folder
// only turns this plan into resources.
import { AwsTargetType, AwsTargetTypeValues, BackendRole, TransportProtocol } from "../../generated/enums";
import { CloudLimits, ClusterSpec, Frontend, HealthCheckSpec, readCluster } from "../cluster";
export type { AwsGroupRole, AwsRulePeer, AwsRulePlan } from "./security";
import { Family, formatCidr, parseAddress, parseCidr } from "../net";
import { AWS_GROUP_NAME, AWS_LB_NAME, cidrSlug, cloudName, logicalName, shortHash } from "../naming";
import { checkNodeAccess, frontendsOf, ROLES } from "../plan";
import { AwsRulePlan, awsRules, checkRuleQuota, frontendPath } from "./security";
import { PlanInventory, PlannedName } from "../inventory";
import { Problem } from "../problems";
import { indexPath, keyPath, Raw, Reader } from "../read";
import { isKnown, Maybe } from "../unknown";

export const AWS_LIMITS: CloudLimits = {
    cloud: "AWS",
    maxFrontends: 50,
    interval: { min: 5, max: 300, what: "an NLB health-check interval (5-300 seconds)" },
    timeout: { min: 2, max: 120, what: "an NLB health-check timeout (2-120 seconds)" },
    threshold: { min: 2, max: 10, what: "an NLB health-check threshold (2-10)" },
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ListenerAttribute.html
    idleTimeout: { min: 60, max: 6000, what: "an NLB TCP idle timeout (60-6000 seconds)" },
};

export interface AwsTargetGroupPlan {
    frontend: Frontend;
    logicalName: string;
    /** Ends in a fingerprint of what AWS cannot change in place, so a replacement gets a new name. */
    name: string;
    protocol: TransportProtocol;
    port: number;
    /** Unset for UDP: AWS always preserves client IPs there. */
    preserveClientIp?: boolean;
    healthCheck: HealthCheckSpec;
    /** `tcpIdleTimeoutSeconds` is TCP only; unset keeps AWS's 350 s. */
    listener: { logicalName: string; port: number; tcpIdleTimeoutSeconds?: number };
}

export interface AwsTargetsPlan {
    role: BackendRole;
    instanceIds: Maybe<Maybe<string>[]>;
    ipAddresses: Maybe<Maybe<string>[]>;
    /** Frontend keys of the target groups this role is registered with. */
    targetGroups: string[];
}

export interface AwsSecurityGroupPlan {
    role: BackendRole;
    existingId?: Maybe<string>;
    create?: { logicalName: string; name: string };
}

export const AWS_ROUTE_TARGETS = [
    "gatewayId",
    "natGatewayId",
    "vpcPeeringConnectionId",
    "transitGatewayId",
    "networkInterfaceId",
    "egressOnlyGatewayId",
] as const;
export type AwsRouteTarget = (typeof AWS_ROUTE_TARGETS)[number];

export interface AwsRoutePlan {
    destinationCidr: string;
    family: Family;
    target: AwsRouteTarget;
    targetId: Maybe<string>;
}

export interface AwsPlan {
    cluster: ClusterSpec;
    vpcId: Maybe<string>;
    subnetIds: Maybe<Maybe<string>[]>;
    loadBalancer: {
        logicalName: string;
        name: string;
        internal: boolean;
        ipAddressType: "ipv4" | "dualstack";
        crossZone: boolean;
        staticIpv4: boolean;
        /** `enablePrefixForIpv6SourceNat`: on for every dual-stack NLB that uses `subnets`. */
        ipv6SourceNat: boolean;
        securityGroup: { logicalName: string; name: string };
    };
    targetType: AwsTargetType;
    targetGroups: AwsTargetGroupPlan[];
    targets: AwsTargetsPlan[];
    autoScaling: {
        groupNames: Maybe<Maybe<string>[]>;
        /** Frontend keys of the worker target groups. */
        targetGroups: string[];
        extraTargetGroupArns: Maybe<Maybe<string>[]>;
    };
    securityGroups: AwsSecurityGroupPlan[];
    rules: AwsRulePlan[];
    routeTableIds: Maybe<Maybe<string>[]>;
    routes: AwsRoutePlan[];
    dns?: { zoneId: Maybe<string>; name: Maybe<string>; recordTypes: ("A" | "AAAA")[] };
}

// Logical names of resources that exist once per known value (a target, a subnet, a route
// table): the value names them, so adding or removing one leaves the others alone.
export const awsNames = {
    attachment: (plan: AwsPlan, frontendKey: string, target: string) => logicalName(plan.cluster.resourceName, frontendKey, "target", target),
    autoScalingAttachment: (plan: AwsPlan, group: string, targetGroup: string) =>
        logicalName(plan.cluster.resourceName, "asg", group, targetGroup),
    extraAutoScalingAttachment: (plan: AwsPlan, group: string, targetGroupArn: string) =>
        logicalName(plan.cluster.resourceName, "asg", group, "extra", shortHash(targetGroupArn)),
    elasticIp: (plan: AwsPlan, subnetId: string) => logicalName(plan.cluster.resourceName, "eip", subnetId),
    route: (plan: AwsPlan, route: AwsRoutePlan, routeTableId: string) =>
        logicalName(plan.cluster.resourceName, "route", cidrSlug(route.destinationCidr), routeTableId),
    dnsRecord: (plan: AwsPlan, type: "A" | "AAAA") => logicalName(plan.cluster.resourceName, "dns", type.toLowerCase()),
};

function loadBalancerName(clusterName: string, internal: boolean): string {
    const name = cloudName(AWS_LB_NAME, clusterName, internal ? "int" : "", "nlb");
    // AWS reserves the "internal-" prefix for the DNS names of internal load balancers.
    return name.startsWith("internal-") ? cloudName(AWS_LB_NAME, "k", name) : name;
}

function readTargets(r: Reader, raw: Raw, path: string, role: BackendRole) {
    const obj = r.object(raw, path) ?? {};
    const list = (key: string) => r.refs(obj[key], keyPath(path, key)) ?? [];
    return {
        role,
        instanceIds: list("instanceIds"),
        ipAddresses: list("ipAddresses"),
        autoScalingGroupNames: role === "workers" ? list("autoScalingGroupNames") : [],
        targetGroupArns: role === "workers" ? list("targetGroupArns") : [],
    };
}

const hasItems = (list: Maybe<Maybe<string>[]>) => isKnown(list) && list.length > 0;

function checkDistinct(r: Reader, list: Maybe<Maybe<string>[]>, path: string, what: string): void {
    if (!isKnown(list)) return;
    const seen = new Set<string>();
    list.forEach((v, i) => {
        if (!isKnown(v)) return;
        if (seen.has(v)) r.problems.add(indexPath(path, i), `${what} ${JSON.stringify(v)} is listed twice`, "remove the duplicate");
        seen.add(v);
    });
}

/** Validates a target address; also called once a deploy-time address becomes known. */
export function awsTargetAddressProblem(address: string, path: string): Problem | undefined {
    const parsed = parseAddress(address);
    if (parsed?.family === "ipv4") return undefined;
    return {
        path,
        message: `${JSON.stringify(address)} is not an IPv4 address`,
        fix: "register nodes by their private IPv4 address; dual-stack NLBs forward IPv6 clients to IPv4 targets",
    };
}

function checkTargets(r: Reader, t: ReturnType<typeof readTargets>, targetType: AwsTargetType): void {
    const path = t.role;
    if (targetType === "ip" && hasItems(t.instanceIds)) {
        r.problems.add(
            `${path}.instanceIds`,
            'instance IDs cannot be registered with targetType "ip"',
            `give ${path}.ipAddresses instead, or set targetType "instance" (internal load balancers need "ip" to hairpin)`,
        );
    }
    if (targetType === "instance" && hasItems(t.ipAddresses)) {
        r.problems.add(`${path}.ipAddresses`, 'IP addresses cannot be registered with targetType "instance"', `give ${path}.instanceIds instead, or set targetType "ip"`);
    }
    if (targetType === "ip" && hasItems(t.autoScalingGroupNames)) {
        r.problems.add(
            `${path}.autoScalingGroupNames`,
            'Auto Scaling groups register instances by ID, which targetType "ip" does not accept',
            'set targetType "instance", or give workers.ipAddresses instead',
        );
    }
    if (hasItems(t.targetGroupArns) && isKnown(t.autoScalingGroupNames) && t.autoScalingGroupNames.length === 0) {
        r.problems.add(`${path}.targetGroupArns`, "has no Auto Scaling group to attach", "give workers.autoScalingGroupNames, or remove targetGroupArns");
    }
    if (isKnown(t.ipAddresses)) {
        t.ipAddresses.forEach((a, i) => {
            const p = isKnown(a) ? awsTargetAddressProblem(a, indexPath(`${path}.ipAddresses`, i)) : undefined;
            if (p) r.problems.add(p.path, p.message, p.fix);
        });
    }
    checkDistinct(r, t.instanceIds, `${path}.instanceIds`, "instance");
    checkDistinct(r, t.ipAddresses, `${path}.ipAddresses`, "address");
    checkDistinct(r, t.autoScalingGroupNames, `${path}.autoScalingGroupNames`, "group");
    checkDistinct(r, t.targetGroupArns, `${path}.targetGroupArns`, "target group");
}

function readRoutes(r: Reader, raw: Raw, routeTableIds: Maybe<Maybe<string>[]> | undefined): AwsRoutePlan[] {
    const list = r.list(raw, "routes") ?? [];
    if (list.length > 0 && (routeTableIds === undefined || (isKnown(routeTableIds) && routeTableIds.length === 0))) {
        r.problems.add("routeTableIds", "is empty, so the routes have no table to land in", "list the route tables that should carry the routes");
    }
    const seen = new Map<string, string>();
    const routes: AwsRoutePlan[] = [];
    list.forEach((item, i) => {
        const path = indexPath("routes", i);
        const route = r.object(item, path) ?? {};
        const cidrText = r.required(r.string(route.destinationCidr, `${path}.destinationCidr`), route.destinationCidr, `${path}.destinationCidr`, "give the destination CIDR");
        const targets = AWS_ROUTE_TARGETS.flatMap((t) => {
            const id = r.ref(route[t], `${path}.${t}`);
            return id === undefined ? [] : [{ target: t, id }];
        });
        if (targets.length !== 1) {
            r.problems.add(
                path,
                targets.length === 0 ? "has no target" : `has ${targets.length} targets (${targets.map((t) => t.target).join(", ")})`,
                `set exactly one of ${AWS_ROUTE_TARGETS.join(", ")}`,
            );
        }
        if (cidrText === undefined) return;
        const parsed = parseCidr(cidrText);
        if ("error" in parsed) {
            r.problems.add(`${path}.destinationCidr`, parsed.error, parsed.fix);
            return;
        }
        const cidr = formatCidr(parsed.cidr);
        if (seen.has(cidr)) {
            r.problems.add(`${path}.destinationCidr`, `${cidr} is also the destination of ${seen.get(cidr)}`, "give every route its own destination");
            return;
        }
        seen.set(cidr, path);
        if (targets.length !== 1) return;
        const { target, id } = targets[0];
        if (target === "egressOnlyGatewayId" && parsed.cidr.family !== "ipv6") {
            r.problems.add(`${path}.egressOnlyGatewayId`, "an egress-only gateway carries IPv6 only", "use an IPv6 destination, or a gatewayId or natGatewayId");
            return;
        }
        routes.push({ destinationCidr: cidr, family: parsed.cidr.family, target, targetId: id });
    });
    return routes;
}

/**
 * AWS's default health-check timeouts are 10 s for TCP and HTTPS checks and 6 s for HTTP
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html),
 * and AWS refuses an interval shorter than the timeout ("Health check interval must be greater
 * than the timeout"; an equal pair is accepted:
 * https://github.com/kubernetes-sigs/aws-load-balancer-controller/issues/2951). So a timeout is
 * always sent: the one given, else the default cut to the interval.
 */
export function awsHealthCheckTimeout(hc: HealthCheckSpec): number {
    return hc.timeoutSeconds ?? Math.min(hc.protocol === "HTTP" ? 6 : 10, hc.intervalSeconds);
}

/** What AWS takes as tags (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html). */
const AWS_MAX_TAGS = 50;

function checkTags(r: Reader, tags: ClusterSpec["tags"]): void {
    for (const key of Object.keys(tags)) {
        if (key.toLowerCase().startsWith("aws:")) {
            r.problems.add(keyPath("tags", key), 'starts with "aws:", which AWS reserves for its own tags', "rename the tag key");
        }
    }
    const count = Object.keys(tags).length;
    // The component adds no tags of its own; the provider's defaultTags count too.
    if (count > AWS_MAX_TAGS) {
        r.problems.add("tags", `${count} tags exceed AWS's limit of ${AWS_MAX_TAGS} per resource`, `remove ${count - AWS_MAX_TAGS} tag(s)`);
    }
}

function checkListeners(r: Reader, spec: ClusterSpec, staticIpv4: boolean): void {
    for (const f of spec.frontends.filter((x) => x.protocol === "UDP")) {
        if (f.idleTimeoutSeconds !== undefined) {
            // Only TCP listeners have the tcp.idle_timeout.seconds attribute
            // (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/update-idle-timeout.html).
            r.problems.add(frontendPath(f, "idleTimeoutSeconds"), "is set on a UDP service, but NLB UDP listeners have no idle timeout setting", "remove idleTimeoutSeconds");
        }
        if (spec.ipv6 && staticIpv4) {
            // A UDP listener on a dual-stack NLB needs an IPv6 source-NAT prefix per subnet
            // (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SubnetMapping.html);
            // @pulumi/aws 7.48.0 cannot set it on subnet mappings, which staticIpv4 uses.
            r.problems.add(
                frontendPath(f, "protocol"),
                "UDP on a dual-stack NLB needs an IPv6 source-NAT prefix on each subnet mapping, which the component cannot set together with Elastic IPs",
                "remove staticIpv4 (AWS then assigns the prefixes), set ipv6 false, or serve the service over TCP",
            );
        }
    }
}

export function planAws(raw: Raw, resourceName: string): { plan?: AwsPlan; problems: Problem[] } {
    const r = new Reader();
    const spec = readCluster(r, raw, resourceName, AWS_LIMITS);
    const args = r.object(raw, "") ?? {};
    const internal = spec.scheme === "internal";
    // Nodes reach a public NLB from NAT gateways or their public IPs, which the plan cannot see.
    checkNodeAccess(r, spec);

    const vpcId = r.ref(args.vpcId, "vpcId");
    if (vpcId === undefined && (args.vpcId === undefined || args.vpcId === null)) r.problems.add("vpcId", "is required", "give the VPC of the nodes");
    const subnetIds = r.refs(args.subnetIds, "subnetIds");
    if (subnetIds === undefined || (isKnown(subnetIds) && subnetIds.length === 0)) {
        r.problems.add("subnetIds", "is empty", "give one subnet per availability zone");
    }
    checkDistinct(r, subnetIds ?? [], "subnetIds", "subnet");

    const targetType = r.oneOf(args.targetType, "targetType", AwsTargetTypeValues) ?? (internal ? "ip" : "instance");
    const preserveClientIp = r.bool(args.preserveClientIp, "preserveClientIp") ?? !internal;
    if (internal && preserveClientIp) {
        r.problems.add(
            "preserveClientIp",
            "an internal NLB that preserves client IPs drops every connection a node makes to itself through it (no hairpin)",
            "leave preserveClientIp unset or false, or use scheme public",
        );
    }
    const staticIpv4 = r.bool(args.staticIpv4, "staticIpv4") ?? false;
    if (internal && staticIpv4) {
        r.problems.add("staticIpv4", "Elastic IPs are public; an internal NLB cannot use them", "remove staticIpv4, or use scheme public");
    }
    const crossZone = r.bool(args.crossZone, "crossZone") ?? true;
    checkListeners(r, spec, staticIpv4);
    checkTags(r, spec.tags);

    const controllers = readTargets(r, args.controllers, "controllers", "controllers");
    const workers = readTargets(r, args.workers, "workers", "workers");
    checkTargets(r, controllers, targetType);
    checkTargets(r, workers, targetType);

    const ports = new Map<number, Frontend>();
    for (const f of spec.frontends) {
        const other = ports.get(f.port);
        if (other && other.protocol !== f.protocol) {
            r.problems.add(
                f.portPath,
                `port ${f.port} carries ${other.protocol} for ${other.key} already, and an NLB cannot listen on one port with two protocols`,
                "give the frontend another port",
            );
        }
        ports.set(f.port, f);
    }

    const existingGroups: Record<BackendRole, Maybe<string> | undefined> = {
        controllers: r.ref(args.controllerSecurityGroupId, "controllerSecurityGroupId"),
        workers: r.ref(args.workerSecurityGroupId, "workerSecurityGroupId"),
    };
    const routeTableIds = r.refs(args.routeTableIds, "routeTableIds");
    checkDistinct(r, routeTableIds ?? [], "routeTableIds", "route table");
    const routes = readRoutes(r, args.routes, routeTableIds);

    const dnsArgs = r.object(args.dns, "dns");
    let dns: AwsPlan["dns"];
    if (dnsArgs) {
        const zoneId = r.ref(dnsArgs.zoneId, "dns.zoneId");
        const name = r.ref(dnsArgs.name, "dns.name");
        if (zoneId === undefined) r.problems.add("dns.zoneId", "is required", "give the Route53 hosted zone ID");
        if (name === undefined) r.problems.add("dns.name", "is required", "give the record name, such as k8s.example.com");
        if (name !== undefined && isKnown(name) && !/^([a-z0-9_]([-a-z0-9_]*[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?\.?$/i.test(name)) {
            r.problems.add("dns.name", `${JSON.stringify(name)} is not a DNS name`, "use a name such as k8s.example.com");
        }
        if (zoneId !== undefined && name !== undefined) dns = { zoneId, name, recordTypes: spec.ipv6 ? ["A", "AAAA"] : ["A"] };
    }

    const rules = awsRules(spec);
    checkRuleQuota(r, spec, rules);
    if (!r.problems.empty) return { problems: r.problems.list };

    const res = spec.resourceName;
    const targetGroups = spec.frontends.map(
        (f): AwsTargetGroupPlan => ({
            frontend: f,
            logicalName: logicalName(res, f.key, "tg"),
            name: cloudName(AWS_LB_NAME, spec.clusterName, f.key, shortHash(`${f.protocol}/${f.targetPort}/${targetType}`, 4)),
            protocol: f.protocol,
            port: f.targetPort,
            // The apiserver never preserves client IPs: controllers reach themselves through the NLB.
            preserveClientIp: f.protocol === "UDP" ? undefined : f.role === "apiserver" ? false : preserveClientIp,
            healthCheck: { ...f.healthCheck, timeoutSeconds: awsHealthCheckTimeout(f.healthCheck) },
            listener: {
                logicalName: logicalName(res, f.key, "listener"),
                port: f.port,
                tcpIdleTimeoutSeconds: f.protocol === "TCP" ? f.idleTimeoutSeconds : undefined,
            },
        }),
    );
    const keysOf = (role: BackendRole) => frontendsOf(spec, role).map((f) => f.key);
    const plan: AwsPlan = {
        cluster: spec,
        vpcId: vpcId!,
        subnetIds: subnetIds!,
        loadBalancer: {
            logicalName: logicalName(res, "nlb"),
            name: loadBalancerName(spec.clusterName, internal),
            internal,
            ipAddressType: spec.ipv6 ? "dualstack" : "ipv4",
            crossZone,
            staticIpv4,
            // On whenever dual-stack, not only with UDP listeners (which need it), so adding
            // a first UDP service never changes the NLB. Subnet mappings (staticIpv4) would
            // need a prefix each, which @pulumi/aws 7.48.0 cannot set.
            ipv6SourceNat: spec.ipv6 && !staticIpv4,
            securityGroup: { logicalName: logicalName(res, "lb-sg"), name: cloudName(AWS_GROUP_NAME, spec.clusterName, "nlb") },
        },
        targetType,
        targetGroups,
        targets: [controllers, workers].map((t) => ({ role: t.role, instanceIds: t.instanceIds, ipAddresses: t.ipAddresses, targetGroups: keysOf(t.role) })),
        autoScaling: {
            groupNames: workers.autoScalingGroupNames,
            targetGroups: keysOf("workers"),
            extraTargetGroupArns: workers.targetGroupArns,
        },
        securityGroups: ROLES.map((role) =>
            existingGroups[role] !== undefined
                ? { role, existingId: existingGroups[role] }
                : { role, create: { logicalName: logicalName(res, role, "sg"), name: cloudName(AWS_GROUP_NAME, spec.clusterName, role) } },
        ),
        rules,
        routeTableIds: routeTableIds ?? [],
        routes,
        dns,
    };
    return { plan, problems: [] };
}


export function awsInventory(plan: AwsPlan): PlanInventory {
    const lb = plan.loadBalancer;
    const names: PlannedName[] = [
        { kind: "load balancer", logicalName: lb.logicalName, cloudName: lb.name, rule: AWS_LB_NAME },
        { kind: "security group", logicalName: lb.securityGroup.logicalName, cloudName: lb.securityGroup.name, rule: AWS_GROUP_NAME },
        ...plan.securityGroups.flatMap((g) =>
            g.create ? [{ kind: "security group", logicalName: g.create.logicalName, cloudName: g.create.name, rule: AWS_GROUP_NAME }] : [],
        ),
        ...plan.targetGroups.flatMap((tg) => [
            { kind: "target group", logicalName: tg.logicalName, cloudName: tg.name, rule: AWS_LB_NAME },
            { kind: "listener", logicalName: tg.listener.logicalName },
        ]),
        ...plan.rules.map((r) => ({ kind: `security group ${r.direction} rule`, logicalName: r.logicalName })),
    ];
    // Egress rules only open the NLB's way to the nodes; what the cloud admits is ingress.
    const openings = plan.rules
        .filter((r) => r.direction === "ingress")
        .map((r) => ({
            logicalName: r.logicalName,
            protocol: r.protocol,
            ports: [r.port],
            sources: ["cidr" in r.peer ? r.peer.cidr : r.peer.group === "loadBalancer" ? "load-balancer" : `${r.peer.group}-nodes`],
        }));
    return { names, openings, cloudSources: ["load-balancer", "controllers-nodes", "workers-nodes"] };
}
