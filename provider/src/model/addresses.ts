// Frontend addresses the user pins (private) or keeps (public), so that a recreated load
// balancer answers on the same address: checked for their family and for the scheme.
import { Family, formatAddress, parseAddress } from "./net";
import { Raw, Reader } from "./read";
import { isKnown, Maybe } from "./unknown";

/** A pinned private address of one family, canonical when known; internal frontends only. */
export function readPrivateAddress(
    r: Reader,
    raw: Raw,
    path: string,
    family: Family,
    internal: boolean,
): Maybe<string> | undefined {
    const value = r.ref(raw, path);
    if (value === undefined) return undefined;
    if (!internal) {
        r.problems.add(
            path,
            "pins a private frontend address, and public frontends have none",
            'remove it, or set scheme "internal"',
        );
        return undefined;
    }
    return checkFamily(r, value, path, family);
}

/** An external IPv4 address the user keeps; public frontends only. */
export function readPublicAddress(
    r: Reader,
    raw: Raw,
    path: string,
    internal: boolean,
): Maybe<string> | undefined {
    const value = r.ref(raw, path);
    if (value === undefined) return undefined;
    if (internal) {
        r.problems.add(
            path,
            "is a public address, and internal frontends take private ones",
            'remove it, or set scheme "public"',
        );
        return undefined;
    }
    return checkFamily(r, value, path, "ipv4");
}

function checkFamily(
    r: Reader,
    value: Maybe<string>,
    path: string,
    family: Family,
): Maybe<string> | undefined {
    if (!isKnown(value)) return value;
    const address = parseAddress(value);
    const v = family === "ipv4" ? "IPv4" : "IPv6";
    if (address?.family !== family) {
        r.problems.add(
            path,
            `${JSON.stringify(value)} is not an ${v} address`,
            `give an ${v} address`,
        );
        return undefined;
    }
    return formatAddress(address);
}
