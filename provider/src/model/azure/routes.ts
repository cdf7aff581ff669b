// User-defined routes of an Azure cluster: validated here, named by the user's route name
// (unique within the table), so adding or removing one route leaves the others alone.
import { Family, formatCidr, parseAddress, parseCidr } from "../net";
import { logicalName } from "../naming";
import { indexPath, keyPath, Raw, Reader } from "../read";
import { isKnown, Maybe } from "../unknown";
import { AZURE_NEXT_HOP_TYPES, AzureNextHopType, AzureRoutePlan } from "./types";

// Azure route names: 1-80 letters, digits, underscores, periods and hyphens, starting with a
// letter or digit and ending with a letter, digit or underscore.
const ROUTE_NAME = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;

// Service tags such as `Storage` or `AzureCloud.westeurope`.
const SERVICE_TAG = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)?$/;

function readName(
    r: Reader,
    route: Record<string, Raw>,
    path: string,
    seen: Map<string, string>,
): string | undefined {
    const namePath = keyPath(path, "name");
    const name = r.required(
        r.string(route.name, namePath),
        route.name,
        namePath,
        "give the route a name",
    );
    if (name === undefined) return undefined;
    if (!ROUTE_NAME.test(name)) {
        r.problems.add(
            namePath,
            `${JSON.stringify(name)} is not an Azure route name`,
            "use 1 to 80 letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore",
        );
        return undefined;
    }
    // Azure names are case-insensitive.
    const first = seen.get(name.toLowerCase());
    if (first) {
        r.problems.add(
            namePath,
            `${JSON.stringify(name)} is also the name of ${first}`,
            "give every route its own name",
        );
        return undefined;
    }
    seen.set(name.toLowerCase(), path);
    return name;
}

function readPrefix(
    r: Reader,
    route: Record<string, Raw>,
    path: string,
    seen: Map<string, string>,
): { text: string; family?: Family } | undefined {
    const prefixPath = keyPath(path, "addressPrefix");
    const text = r.required(
        r.string(route.addressPrefix, prefixPath),
        route.addressPrefix,
        prefixPath,
        "give the destination CIDR or service tag",
    );
    if (text === undefined) return undefined;
    const parsed = parseCidr(text);
    if (!("cidr" in parsed) && !SERVICE_TAG.test(text)) {
        r.problems.add(
            prefixPath,
            parsed.error,
            `${parsed.fix}, or give a service tag such as Storage`,
        );
        return undefined;
    }
    const prefix =
        "cidr" in parsed ? { text: formatCidr(parsed.cidr), family: parsed.cidr.family } : { text };
    const first = seen.get(prefix.text);
    if (first) {
        r.problems.add(
            prefixPath,
            `${prefix.text} is also the destination of ${first}`,
            "give every route its own destination",
        );
        return undefined;
    }
    seen.set(prefix.text, path);
    return prefix;
}

function checkNextHop(
    r: Reader,
    path: string,
    type: AzureNextHopType,
    hop: Maybe<string> | undefined,
    family: Family | undefined,
): boolean {
    const hopPath = keyPath(path, "nextHopIpAddress");
    if (type === "VirtualAppliance" && hop === undefined) {
        r.problems.add(
            hopPath,
            "is required with nextHopType VirtualAppliance",
            "give the private IP address of the appliance",
        );
        return false;
    }
    if (type !== "VirtualAppliance" && hop !== undefined) {
        r.problems.add(
            hopPath,
            `is only used with nextHopType VirtualAppliance, not ${type}`,
            'remove nextHopIpAddress, or set nextHopType "VirtualAppliance"',
        );
        return false;
    }
    if (hop === undefined || !isKnown(hop)) return true;
    const address = parseAddress(hop);
    if (!address) {
        r.problems.add(
            hopPath,
            `${JSON.stringify(hop)} is not an IP address`,
            "give the private IP address of the appliance",
        );
        return false;
    }
    if (family !== undefined && address.family !== family) {
        const name = (f: Family) => (f === "ipv4" ? "IPv4" : "IPv6");
        r.problems.add(
            hopPath,
            `${hop} is an ${name(address.family)} address for an ${name(family)} destination`,
            "use an appliance address of the destination's family",
        );
        return false;
    }
    return true;
}

export function readAzureRoutes(r: Reader, raw: Raw, resourceName: string): AzureRoutePlan[] {
    const names = new Map<string, string>();
    const prefixes = new Map<string, string>();
    const routes: AzureRoutePlan[] = [];
    (r.list(raw, "routes") ?? []).forEach((item, i) => {
        const path = indexPath("routes", i);
        const route = r.object(item, path) ?? {};
        const name = readName(r, route, path, names);
        const prefix = readPrefix(r, route, path, prefixes);
        const typePath = keyPath(path, "nextHopType");
        const type = r.required(
            r.oneOf(route.nextHopType, typePath, AZURE_NEXT_HOP_TYPES),
            route.nextHopType,
            typePath,
            "give the next hop type",
        );
        const hop = r.ref(route.nextHopIpAddress, keyPath(path, "nextHopIpAddress"));
        if (type === undefined || !checkNextHop(r, path, type, hop, prefix?.family)) return;
        if (name === undefined || prefix === undefined) return;
        routes.push({
            logicalName: logicalName(resourceName, "route", name),
            name,
            addressPrefix: prefix.text,
            nextHopType: type,
            nextHopIpAddress: hop,
        });
    });
    return routes;
}
