// Valid shared inputs, generated: unique service names and ports, canonical CIDRs per
// family, health checks inside every cloud's ranges.
import fc from "fast-check";
import * as ipaddr from "ipaddr.js";
import { formatCidr } from "../../provider/src/model/net";

const RESERVED_PORTS = new Set([6443, 80, 443]);

function cidrArb(family: "ipv4" | "ipv6"): fc.Arbitrary<string> {
    const size = family === "ipv4" ? 4 : 16;
    return fc
        .tuple(
            fc.array(fc.integer({ min: 0, max: 255 }), { minLength: size, maxLength: size }),
            fc.integer({ min: 0, max: size * 8 }),
        )
        .map(([bytes, prefix]) => {
            const masked = bytes.map(
                (b, i) => b & ((0xff << (8 - Math.max(0, Math.min(8, prefix - i * 8)))) & 0xff),
            );
            return formatCidr({ family, ip: ipaddr.fromByteArray(masked), prefix });
        });
}

const allowedCidrsArb = (ipv6: boolean) =>
    fc.option(
        fc
            .tuple(
                fc.uniqueArray(cidrArb("ipv4"), { minLength: 1, maxLength: 3 }),
                ipv6 ? fc.uniqueArray(cidrArb("ipv6"), { maxLength: 2 }) : fc.constant([]),
            )
            .map(([v4, v6]) => [...v4, ...v6]),
        { nil: undefined },
    );

const requiredHealthCheckArb = fc.record({
    protocol: fc.constantFrom("TCP", "HTTP"),
    port: fc.integer({ min: 1, max: 65535 }),
});

const healthCheckArb = fc.option(
    fc.record({
        protocol: fc.constantFrom("TCP", "HTTP", "HTTPS"),
        port: fc.integer({ min: 1, max: 65535 }),
        intervalSeconds: fc.integer({ min: 10, max: 30 }),
        timeoutSeconds: fc.integer({ min: 5, max: 10 }),
        healthyThreshold: fc.integer({ min: 2, max: 5 }),
        unhealthyThreshold: fc.integer({ min: 2, max: 5 }),
    }),
    { nil: undefined },
);

/** A frontend's own `ipv6` (docs/endpoints.md), or the cluster's when unset. */
const frontendIpv6Arb = fc.option(fc.boolean(), { nil: undefined });

/** An IPv4-only frontend admits no IPv6 clients: drops them, and the list when nothing is left. */
function ownStack<T extends { ipv6?: boolean; allowedCidrs?: string[] }>(frontend: T): T {
    if (frontend.ipv6 !== false || frontend.allowedCidrs === undefined) return frontend;
    const ipv4 = frontend.allowedCidrs.filter((c) => !c.includes(":"));
    const { allowedCidrs: _, ...rest } = frontend;
    return (ipv4.length > 0 ? { ...rest, allowedCidrs: ipv4 } : rest) as T;
}

const serviceNameArb = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/);

function servicesArb(ipv6: boolean, maxLength = 8): fc.Arbitrary<Record<string, unknown>[]> {
    return (
        fc
            .tuple(
                fc.uniqueArray(serviceNameArb, { maxLength }),
                fc.uniqueArray(
                    fc.integer({ min: 1, max: 65535 }).filter((p) => !RESERVED_PORTS.has(p)),
                    { minLength: maxLength, maxLength },
                ),
            )
            .chain(([names, ports]) =>
                fc.tuple(
                    ...names.map((name, i) =>
                        fc.record({
                            name: fc.constant(name),
                            port: fc.constant(ports[i]),
                            targetPort: fc.option(fc.integer({ min: 30000, max: 32767 }), {
                                nil: undefined,
                            }),
                            protocol: fc.constantFrom("TCP", "UDP"),
                            backend: fc.constantFrom("workers", "controllers"),
                            healthCheck: healthCheckArb,
                            udpHealthCheck: requiredHealthCheckArb,
                            allowedCidrs: allowedCidrsArb(ipv6),
                            ipv6: frontendIpv6Arb,
                        }),
                    ),
                ),
            )
            // A UDP service needs an explicit health check: the default would probe the UDP port over TCP.
            .map((list) =>
                list.map(({ udpHealthCheck, ...s }) => {
                    const service = ownStack(
                        s.protocol === "UDP"
                            ? { ...s, healthCheck: s.healthCheck ?? udpHealthCheck }
                            : s,
                    );
                    return Object.fromEntries(
                        Object.entries(service).filter(([, v]) => v !== undefined),
                    );
                }),
            )
    );
}

/** A valid spec of the shared model (docs/model.md). */
export const clusterArgsArb = fc.boolean().chain((ipv6) =>
    fc
        .record(
            {
                clusterName: fc.stringMatching(/^[a-z][a-z0-9-]{0,90}[a-z0-9]$/),
                scheme: fc.constantFrom("public", "internal"),
                ipv6: fc.constant(ipv6),
                apiserver: fc
                    .record(
                        {
                            allowedCidrs: allowedCidrsArb(ipv6),
                            healthCheck: healthCheckArb,
                            ipv6: frontendIpv6Arb,
                        },
                        { requiredKeys: [] },
                    )
                    .map(ownStack),
                ingress: fc.option(
                    fc
                        .record(
                            {
                                enableHttp: fc.boolean(),
                                allowedCidrs: allowedCidrsArb(ipv6),
                                ipv6: frontendIpv6Arb,
                            },
                            { requiredKeys: [] },
                        )
                        .map(ownStack),
                    {
                        nil: undefined,
                    },
                ),
                services: servicesArb(ipv6),
                nodeSourceCidrs: fc.option(
                    fc.uniqueArray(cidrArb("ipv4"), { minLength: 1, maxLength: 2 }),
                    { nil: undefined },
                ),
            },
            { requiredKeys: ["ipv6", "services"] },
        )
        // A restricted apiserver must admit the NAT addresses the nodes reach a public apiserver from.
        .map((args) => {
            const restricted =
                args.apiserver?.allowedCidrs !== undefined &&
                !args.apiserver.allowedCidrs.includes("0.0.0.0/0");
            return restricted && args.nodeSourceCidrs === undefined
                ? { ...args, nodeSourceCidrs: ["192.0.2.0/24"] }
                : args;
        }),
);

/**
 * Many worker services that often share target or health-check ports, so that the security
 * group rule counts land on both sides of AWS's quota.
 */
export const crowdedServicesArb: fc.Arbitrary<
    { name: string; port: number; targetPort: number; healthCheck: { port: number } }[]
> = fc
    .integer({ min: 30, max: 49 })
    .chain((n) =>
        fc.array(fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()), {
            minLength: n,
            maxLength: n,
        }),
    )
    .map((flags) =>
        flags.map(([ownTarget, ownCheck, rarely], i) => ({
            name: `s${i}`,
            port: 20000 + i,
            targetPort: ownTarget || rarely ? 30000 + i : 30000,
            healthCheck: { port: ownCheck || rarely ? 31000 + i : 31000 },
        })),
    );
