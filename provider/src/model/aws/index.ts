// The AWS plan (docs/aws.md): one NLB, a listener and target group per frontend, target
// registrations, security group rules and routes. Pure: the aws folder only turns this plan
// into resources. Each concern lives in the file of the same name as its translator.
import { AwsTargetTypeValues } from "../../generated/enums";
import { readCluster } from "../cluster";
import { apiserverOf, checkNodeAccess, frontendsOf, internalApiserverOf } from "../frontends";
import { planShutdown } from "../shutdown";
import { Problem } from "../problems";
import { Raw, Reader } from "../read";
import { AWS_LIMITS } from "./limits";
import { checkOwnRecord } from "../dns";
import { readDns } from "./dns";
import {
    awsShutdownTiming,
    checkListenerPorts,
    checkListeners,
    planInternalLoadBalancer,
    planLoadBalancer,
    planTargetGroups,
    readElasticIps,
    readPrivateIps,
} from "./loadBalancer";
import { checkTags, readPlacement } from "./placement";
import { readRoutes } from "./routes";
import { awsRules, checkRuleQuota, readSecurityGroups } from "./security";
import { checkDistinct, checkTargets, readTargets } from "./targets";
import { AwsPlan } from "./types";

export * from "./types";
export { awsRequirements, awsTargetAddressProblem } from "./targets";
export { awsHairpinScript } from "./hairpin";
export { awsInventory, awsNames } from "./inventory";

export function planAws(raw: Raw, resourceName: string): { plan?: AwsPlan; problems: Problem[] } {
    const r = new Reader();
    const spec = readCluster(r, raw, resourceName, AWS_LIMITS);
    const args = r.object(raw, "") ?? {};
    const internal = spec.scheme === "internal";
    // Nodes reach a public NLB from NAT gateways or their public IPs, which the plan cannot see.
    checkNodeAccess(r, spec);
    const { vpcId, subnetIds } = readPlacement(r, args);

    const targetType =
        r.oneOf(args.targetType, "targetType", AwsTargetTypeValues) ??
        (internal ? "ip" : "instance");
    const preserveClientIp = r.bool(args.preserveClientIp, "preserveClientIp") ?? !internal;
    if (internal && preserveClientIp) {
        r.problems.add(
            "preserveClientIp",
            "an internal NLB that preserves client IPs drops every connection a node makes to itself through it (no hairpin)",
            "leave preserveClientIp unset or false, or use scheme public",
        );
    }
    const eipAllocationIds = readElasticIps(r, args, subnetIds);
    const privateIpv4Addresses = readPrivateIps(
        r,
        args.privateIpv4Addresses,
        "privateIpv4Addresses",
        subnetIds,
        internal,
    );
    const internalIpv4Addresses = readPrivateIps(
        r,
        spec.internalEndpoint?.raw.privateIpv4Addresses,
        "apiserver.internal.privateIpv4Addresses",
        subnetIds,
        true,
    );
    if (spec.internalEndpoint?.raw.privateIpv4Address !== undefined) {
        r.problems.add(
            "apiserver.internal.privateIpv4Address",
            "is Azure's and Google Cloud's single frontend address; an NLB has one per subnet",
            "give apiserver.internal.privateIpv4Addresses, one per subnet in the order of subnetIds",
        );
    }
    const staticIpv4 = r.bool(args.staticIpv4, "staticIpv4") ?? eipAllocationIds !== undefined;
    if (internal && staticIpv4) {
        const path = eipAllocationIds !== undefined ? "eipAllocationIds" : "staticIpv4";
        r.problems.add(
            path,
            "Elastic IPs are public; an internal NLB cannot use them",
            `remove ${path}, or use scheme public`,
        );
    }
    const crossZone = r.bool(args.crossZone, "crossZone") ?? true;
    const mapped =
        eipAllocationIds !== undefined
            ? "eipAllocationIds"
            : staticIpv4
              ? "staticIpv4"
              : privateIpv4Addresses !== undefined
                ? "privateIpv4Addresses"
                : undefined;
    checkListeners(r, spec, mapped);
    checkTags(r, spec.tags);

    const controllers = readTargets(r, args.controllers, "controllers", "controllers");
    const workers = readTargets(r, args.workers, "workers", "workers");
    checkTargets(r, controllers, targetType);
    checkTargets(r, workers, targetType);
    checkListenerPorts(r, spec);

    const securityGroups = readSecurityGroups(r, args, spec);
    const routeTableIds = r.refs(args.routeTableIds, "routeTableIds");
    checkDistinct(r, routeTableIds ?? [], "routeTableIds", "route table");
    const routes = readRoutes(r, args.routes, routeTableIds);
    const dns = readDns(r, args.dns, spec, "dns");
    const internalDns = readDns(r, args.internalDns, spec, "internalDns");
    checkOwnRecord(
        r,
        dns && { zone: dns.zoneId, name: dns.name },
        internalDns && { zone: internalDns.zoneId, name: internalDns.name },
        "zoneId",
    );

    const rules = awsRules(spec);
    checkRuleQuota(r, spec, rules);
    const apiserverShutdown = planShutdown(
        r,
        spec,
        awsShutdownTiming(apiserverOf(spec).healthCheck),
    );
    if (!r.problems.empty) return { problems: r.problems.list };

    const keysOf = (role: "controllers" | "workers") => [
        ...frontendsOf(spec, role).map((f) => f.key),
        ...(role === "controllers" ? [internalApiserverOf(spec)?.key ?? []].flat() : []),
    ];
    const plan: AwsPlan = {
        cluster: spec,
        vpcId,
        subnetIds,
        loadBalancer: planLoadBalancer(
            spec,
            crossZone,
            staticIpv4,
            eipAllocationIds,
            privateIpv4Addresses,
        ),
        internalLoadBalancer: planInternalLoadBalancer(spec, internalIpv4Addresses),
        targetType,
        targetGroups: planTargetGroups(spec, targetType, preserveClientIp, apiserverShutdown),
        targets: [controllers, workers].map((t) => ({
            role: t.role,
            instanceIds: t.instanceIds,
            ipAddresses: t.ipAddresses,
            targetGroups: keysOf(t.role),
        })),
        autoScaling: {
            groupNames: workers.autoScalingGroupNames,
            targetGroups: keysOf("workers"),
            extraTargetGroupArns: workers.targetGroupArns,
        },
        securityGroups,
        rules,
        routeTableIds: routeTableIds ?? [],
        routes,
        dns,
        internalDns,
        apiserverShutdown,
    };
    return { plan, problems: [] };
}
