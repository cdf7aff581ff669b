// The Google Cloud plan (docs/gcp.md): a regional passthrough network load balancer (mode
// passthrough) or a global external proxy network load balancer (mode proxy), with addresses,
// health checks, backend services, forwarding rules, instance groups, firewall rules and
// routes. Pure: the gcp folder only turns this plan into resources. Each concern lives in the
// file of the same name as its translator.
import { BackendRole, GcpModeValues } from "../../generated/enums";
import { readPrivateAddress, readPublicAddress } from "../addresses";
import { readCluster } from "../cluster";
import { cloudName, GCP_NAME, logicalName, shortHash } from "../naming";
import { apiserverOf, checkNodeAccess, familiesOf, ROLES } from "../frontends";
import { Problem } from "../problems";
import { Raw, Reader } from "../read";
import { ClusterSpec } from "../cluster";
import { Maybe } from "../unknown";
import { checkOwnRecord } from "../dns";
import { readGcpDns } from "./dns";
import { GCP_LIMITS, MAX_RULES_PER_INTERNAL_ADDRESS } from "./limits";
import {
    addresses,
    addressKey,
    checkMode,
    frontendGroups,
    gcpHealthCheckTimeout,
    gcpShutdownTiming,
    internalEndpointFrontends,
    passthroughFrontends,
    proxyFrontends,
} from "./loadBalancer";
import { planShutdown } from "../shutdown";
import { checkLabels, readPlacement } from "./placement";
import { readRoutes } from "./routes";
import { firewalls, GOOGLE_SOURCES, internalEndpointFirewalls } from "./security";
import {
    checkSharedInstances,
    namedPorts,
    passthroughRegion,
    readTargets,
    readTargetTags,
} from "./targets";
import { GCP_NETWORK_TIERS, GcpPlan, GcpTargetsPlan } from "./types";
import { GcpMode } from "../../generated/enums";

export * from "./types";
export { ARMOR_DEFAULT_PRIORITY } from "./loadBalancer";
export { gcpRequirements } from "./targets";
export { gcpHairpinScript } from "./hairpin";
export { gcpInventory } from "./inventory";

export function planGcp(raw: Raw, resourceName: string): { plan?: GcpPlan; problems: Problem[] } {
    const r = new Reader();
    const spec = readCluster(r, raw, resourceName, GCP_LIMITS);
    const args = r.object(raw, "") ?? {};
    const internal = spec.scheme === "internal";
    const mode = r.oneOf(args.mode, "mode", GcpModeValues) ?? "passthrough";
    const tierInput = r.oneOf(args.networkTier, "networkTier", GCP_NETWORK_TIERS);
    const groups = frontendGroups(spec);
    checkMode(r, spec, groups, mode, tierInput);

    const placement = readPlacement(r, args);
    const { region, subnetwork } = placement;
    if (subnetwork === undefined && (args.subnetwork === undefined || args.subnetwork === null)) {
        if (internal)
            r.problems.add(
                "subnetwork",
                "is required for an internal load balancer",
                "give the subnetwork the internal frontend addresses come from",
            );
        else if (spec.ipv6 && mode === "passthrough") {
            r.problems.add(
                "subnetwork",
                "is required for IPv6 frontends in passthrough mode",
                "give a dual-stack subnetwork: the IPv6 frontend address comes from its external IPv6 range",
            );
        }
    }
    for (const role of ROLES) {
        const count = groups.filter((g) => g.backend === role).length;
        if (mode === "passthrough" && internal && count > MAX_RULES_PER_INTERNAL_ADDRESS) {
            r.problems.add(
                "services",
                `${count} forwarding rules would share the ${role}' internal address, and Google Cloud allows at most ${MAX_RULES_PER_INTERNAL_ADDRESS}`,
                `remove ${count - MAX_RULES_PER_INTERNAL_ADDRESS} service(s) of the ${role}, or split them across two components`,
            );
        }
    }
    // Kubelets reach a public apiserver from their external or Cloud NAT addresses, which only
    // the user knows (https://cloud.google.com/load-balancing/docs/network/networklb-backend-service:
    // clients are VMs "with external IPs" or "with internet access through Cloud NAT"). Internal
    // frontends admit the nodes by their tags (see firewalls), so the check is quiet there.
    checkNodeAccess(r, spec);

    const zoneRegion = passthroughRegion({ mode, region });
    const controllers = readTargets(r, args.controllers, "controllers", zoneRegion);
    const workers = readTargets(r, args.workers, "workers", zoneRegion);
    checkSharedInstances(r, controllers.instances, workers.instances);
    const tags = {
        controllers: readTargetTags(
            r,
            args.controllerTags,
            "controllerTags",
            cloudName(GCP_NAME, spec.clusterName, "controller"),
        ),
        workers: readTargetTags(
            r,
            args.workerTags,
            "workerTags",
            cloudName(GCP_NAME, spec.clusterName, "worker"),
        ),
    };
    checkLabels(r, spec.tags);
    const routes = readRoutes(r, args.routes);
    const dns = readGcpDns(r, args.dns, spec, mode, placement.project, "dns");
    const internalDns = readGcpDns(
        r,
        args.internalDns,
        spec,
        mode,
        placement.project,
        "internalDns",
    );
    checkOwnRecord(
        r,
        dns && { zone: dns.managedZone, name: dns.name },
        internalDns && { zone: internalDns.managedZone, name: internalDns.name },
        "managedZone",
    );
    // The apiserver's internal IPv4 address, reserved as given (an Address's `address`:
    // https://cloud.google.com/vpc/docs/reserve-static-internal-ip-address).
    const pinnedIpv4 = readPrivateAddress(
        r,
        args.privateIpv4Address,
        "privateIpv4Address",
        "ipv4",
        internal,
    );
    // The controllers' internal IPv6 address, from the subnetwork's internal IPv6 range: an
    // Address with ipVersion IPV6 and `address` set, which "must be within the subnetwork's IP
    // range" (Compute v1 Address.subnetwork; https://cloud.google.com/vpc/docs/reserve-static-internal-ip-address).
    const pinnedIpv6 = readPrivateAddress(
        r,
        args.privateIpv6Address,
        "privateIpv6Address",
        "ipv6",
        internal,
    );
    if (pinnedIpv6 !== undefined && !familiesOf(spec, "controllers").includes("ipv6")) {
        r.problems.add(
            "privateIpv6Address",
            "pins the controllers' IPv6 address, but no controllers' frontend is dual-stack",
            "set ipv6: true (or apiserver.ipv6: true), or remove privateIpv6Address",
        );
    }
    const keptIpv4 = readPublicAddress(r, args.publicIpv4Address, "publicIpv4Address", internal);
    const internalPin = readInternalEndpoint(r, spec, mode, args);
    // Global access lets clients in other regions reach an internal passthrough load balancer:
    // the forwarding rule's allowGlobalAccess, "used along with the backendService field for
    // internal load balancing ... clients can access ILB from all regions" (@pulumi/gcp 9.37.0,
    // compute/forwardingRule.d.ts; https://cloud.google.com/load-balancing/docs/internal).
    const globalAccess = r.bool(args.globalAccess, "globalAccess") ?? false;
    if (globalAccess && !internal) {
        r.problems.add(
            "globalAccess",
            "applies to internal load balancers; public frontends are reachable from everywhere already",
            'remove globalAccess, or set scheme "internal"',
        );
    }
    // The apiserver's IPv4 address: the controllers' (passthrough) or the shared one (proxy).
    const apiserverIpv4 = mode === "proxy" ? "ipv4" : addressKey("controllers", "ipv4");
    const apiserverShutdown = planShutdown(
        r,
        spec,
        gcpShutdownTiming(apiserverOf(spec).healthCheck),
    );

    if (!r.problems.empty) return { problems: r.problems.list };

    const res = spec.resourceName;
    const name = (...parts: string[]) => cloudName(GCP_NAME, spec.clusterName, ...parts);
    const tier = tierInput ?? "PREMIUM";
    const sources =
        mode === "proxy"
            ? GOOGLE_SOURCES.proxy
            : internal
              ? GOOGLE_SOURCES.internalPassthrough
              : GOOGLE_SOURCES.externalPassthrough;
    const targets = { controllers, workers };
    const frontends =
        mode === "proxy"
            ? proxyFrontends(spec, groups, name)
            : passthroughFrontends(spec, groups, name);
    const internalEndpoint = internalEndpointFrontends(spec, name, internalPin);
    const plan: GcpPlan = {
        cluster: spec,
        mode,
        internal,
        networkTier: mode === "passthrough" && !internal ? tier : undefined,
        ...placement,
        addresses: addresses(
            spec,
            groups,
            mode,
            name,
            shortHash(`${mode}/${spec.scheme}/${tier}`, 4),
        )
            .map((a) =>
                a.key === apiserverIpv4
                    ? { ...a, address: pinnedIpv4, existing: keptIpv4 }
                    : a.key === addressKey("controllers", "ipv6") && pinnedIpv6 !== undefined
                      ? { ...a, address: pinnedIpv6 }
                      : a,
            )
            .concat(internalEndpoint.addresses),
        healthChecks: groups.map((g) => {
            const check = g.frontends[0].healthCheck;
            return {
                key: g.key,
                logicalName: logicalName(res, g.key, "hc"),
                name: name(g.key),
                check,
                timeoutSeconds: gcpHealthCheckTimeout(check),
            };
        }),
        ...frontends,
        backendServices: [...frontends.backendServices, ...internalEndpoint.backendServices],
        forwardingRules: [...frontends.forwardingRules, ...internalEndpoint.forwardingRules],
        targets: Object.fromEntries(
            ROLES.map((role) => [
                role,
                {
                    role,
                    instances: targets[role].instances,
                    instanceGroups: targets[role].instanceGroups,
                    tags: tags[role],
                    namedPorts: mode === "proxy" ? namedPorts(spec, role) : [],
                },
            ]),
        ) as Record<BackendRole, GcpTargetsPlan>,
        firewalls: [
            ...groups.flatMap((g) => firewalls(spec, g, mode, sources, name)),
            ...internalEndpointFirewalls(spec, name),
        ],
        routes: routes.map((route) => ({
            ...route,
            logicalName: logicalName(res, "route", route.key),
            name: name(route.key),
        })),
        googleSources: [
            ...new Set([
                ...spec.families.flatMap((family) => sources[family]),
                ...(spec.internalEndpoint ? GOOGLE_SOURCES.internalPassthrough.ipv4 : []),
            ]),
        ],
        globalAccess,
        dns,
        internalDns,
        apiserverShutdown,
    };
    return { plan, problems: [] };
}

/**
 * The private endpoint's own inputs (`apiserver.internal`): passthrough only (the proxy's
 * ports map, an internal passthrough load balancer's do not), a subnetwork for its address,
 * and its pinned IPv4 address.
 */
function readInternalEndpoint(
    r: Reader,
    spec: ClusterSpec,
    mode: GcpMode,
    args: Record<string, Raw>,
): Maybe<string> | undefined {
    const raw = spec.internalEndpoint?.raw;
    if (!raw) return undefined;
    // Mode proxy's backend services balance the controllers' instance groups by UTILIZATION; an
    // internal passthrough backend service takes CONNECTION only, and Google refuses one instance
    // group under backend services of different balancing modes ("point to the same instance
    // group but the backends have incompatible balancing_mode",
    // https://cloud.google.com/load-balancing/docs/l7-internal/troubleshooting-l7-ilb).
    if (mode === "proxy") {
        r.problems.add(
            "apiserver.internal",
            'is built for mode "passthrough" only: the private endpoint is an internal passthrough load balancer, whose CONNECTION balancing Google refuses on the instance groups that mode "proxy" balances by UTILIZATION',
            'use mode "passthrough", or remove apiserver.internal',
        );
    }
    if (args.subnetwork === undefined || args.subnetwork === null) {
        r.problems.add(
            "subnetwork",
            "is required with apiserver.internal",
            "give the subnetwork the private endpoint's internal address comes from",
        );
    }
    if (raw.privateIpv4Addresses !== undefined) {
        r.problems.add(
            "apiserver.internal.privateIpv4Addresses",
            "is AWS's per-subnet list; a Google Cloud internal forwarding rule has one address",
            "give apiserver.internal.privateIpv4Address",
        );
    }
    return readPrivateAddress(
        r,
        raw.privateIpv4Address,
        "apiserver.internal.privateIpv4Address",
        "ipv4",
        true,
    );
}
