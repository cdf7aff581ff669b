// Custom VPC routes: one per destination, with exactly one target, in every given route table.
import { formatCidr, parseCidr } from "../net";
import { indexPath, Raw, Reader } from "../read";
import { isKnown, Maybe } from "../unknown";
import { AWS_ROUTE_TARGETS, AwsRoutePlan } from "./types";

export function readRoutes(
    r: Reader,
    raw: Raw,
    routeTableIds: Maybe<Maybe<string>[]> | undefined,
): AwsRoutePlan[] {
    const list = r.list(raw, "routes") ?? [];
    if (
        list.length > 0 &&
        (routeTableIds === undefined || (isKnown(routeTableIds) && routeTableIds.length === 0))
    ) {
        r.problems.add(
            "routeTableIds",
            "is empty, so the routes have no table to land in",
            "list the route tables that should carry the routes",
        );
    }
    const seen = new Map<string, string>();
    const routes: AwsRoutePlan[] = [];
    list.forEach((item, i) => {
        const path = indexPath("routes", i);
        const route = r.object(item, path) ?? {};
        const cidrText = r.required(
            r.string(route.destinationCidr, `${path}.destinationCidr`),
            route.destinationCidr,
            `${path}.destinationCidr`,
            "give the destination CIDR",
        );
        const targets = AWS_ROUTE_TARGETS.flatMap((t) => {
            const id = r.ref(route[t], `${path}.${t}`);
            return id === undefined ? [] : [{ target: t, id }];
        });
        if (targets.length !== 1) {
            r.problems.add(
                path,
                targets.length === 0
                    ? "has no target"
                    : `has ${targets.length} targets (${targets.map((t) => t.target).join(", ")})`,
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
            r.problems.add(
                `${path}.destinationCidr`,
                `${cidr} is also the destination of ${seen.get(cidr)}`,
                "give every route its own destination",
            );
            return;
        }
        seen.set(cidr, path);
        if (targets.length !== 1) return;
        const { target, id } = targets[0];
        if (target === "egressOnlyGatewayId" && parsed.cidr.family !== "ipv6") {
            r.problems.add(
                `${path}.egressOnlyGatewayId`,
                "an egress-only gateway carries IPv6 only",
                "use an IPv6 destination, or a gatewayId or natGatewayId",
            );
            return;
        }
        routes.push({ destinationCidr: cidr, family: parsed.cidr.family, target, targetId: id });
    });
    return routes;
}
