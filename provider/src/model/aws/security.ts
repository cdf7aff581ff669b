// The AWS security group rules of a plan, and the per-group rule quota they must fit in.
import { BackendRole } from "../../generated/enums";
import { ClusterSpec, Frontend } from "../cluster";
import { Family } from "../net";
import { AWS_GROUP_NAME, cidrSlug, cloudName, logicalName } from "../naming";
import {
    apiserverOf,
    clientCidrs,
    inputPath,
    internalApiserverOf,
    nodePorts,
    restrictedApiserverCidrs,
    ROLES,
} from "../frontends";
import { Raw, Reader } from "../read";
import { Maybe } from "../unknown";
import { AWS_RULES_PER_GROUP } from "./limits";
import { AwsGroupRole, AwsRulePlan, AwsSecurityGroupPlan } from "./types";

/**
 * Nodes reach an internal NLB from their private addresses inside the VPC (AWS suggests the
 * VPC CIDR as the source for that:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html),
 * so a restricted internal apiserver admits the node groups themselves; a rule referencing a
 * security group admits the private addresses of the interfaces in it
 * (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html).
 */
function nodesToInternalApiserver(spec: ClusterSpec): AwsRulePlan[] {
    const restricted = restrictedApiserverCidrs(spec);
    if (
        spec.scheme !== "internal" ||
        (restricted.ipv4.length === 0 && restricted.ipv6.length === 0)
    )
        return [];
    const api = apiserverOf(spec);
    return ROLES.map((role) => ({
        logicalName: logicalName(spec.resourceName, "lb", api.key, role),
        group: "loadBalancer",
        direction: "ingress",
        protocol: "tcp",
        port: api.port,
        peer: { group: role },
        description: `${role} to the apiserver`,
    }));
}

/**
 * The private endpoint's NLB (`apiserver.internal`) has a group of its own: it admits its
 * clients and both node groups (the nodes dial it; a rule referencing a group admits its
 * interfaces' private addresses), and reaches the controllers only on the apiserver's target
 * and health-check ports, which the controllers' group admits from it.
 */
function internalEndpointRules(spec: ClusterSpec): AwsRulePlan[] {
    const f = internalApiserverOf(spec);
    if (!f) return [];
    const name = spec.resourceName;
    const clients: AwsRulePlan[] = f.allowedCidrs.ipv4.map((cidr) => ({
        logicalName: logicalName(name, "int-lb", f.key, cidrSlug(cidr)),
        group: "internalLoadBalancer",
        direction: "ingress",
        protocol: "tcp",
        port: f.port,
        peer: { cidr, family: "ipv4" },
        description: `${f.key} clients`,
    }));
    const nodes: AwsRulePlan[] = ROLES.map((role) => ({
        logicalName: logicalName(name, "int-lb", f.key, role),
        group: "internalLoadBalancer",
        direction: "ingress",
        protocol: "tcp",
        port: f.port,
        peer: { group: role },
        description: `${role} to the private apiserver endpoint`,
    }));
    const ports = [...new Set([f.targetPort, f.healthCheck.port])].sort((a, b) => a - b);
    const toControllers = ports.flatMap((port): AwsRulePlan[] => {
        const description = `internal load balancer to controllers on tcp/${port}`;
        return [
            {
                logicalName: logicalName(name, "int-lb-to", "controllers", "tcp", String(port)),
                group: "internalLoadBalancer",
                direction: "egress",
                protocol: "tcp",
                port,
                peer: { group: "controllers" },
                description,
            },
            {
                logicalName: logicalName(name, "controllers", "from-int-lb", "tcp", String(port)),
                group: "controllers",
                direction: "ingress",
                protocol: "tcp",
                port,
                peer: { group: "internalLoadBalancer" },
                description,
            },
        ];
    });
    return [...clients, ...nodes, ...toControllers];
}

export function awsRules(spec: ClusterSpec): AwsRulePlan[] {
    const name = spec.resourceName;
    const out: AwsRulePlan[] = [];
    for (const f of spec.frontends) {
        for (const family of f.families) {
            for (const cidr of clientCidrs(spec, f, family)) {
                out.push({
                    logicalName: logicalName(name, "lb", f.key, cidrSlug(cidr)),
                    group: "loadBalancer",
                    direction: "ingress",
                    protocol: f.protocol === "UDP" ? "udp" : "tcp",
                    port: f.port,
                    peer: { cidr, family },
                    description: `${f.key} clients`,
                });
            }
        }
    }
    out.push(...nodesToInternalApiserver(spec), ...internalEndpointRules(spec));
    for (const role of ROLES) {
        for (const p of nodePorts(spec, role)) {
            const protocol = p.protocol === "UDP" ? "udp" : "tcp";
            const description = `load balancer to ${role} on ${protocol}/${p.port}`;
            out.push({
                logicalName: logicalName(name, "lb-to", role, protocol, String(p.port)),
                group: "loadBalancer",
                direction: "egress",
                protocol,
                port: p.port,
                peer: { group: role },
                description,
            });
            out.push({
                logicalName: logicalName(name, role, "from-lb", protocol, String(p.port)),
                group: role,
                direction: "ingress",
                protocol,
                port: p.port,
                peer: { group: "loadBalancer" },
                description,
            });
        }
    }
    return out;
}

const GROUP_LABEL: Record<AwsGroupRole, string> = {
    loadBalancer: "the load balancer's security group",
    internalLoadBalancer: "the internal load balancer's security group",
    controllers: "the controllers' security group",
    workers: "the workers' security group",
};

/** Where a frontend's client CIDRs come from in the inputs. */
function cidrPaths(spec: ClusterSpec, f: Frontend, family: Family): string[] {
    const own = f.allowedCidrs[family].length > 0 ? [inputPath(f, "allowedCidrs")] : [];
    const nodes =
        f.role === "apiserver" && spec.nodeSourceCidrs[family].length > 0
            ? ["nodeSourceCidrs"]
            : [];
    return [...own, ...nodes];
}

/** Refuses a plan whose rules would exceed a group's quota, with the cause and the fix. */
export function checkRuleQuota(r: Reader, spec: ClusterSpec, rules: AwsRulePlan[]): void {
    for (const group of ["loadBalancer", "internalLoadBalancer", ...ROLES] as AwsGroupRole[]) {
        for (const direction of ["ingress", "egress"] as const) {
            for (const family of spec.families) {
                const counted = rules.filter(
                    (x) =>
                        x.group === group &&
                        x.direction === direction &&
                        ("group" in x.peer || x.peer.family === family),
                );
                if (counted.length <= AWS_RULES_PER_GROUP) continue;
                const byCidr = counted.some((x) => "cidr" in x.peer);
                const paths =
                    group === "internalLoadBalancer"
                        ? ["apiserver.internal.allowedCidrs"]
                        : byCidr
                          ? [
                                ...new Set(
                                    spec.frontends
                                        .filter((f) => clientCidrs(spec, f, family).length > 0)
                                        .flatMap((f) => cidrPaths(spec, f, family)),
                                ),
                            ]
                          : ["services"];
                const v = family === "ipv4" ? "IPv4" : "IPv6";
                r.problems.add(
                    paths.join(", "),
                    `${counted.length} ${direction === "ingress" ? "inbound" : "outbound"} ${v} rules on ${GROUP_LABEL[group]} exceed AWS's default quota of ${AWS_RULES_PER_GROUP} per group, direction and family`,
                    byCidr
                        ? "admit fewer, wider CIDRs (each CIDR is one rule per frontend port), or split the frontends across two components"
                        : "share a health-check port among services (such as kube-proxy's 10256), reuse target ports, or split the services across two components",
                );
            }
        }
    }
}

/** Per role, the node security group given by ID, or one the component creates. */
export function readSecurityGroups(
    r: Reader,
    args: Record<string, Raw>,
    spec: ClusterSpec,
): AwsSecurityGroupPlan[] {
    const existing: Record<BackendRole, Maybe<string> | undefined> = {
        controllers: r.ref(args.controllerSecurityGroupId, "controllerSecurityGroupId"),
        workers: r.ref(args.workerSecurityGroupId, "workerSecurityGroupId"),
    };
    return ROLES.map((role) =>
        existing[role] !== undefined
            ? { role, existingId: existing[role] }
            : {
                  role,
                  create: {
                      logicalName: logicalName(spec.resourceName, role, "sg"),
                      name: cloudName(AWS_GROUP_NAME, spec.clusterName, role),
                  },
              },
    );
}
