// Google Cloud routes: one per entry, named by its name, with exactly one next hop. Pure.
import { formatCidr, parseAddress, parseCidr } from "../net";
import { GCP_NAME, isValidCloudName } from "../naming";
import { indexPath, Raw, Reader } from "../read";
import { isKnown } from "../unknown";
import { EXAMPLE_INSTANCE, instanceZone, readNetworkTags } from "./targets";
import { GCP_NEXT_HOPS, GcpNextHop, GcpRoutePlan } from "./types";

const NEXT_HOP_CHECKS: Partial<
    Record<GcpNextHop, { valid: (v: string) => boolean; what: string; example: string }>
> = {
    nextHopIp: {
        valid: (v) => parseAddress(v) !== undefined,
        what: "an IP address",
        example: "10.0.0.5",
    },
    nextHopInstance: {
        valid: (v) => instanceZone(v) !== undefined,
        what: "an instance self link",
        example: EXAMPLE_INSTANCE,
    },
    nextHopGateway: {
        valid: (v) => /(^|\/)default-internet-gateway$/.test(v),
        what: "the internet gateway",
        example: "default-internet-gateway",
    },
};

type RouteInput = Omit<GcpRoutePlan, "logicalName" | "name">;

export function readRoutes(r: Reader, raw: Raw): RouteInput[] {
    const list = r.list(raw, "routes") ?? [];
    const seen = new Map<string, string>();
    const routes: RouteInput[] = [];
    list.forEach((item, i) => {
        const path = indexPath("routes", i);
        const route = r.object(item, path) ?? {};
        const name = r.required(
            r.string(route.name, `${path}.name`),
            route.name,
            `${path}.name`,
            "give the route a name",
        );
        if (name !== undefined && !isValidCloudName(GCP_NAME, name)) {
            r.problems.add(
                `${path}.name`,
                `${JSON.stringify(name)} is not a lowercase DNS label`,
                "use lowercase letters, digits and hyphens, starting with a letter, at most 63 characters",
            );
        } else if (name !== undefined && seen.has(name)) {
            r.problems.add(
                `${path}.name`,
                `${JSON.stringify(name)} is also the name of ${seen.get(name)}`,
                "give every route its own name",
            );
        } else if (name !== undefined) {
            seen.set(name, path);
        }
        const rangeText = r.required(
            r.string(route.destRange, `${path}.destRange`),
            route.destRange,
            `${path}.destRange`,
            "give the destination CIDR",
        );
        const parsed = rangeText === undefined ? undefined : parseCidr(rangeText);
        if (parsed && "error" in parsed)
            r.problems.add(`${path}.destRange`, parsed.error, parsed.fix);
        const hops = GCP_NEXT_HOPS.flatMap((hop) => {
            const value = r.ref(route[hop], `${path}.${hop}`);
            return value === undefined ? [] : [{ hop, value }];
        });
        if (hops.length !== 1) {
            r.problems.add(
                path,
                hops.length === 0
                    ? "has no next hop"
                    : `has ${hops.length} next hops (${hops.map((h) => h.hop).join(", ")})`,
                `set exactly one of ${GCP_NEXT_HOPS.join(", ")}`,
            );
        }
        for (const { hop, value } of hops) {
            const check = NEXT_HOP_CHECKS[hop];
            if (check && isKnown(value) && !check.valid(value)) {
                r.problems.add(
                    `${path}.${hop}`,
                    `${JSON.stringify(value)} is not ${check.what}`,
                    `use ${check.what}, such as ${check.example}`,
                );
            }
        }
        const priority =
            r.int(route.priority, `${path}.priority`, {
                min: 0,
                max: 65535,
                what: "a route priority (0-65535)",
            }) ?? 1000;
        const tags = readNetworkTags(r, route.tags, `${path}.tags`);
        if (name === undefined || !parsed || "error" in parsed || hops.length !== 1) return;
        routes.push({
            key: name,
            destRange: formatCidr(parsed.cidr),
            nextHop: hops[0].hop,
            nextHopValue: hops[0].value,
            priority,
            tags,
        });
    });
    return routes;
}
