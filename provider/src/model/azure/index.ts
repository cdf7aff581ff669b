// The Azure plan (docs/azure.md): one Standard regional load balancer whose frontends,
// backend pools, probes, load-balancing rules and outbound rules are inline, its public IPs,
// NSG rules and routes. Pure: the azure folder only turns it into resources. Each concern
// lives in the file of the same name as its translator.
import { BackendRole } from "../../generated/enums";
import { readPrivateAddress } from "../addresses";
import { ClusterSpec, readCluster } from "../cluster";
import { AZURE_NAME, cloudName, logicalName } from "../naming";
import { apiserverOf, checkNodeAccess, frontendsOf, ROLES } from "../frontends";
import { planShutdown } from "../shutdown";
import { Problem } from "../problems";
import { Family } from "../net";
import { indexPath, Raw, Reader } from "../read";
import { isKnown, Maybe } from "../unknown";
import { ANYWHERE } from "../net";
import { readAzureDns } from "./dns";
import { AZURE_LIMITS, OUTBOUND_IDLE_MINUTES, OUTBOUND_IP_COUNT, OUTBOUND_PORTS } from "./limits";
import {
    azureShutdownTiming,
    checkBackendPorts,
    checkFrontendPorts,
    checkIdleTimeouts,
    checkPoolFamilies,
    DNS_LABEL,
    loadBalancerChildren,
    nodePublicIps,
    OutboundIps,
    outboundOnlyCount,
    planFrontends,
    planInternalLoadBalancer,
    readKeptPublicIp,
    separateWorkerOutbound,
} from "./loadBalancer";
import { checkAzureTags, readPlacement } from "./placement";
import { readAzureRoutes } from "./routes";
import { AZURE_PRIORITY_BASE, azureSecurityRules } from "./security";
import { given, readTargets } from "./targets";
import { AzureExisting, AzurePlan } from "./types";

export * from "./types";
export { azureResourceId } from "./placement";
export { azurePoolMembers, azureTargetAddressProblem } from "./targets";
export { azureInventory } from "./inventory";

/** SNAT ports per instance, the outbound idle timeout and public IPs of the outbound rules. */
function readOutboundSnat(
    r: Reader,
    raw: Raw,
    outboundRules: boolean,
    ipv6: boolean,
): { settings: AzurePlan["loadBalancer"]["outboundSnat"]; ips: OutboundIps } {
    const snat = r.object(raw, "outboundSnat");
    const ips: OutboundIps = { count: { ipv4: 1, ipv6: 1 }, kept: {} };
    if (!snat) return { settings: {}, ips };
    if (!outboundRules)
        r.problems.add(
            "outboundSnat",
            "tunes outbound rules, and there are none",
            "remove outboundSnat, or set outboundRules true on a public load balancer",
        );
    for (const family of ["ipv4", "ipv6"] as const) {
        const path = `outboundSnat.${family}Count`;
        const count = r.int(snat[`${family}Count`], path, OUTBOUND_IP_COUNT);
        const keptPath = family === "ipv4" ? "publicIpv4AddressIds" : "publicIpv6AddressIds";
        const kept = readKeptOutboundIps(r, snat[keptPath], `outboundSnat.${keptPath}`);
        if (family === "ipv6" && !ipv6 && (count !== undefined || kept !== undefined))
            r.problems.add(
                count !== undefined ? path : `outboundSnat.${keptPath}`,
                "sets IPv6 outbound IPs, but no frontend is dual-stack",
                "set ipv6: true, or remove it",
            );
        ips.count[family] = count ?? 1;
        ips.kept[family] = kept;
    }
    const settings = {
        allocatedOutboundPorts: r.int(
            snat.allocatedOutboundPorts,
            "outboundSnat.allocatedOutboundPorts",
            OUTBOUND_PORTS,
        ),
        idleTimeoutInMinutes: r.int(
            snat.idleTimeoutMinutes,
            "outboundSnat.idleTimeoutMinutes",
            OUTBOUND_IDLE_MINUTES,
        ),
    };
    return { settings, ips };
}

/** Kept outbound IPs: the list decides which frontends get a created IP, so it must be known. */
function readKeptOutboundIps(r: Reader, raw: Raw, path: string): Maybe<string>[] | undefined {
    const ids = r.refs(raw, path);
    if (ids === undefined) return undefined;
    if (!isKnown(ids)) {
        r.problems.add(
            path,
            "is unknown until deployment, and its length decides which outbound IPs are created",
            "give a list (its entries may be outputs)",
        );
        return undefined;
    }
    return ids.map((id, i) => readKeptPublicIp(r, id, indexPath(path, i), false, undefined) ?? id);
}

/** The kept outbound IPs match the outbound-only frontends of their family, one each. */
function checkKeptOutboundIps(
    r: Reader,
    spec: ClusterSpec,
    ips: OutboundIps,
    separateWorkers: boolean,
    inbound: Partial<Record<Family, Maybe<string>>>,
): void {
    for (const family of spec.families) {
        const kept = ips.kept[family];
        if (kept === undefined) continue;
        const v = family === "ipv4" ? "Ipv4" : "Ipv6";
        // A public IP serves one frontend IP configuration (Azure IDs are case-insensitive).
        const first = inbound[family];
        const seen = new Set(first !== undefined && isKnown(first) ? [first.toLowerCase()] : []);
        kept.forEach((id, i) => {
            if (!isKnown(id)) return;
            if (seen.has(id.toLowerCase()))
                r.problems.add(
                    indexPath(`outboundSnat.public${v}AddressIds`, i),
                    `${JSON.stringify(id)} is already a frontend's public IP (public${v}AddressId or an earlier entry)`,
                    "give each frontend a public IP of its own",
                );
            seen.add(id.toLowerCase());
        });
        const count = ips.count[family];
        const expected = outboundOnlyCount(spec, family, count, separateWorkers);
        if (kept.length === expected) continue;
        const workers = expected > count - 1;
        r.problems.add(
            `outboundSnat.public${v}AddressIds`,
            `lists ${kept.length} public IPs for the ${expected} outbound-only frontends of ${family}Count ${count}: ${count - 1} besides the inbound frontend in the nodes' outbound rule${workers ? `, and ${count} for the workers' own outbound rule` : ""}`,
            expected === 0
                ? `set outboundSnat.${family}Count to ${kept.length + 1} (the inbound frontend's IP is kept with public${v}AddressId), or remove the list`
                : `give ${expected} resource IDs, in that order, or change outboundSnat.${family}Count`,
        );
    }
}

export function planAzure(
    raw: Raw,
    resourceName: string,
): { plan?: AzurePlan; problems: Problem[] } {
    const r = new Reader();
    const spec = readCluster(r, raw, resourceName, AZURE_LIMITS);
    const args = r.object(raw, "") ?? {};
    const internal = spec.scheme === "internal";

    const placement = readPlacement(r, args, internal, spec.internalEndpoint !== undefined);
    const { virtualNetworkId } = placement;

    const targets = {
        controllers: readTargets(r, args.controllers, "controllers", spec.ipv6),
        workers: readTargets(r, args.workers, "workers", spec.ipv6),
    };
    const byIpRoles = ROLES.filter((role) => given(targets[role]));
    const byIp = {
        controllers: byIpRoles.includes("controllers"),
        workers: byIpRoles.includes("workers"),
    };
    if (byIpRoles.length > 0 && virtualNetworkId === undefined) {
        r.problems.add(
            "virtualNetworkId",
            `is required when targets are given by IP (${byIpRoles.map((role) => `${role}.ipAddresses`).join(", ")})`,
            "give the virtual network of the nodes",
        );
    }
    // "A virtual machine in the same virtual network as an internal load balancer can't access the
    // frontend of the ILB and its backend VMs simultaneously", and "For secure-by-default
    // configuration ... configure the backend pool by NIC" (Limitations for IP-based backend
    // pools: https://learn.microsoft.com/azure/load-balancer/backend-pool-management). Every node
    // does both: kubelets dial the apiserver's frontend, pods dial the controllers directly
    // through the kubernetes Service, and the node-side hairpin fix sends a node to itself.
    for (const role of internal ? byIpRoles : []) {
        r.problems.add(
            `${role}.ipAddresses`,
            "gives IP-based pool members to an internal load balancer, and a VM in its virtual network can't reach the internal frontend and the backend VMs at the same time (Azure's limitation of IP-based pools), as every node must",
            `join the nodes by NIC: remove ${role}.ipAddresses and add each NIC's IP configurations to the backendAddressPoolIds output's pools, or set scheme "public"`,
        );
    }
    if (given(targets.workers) && frontendsOf(spec, "workers").length === 0) {
        r.problems.add(
            "workers.ipAddresses",
            "has no pool to join: no ingress and no service forwards to the workers",
            "add ingress or a workers service, or remove the workers",
        );
    }

    const outboundRules = r.bool(args.outboundRules, "outboundRules") ?? !internal;
    if (internal && outboundRules) {
        r.problems.add(
            "outboundRules",
            "internal load balancers give no outbound SNAT",
            'remove outboundRules and give the nodes outbound access another way (a NAT gateway), or set scheme "public"',
        );
    }
    const outboundSnat = readOutboundSnat(r, args.outboundSnat, outboundRules, spec.ipv6);
    const dnsLabel = r.string(args.dnsLabel, "dnsLabel");
    if (dnsLabel !== undefined && internal) {
        r.problems.add(
            "dnsLabel",
            "labels a public IP, and internal load balancers have none",
            'remove dnsLabel, or set scheme "public"',
        );
    } else if (dnsLabel !== undefined && !DNS_LABEL.test(dnsLabel)) {
        r.problems.add(
            "dnsLabel",
            `${JSON.stringify(dnsLabel)} is not a domain name label`,
            "use 3 to 63 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit",
        );
    }
    checkBackendPorts(r, spec);
    checkFrontendPorts(r, spec);
    checkPoolFamilies(r, spec, targets);
    checkAzureTags(r, spec.tags);
    checkIdleTimeouts(r, spec);
    // Public: kubelets reach the apiserver through outbound SNAT, from the addresses admitted
    // below; without outbound rules they come from addresses only nodeSourceCidrs can name.
    checkNodeAccess(r, spec, outboundRules ? "the load balancer's outbound addresses" : undefined);
    const lbName = cloudName(AZURE_NAME, spec.clusterName, "lb");
    const separateWorkers = outboundRules && separateWorkerOutbound(spec, byIp);

    // Static private frontend addresses (internal only): https://learn.microsoft.com/azure/load-balancer/components#frontend-ip-configurations
    const pinned = {
        ipv4: readPrivateAddress(
            r,
            args.privateIpv4Address,
            "privateIpv4Address",
            "ipv4",
            internal,
        ),
        ipv6: readPrivateAddress(
            r,
            args.privateIpv6Address,
            "privateIpv6Address",
            "ipv6",
            internal,
        ),
    };
    if (pinned.ipv6 !== undefined && !spec.ipv6) {
        r.problems.add(
            "privateIpv6Address",
            "pins an IPv6 frontend, but no frontend is dual-stack",
            "set ipv6: true, or remove privateIpv6Address",
        );
    }
    const kept = {
        ipv4: readKeptPublicIp(
            r,
            args.publicIpv4AddressId,
            "publicIpv4AddressId",
            internal,
            dnsLabel,
        ),
        ipv6: readKeptPublicIp(
            r,
            args.publicIpv6AddressId,
            "publicIpv6AddressId",
            internal,
            dnsLabel,
        ),
    };
    checkKeptOutboundIps(r, spec, outboundSnat.ips, separateWorkers, kept);
    const frontends = planFrontends(
        spec,
        lbName,
        internal,
        separateWorkers,
        dnsLabel,
        pinned,
        kept,
        outboundSnat.ips,
    );
    const internalEndpointPin = readInternalEndpoint(r, spec, byIp.controllers);
    const securityGroupNames = readSecurityGroups(r, args, spec);
    const priorityBase =
        r.int(args.priorityBase, "priorityBase", AZURE_PRIORITY_BASE) ??
        AZURE_PRIORITY_BASE.default;
    const securityRules = azureSecurityRules(r, spec, {
        priorityBase,
        internal,
        nodePublicIps: nodePublicIps(frontends, outboundRules),
    });
    const routeTableName = r.ref(args.routeTableName, "routeTableName");
    const routes = readAzureRoutes(r, args.routes, spec.resourceName);
    const dns = readAzureDns(r, args.dns, spec, placement.resourceGroupName, "dns");
    const internalDns = readAzureDns(
        r,
        args.internalDns,
        spec,
        placement.resourceGroupName,
        "internalDns",
    );
    const apiserverShutdown = planShutdown(
        r,
        spec,
        azureShutdownTiming(apiserverOf(spec).healthCheck),
    );

    if (!r.problems.empty) return { problems: r.problems.list };

    const res = spec.resourceName;
    const children = loadBalancerChildren(spec, outboundRules, separateWorkers, byIp, frontends);
    const created = (role: string, ...cloud: string[]) => ({
        create: {
            logicalName: logicalName(res, role),
            name: cloudName(AZURE_NAME, spec.clusterName, ...cloud),
        },
    });
    const plan: AzurePlan = {
        cluster: spec,
        ...placement,
        loadBalancer: {
            logicalName: logicalName(res, "lb"),
            name: lbName,
            internal,
            frontends,
            pools: children.pools,
            probes: children.probes,
            rules: children.rules,
            outboundRules: children.outboundRules,
            outboundSnat: outboundSnat.settings,
        },
        internalLoadBalancer: planInternalLoadBalancer(spec, internalEndpointPin),
        targets,
        securityGroups: Object.fromEntries(
            ROLES.filter((role) => frontendsOf(spec, role).length > 0).map(
                (role): [string, AzureExisting] => {
                    const name = securityGroupNames[role];
                    return [
                        role,
                        name !== undefined ? { existingName: name } : created(`${role}-nsg`, role),
                    ];
                },
            ),
        ),
        securityRules,
        routeTable:
            routes.length === 0
                ? undefined
                : routeTableName !== undefined
                  ? { existingName: routeTableName }
                  : created("routes", "routes"),
        routes,
        dns,
        internalDns,
        apiserverShutdown,
    };
    return { plan, problems: [] };
}

/**
 * Each role's NSG: `<role>.networkSecurityGroupName`, or created. One NSG for both roles would
 * open each role's ports on the other's nodes, so the old top-level networkSecurityGroupName
 * names the controllers' NSG only while the workers have no frontends.
 */
function readSecurityGroups(
    r: Reader,
    args: Record<string, Raw>,
    spec: ClusterSpec,
): Partial<Record<BackendRole, Maybe<string>>> {
    const names: Partial<Record<BackendRole, Maybe<string>>> = {};
    for (const role of ROLES)
        names[role] = r.ref(
            (r.object(args[role], role) ?? {}).networkSecurityGroupName,
            `${role}.networkSecurityGroupName`,
        );
    const shared = r.ref(args.networkSecurityGroupName, "networkSecurityGroupName");
    const workers = frontendsOf(spec, "workers").length > 0;
    if (shared !== undefined && (workers || names.controllers !== undefined)) {
        r.problems.add(
            "networkSecurityGroupName",
            workers
                ? "names one NSG for both roles, which would open the apiserver on the workers and ingress on the controllers"
                : "is set as well as controllers.networkSecurityGroupName",
            "give controllers.networkSecurityGroupName and workers.networkSecurityGroupName, one NSG per role, and remove networkSecurityGroupName",
        );
    } else if (shared !== undefined) {
        names.controllers = shared;
    }
    const [c, w] = [names.controllers, names.workers];
    // Azure names are case-insensitive.
    if (
        workers &&
        c !== undefined &&
        w !== undefined &&
        isKnown(c) &&
        isKnown(w) &&
        c.toLowerCase() === w.toLowerCase()
    ) {
        r.problems.add(
            "workers.networkSecurityGroupName",
            `${JSON.stringify(w)} is also the controllers' NSG`,
            "give each role an NSG of its own",
        );
    }
    if (!workers && w !== undefined) {
        r.problems.add(
            "workers.networkSecurityGroupName",
            "is set, but no frontend forwards to the workers",
            "remove it, or add ingress or a workers service",
        );
    }
    return names;
}

/**
 * The private endpoint's own inputs (`apiserver.internal`) on Azure. Its clients must be
 * listed: Azure hands load-balanced flows to the backend's own address, so the controllers'
 * NSG admits them on the apiserver's port whichever frontend they come through, and a default
 * of everyone would open the public endpoint too; the list must hold the nodes' subnets, as
 * the component knows no node address (the pool is NIC-based). The controllers join by NIC:
 * an internal load balancer's IP-based pool cannot be reached by its own members (index.ts).
 */
function readInternalEndpoint(
    r: Reader,
    spec: ClusterSpec,
    controllersByIp: boolean,
): Maybe<string> | undefined {
    const internal = spec.internalEndpoint;
    if (!internal) return undefined;
    if (internal.raw.allowedCidrs === undefined || internal.raw.allowedCidrs === null) {
        r.problems.add(
            "apiserver.internal.allowedCidrs",
            "is required on Azure: the controllers' NSG admits these clients on the apiserver's port through either frontend, so a default could not be both safe and open to the nodes",
            "list the nodes' subnets and the in-network clients' ranges",
        );
    } else if (internal.allowedCidrs.includes(ANYWHERE.ipv4)) {
        r.problems.add(
            "apiserver.internal.allowedCidrs",
            "admits 0.0.0.0/0, which the controllers' NSG would admit through the public frontend as well",
            "list the nodes' subnets and the in-network clients' private ranges",
        );
    }
    if (controllersByIp) {
        r.problems.add(
            "controllers.ipAddresses",
            "gives IP-based pool members, and the private endpoint's internal load balancer cannot be reached from the virtual network by its own IP-based members (Azure's limitation of IP-based pools)",
            "join the controllers by NIC: remove controllers.ipAddresses and add each NIC's IPv4 configuration to backendAddressPoolIds.controllersIpv4 and controllersInternalIpv4, or remove apiserver.internal",
        );
    }
    if (internal.raw.privateIpv4Addresses !== undefined) {
        r.problems.add(
            "apiserver.internal.privateIpv4Addresses",
            "is AWS's per-subnet list; an Azure internal frontend has one address",
            "give apiserver.internal.privateIpv4Address",
        );
    }
    return readPrivateAddress(
        r,
        internal.raw.privateIpv4Address,
        "apiserver.internal.privateIpv4Address",
        "ipv4",
        true,
    );
}
