// Firewall rules of a Google Cloud cluster: the clients (passthrough keeps client IPs),
// Google's health-check and proxy ranges, and an internal apiserver's own nodes by tag.
import { GcpMode, TransportProtocol } from "../../generated/enums";
import { ClusterSpec } from "../cluster";
import { ANYWHERE, Family } from "../net";
import { logicalName } from "../naming";
import { clientCidrs, internalApiserverOf, ROLES } from "../frontends";
import { addressKey, INTERNAL_ENDPOINT_ADDRESS, sortedUnique } from "./loadBalancer";
import { FrontendGroup, GcpFirewallPlan, Namer } from "./types";

/**
 * The sources of Google's health-check probes, per load balancer type and address family,
 * from "Probe IP ranges and firewall rules" in
 * https://cloud.google.com/load-balancing/docs/health-check-concepts and from
 * https://cloud.google.com/load-balancing/docs/firewall-rules (global external proxy network
 * load balancers reach instance-group backends from the health-check ranges).
 */
export const GOOGLE_SOURCES: Record<
    "externalPassthrough" | "internalPassthrough" | "proxy",
    Record<Family, string[]>
> = {
    externalPassthrough: {
        ipv4: ["35.191.0.0/16", "209.85.152.0/22", "209.85.204.0/22"],
        ipv6: ["2600:1901:8001::/48"],
    },
    internalPassthrough: {
        ipv4: ["35.191.0.0/16", "130.211.0.0/22"],
        ipv6: ["2600:2d00:1:b029::/64"],
    },
    // The proxies connect to the backends over IPv4 (the backend service's default
    // ipAddressSelectionPolicy, IPV4_ONLY), IPv6 clients included.
    proxy: { ipv4: ["35.191.0.0/16", "130.211.0.0/22"], ipv6: [] },
};

/**
 * Passthrough keeps client IPs: per family, the clients' CIDRs (for the apiserver, with the
 * nodes' own sources) on the target ports and Google's probe ranges on the health-check port.
 * An internal apiserver short of everyone also admits the nodes by their network tags: source
 * tags match the internal addresses of tagged VMs in the network, which an internal
 * passthrough load balancer keeps as the packets' source
 * (https://cloud.google.com/compute/docs/reference/rest/v1/firewalls, sourceTags;
 * https://cloud.google.com/load-balancing/docs/internal). Proxy mode: the nodes see only
 * Google's proxies and probes, from the same ranges, on the target and health-check ports.
 */
export function firewalls(
    spec: ClusterSpec,
    g: FrontendGroup,
    mode: GcpMode,
    sources: Record<Family, string[]>,
    name: Namer,
): GcpFirewallPlan[] {
    const [first] = g.frontends;
    const rule = (
        purpose: string,
        protocol: TransportProtocol,
        ports: number[],
        from: string[],
        description: string,
    ): GcpFirewallPlan => ({
        key: `${g.key}-${purpose}`,
        logicalName: logicalName(spec.resourceName, g.key, purpose, "fw"),
        name: name(g.key, purpose),
        role: g.backend,
        protocol: protocol === "UDP" ? "udp" : "tcp",
        ports: sortedUnique(ports),
        sources: from,
        description,
    });
    const targetPorts = g.frontends.map((f) => f.targetPort);
    if (mode === "proxy") {
        return [
            rule(
                "proxy",
                "TCP",
                [...targetPorts, first.healthCheck.port],
                sources.ipv4,
                `${g.key}: Google's proxies and health checks`,
            ),
        ];
    }
    // Passthrough keeps the destination too: load-balanced packets reach the nodes addressed to
    // the forwarding rule's address ("sent to the backend VMs with their source and destination
    // IP addresses ... unchanged": https://cloud.google.com/load-balancing/docs/network/networklb-backend-service;
    // an internal one delivers to backends "with the destination IP of the forwarding rule":
    // https://cloud.google.com/load-balancing/docs/internal). A rule with destinationRanges
    // "applies only to traffic that has destination IP address in these ranges" (Compute v1
    // discovery, Firewall.destinationRanges), so client rules admit load-balanced packets only,
    // never a packet to a node's own (internal or external) address: issue 17, defect 11.
    // Probes keep their own rule, scoped to Google's ranges and the health-check port.
    const destination = (family: Family) => ({ destination: addressKey(g.backend, family) });
    // Nodes dial the apiserver's IPv4 address (apiserverUrl), so this rule is IPv4.
    const nodes =
        spec.scheme === "internal" &&
        first.role === "apiserver" &&
        !first.allowedCidrs.ipv4.includes(ANYWHERE.ipv4)
            ? [
                  {
                      ...rule("nodes", "TCP", targetPorts, [], `${g.key}: the cluster's nodes`),
                      sourceRoles: [...ROLES],
                      ...destination("ipv4"),
                  },
              ]
            : [];
    return [
        ...first.families.flatMap((family) => {
            const clients = clientCidrs(spec, first, family);
            return [
                ...(clients.length > 0
                    ? [
                          {
                              ...rule(
                                  `clients-${family}`,
                                  g.protocol,
                                  targetPorts,
                                  clients,
                                  `${g.key}: clients over ${family}`,
                              ),
                              ...destination(family),
                          },
                      ]
                    : []),
                rule(
                    `health-${family}`,
                    "TCP",
                    [first.healthCheck.port],
                    sources[family],
                    `${g.key}: Google's health checks over ${family}`,
                ),
            ];
        }),
        ...nodes,
    ];
}

/**
 * The private endpoint's (`apiserver.internal`) rules on the controllers, each scoped to its
 * internal address (destinationRanges, as above): its clients, every node by tag (an internal
 * passthrough load balancer keeps the nodes' internal addresses as the source), and Google's
 * probes for internal passthrough load balancers on the health-check port.
 */
export function internalEndpointFirewalls(spec: ClusterSpec, name: Namer): GcpFirewallPlan[] {
    const f = internalApiserverOf(spec);
    if (!f) return [];
    const rule = (purpose: string, ports: number[], sources: string[], description: string) => ({
        key: `${f.key}-${purpose}`,
        logicalName: logicalName(spec.resourceName, f.key, purpose, "fw"),
        name: name(f.key, purpose),
        role: "controllers" as const,
        protocol: "tcp" as const,
        ports,
        sources,
        description,
    });
    const destination = { destination: INTERNAL_ENDPOINT_ADDRESS };
    return [
        {
            ...rule("clients-ipv4", [f.targetPort], f.allowedCidrs.ipv4, `${f.key}: clients`),
            ...destination,
        },
        {
            ...rule("nodes", [f.targetPort], [], `${f.key}: the cluster's nodes`),
            sourceRoles: [...ROLES],
            ...destination,
        },
        rule(
            "health-ipv4",
            [f.healthCheck.port],
            GOOGLE_SOURCES.internalPassthrough.ipv4,
            `${f.key}: Google's health checks`,
        ),
    ];
}
