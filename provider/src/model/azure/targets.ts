// Azure backend pool members: the nodes' private addresses, each in the pool of its family.
import { BackendRole } from "../../generated/enums";
import { Family, formatAddress, parseAddress } from "../net";
import { AZURE_NAME, cidrSlug, cloudName } from "../naming";
import { Problem } from "../problems";
import { indexPath, Raw, Reader } from "../read";
import { isKnown, Maybe } from "../unknown";
import { AzurePoolMember } from "./types";

/** Validates a pool member; also called once a deploy-time address becomes known. */
export function azureTargetAddressProblem(
    address: string,
    path: string,
    ipv6: boolean,
): Problem | undefined {
    const parsed = parseAddress(address);
    if (!parsed) {
        return {
            path,
            message: `${JSON.stringify(address)} is not an IP address`,
            fix: "give the node's private IPv4 or IPv6 address, without a prefix length",
        };
    }
    if (parsed.family === "ipv6" && !ipv6) {
        return {
            path,
            message: `${formatAddress(parsed)} is an IPv6 address but ipv6 is false`,
            fix: "set ipv6: true, or remove the address",
        };
    }
    return undefined;
}

/** The members of one family's pool, named by their address so that each keeps its entry. */
export function azurePoolMembers(addresses: string[], family: Family): AzurePoolMember[] {
    return addresses.flatMap((text) => {
        const address = parseAddress(text);
        if (address?.family !== family) return [];
        const ipAddress = formatAddress(address);
        return [{ name: cloudName(AZURE_NAME, cidrSlug(ipAddress)), ipAddress }];
    });
}

export const given = (list: Maybe<Maybe<string>[]>) => !isKnown(list) || list.length > 0;

export function readTargets(
    r: Reader,
    raw: Raw,
    role: BackendRole,
    ipv6: boolean,
): Maybe<Maybe<string>[]> {
    const path = `${role}.ipAddresses`;
    const list = r.refs((r.object(raw, role) ?? {}).ipAddresses, path) ?? [];
    if (!isKnown(list)) return list;
    const seen = new Map<string, string>();
    list.forEach((a, i) => {
        if (!isKnown(a)) return;
        const itemPath = indexPath(path, i);
        const problem = azureTargetAddressProblem(a, itemPath, ipv6);
        if (problem) return r.problems.add(problem.path, problem.message, problem.fix);
        const canonical = formatAddress(parseAddress(a)!);
        const first = seen.get(canonical);
        if (first)
            r.problems.add(itemPath, `${canonical} is also ${first}`, "remove the duplicate");
        seen.set(canonical, itemPath);
    });
    return list;
}
