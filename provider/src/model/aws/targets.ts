// AWS targets: instance IDs or IP addresses per role, and the workers' Auto Scaling groups.
import { AwsTargetType, BackendRole } from "../../generated/enums";
import { ROLES } from "../frontends";
import { parseAddress } from "../net";
import { egressRequirements, NodeRequirement } from "../requirements";
import { Problem } from "../problems";
import { indexPath, keyPath, Raw, Reader } from "../read";
import { isKnown, Maybe } from "../unknown";
import type { AwsPlan } from "./types";

export function readTargets(r: Reader, raw: Raw, path: string, role: BackendRole) {
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

export function checkDistinct(
    r: Reader,
    list: Maybe<Maybe<string>[]>,
    path: string,
    what: string,
): void {
    if (!isKnown(list)) return;
    const seen = new Set<string>();
    list.forEach((v, i) => {
        if (!isKnown(v)) return;
        if (seen.has(v))
            r.problems.add(
                indexPath(path, i),
                `${what} ${JSON.stringify(v)} is listed twice`,
                "remove the duplicate",
            );
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

export function checkTargets(
    r: Reader,
    t: ReturnType<typeof readTargets>,
    targetType: AwsTargetType,
): void {
    const path = t.role;
    if (targetType === "ip" && hasItems(t.instanceIds)) {
        r.problems.add(
            `${path}.instanceIds`,
            'instance IDs cannot be registered with targetType "ip"',
            `give ${path}.ipAddresses instead, or set targetType "instance" (internal load balancers need "ip" to hairpin)`,
        );
    }
    if (targetType === "instance" && hasItems(t.ipAddresses)) {
        r.problems.add(
            `${path}.ipAddresses`,
            'IP addresses cannot be registered with targetType "instance"',
            `give ${path}.instanceIds instead, or set targetType "ip"`,
        );
    }
    if (targetType === "ip" && hasItems(t.autoScalingGroupNames)) {
        r.problems.add(
            `${path}.autoScalingGroupNames`,
            'Auto Scaling groups register instances by ID, which targetType "ip" does not accept',
            'set targetType "instance", or give workers.ipAddresses instead',
        );
    }
    if (
        hasItems(t.targetGroupArns) &&
        isKnown(t.autoScalingGroupNames) &&
        t.autoScalingGroupNames.length === 0
    ) {
        r.problems.add(
            `${path}.targetGroupArns`,
            "has no Auto Scaling group to attach",
            "give workers.autoScalingGroupNames, or remove targetGroupArns",
        );
    }
    if (isKnown(t.ipAddresses)) {
        t.ipAddresses.forEach((a, i) => {
            const p = isKnown(a)
                ? awsTargetAddressProblem(a, indexPath(`${path}.ipAddresses`, i))
                : undefined;
            if (p) r.problems.add(p.path, p.message, p.fix);
        });
    }
    checkDistinct(r, t.instanceIds, `${path}.instanceIds`, "instance");
    checkDistinct(r, t.ipAddresses, `${path}.ipAddresses`, "address");
    checkDistinct(r, t.autoScalingGroupNames, `${path}.autoScalingGroupNames`, "group");
    checkDistinct(r, t.targetGroupArns, `${path}.targetGroupArns`, "target group");
}

/**
 * What each role's nodes must carry (issue 17): their role's security group, which the NLB's
 * group is admitted to (a rule referencing a group admits only interfaces in it:
 * https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html), and the NAT
 * sources of a restricted public apiserver. A group the component creates is attached to no
 * instance until the user does it (its ID is an output).
 */
export function awsRequirements(plan: AwsPlan): NodeRequirement[] {
    return ROLES.flatMap((role) => {
        const group = plan.securityGroups.find((g) => g.role === role)!;
        const output =
            role === "controllers" ? "controllerSecurityGroupId" : "workerSecurityGroupId";
        const carry: NodeRequirement = {
            role,
            kind: "securityGroup",
            value: group.existingId ?? group.create!.name,
            fulfilled: false,
            why: group.existingId
                ? "the load balancer reaches the nodes only through the rules the component adds to this group"
                : `the component created this group: attach it (the ${output} output) to every node of the role, or pass the nodes' own group as ${output}`,
        };
        return [carry, ...egressRequirements(plan.cluster, role)];
    });
}
