// Private frontend addresses the user pins, so that a recreated internal load balancer answers
// on the same address: checked for their family and for the scheme that can hold them.
import { Family, formatAddress, parseAddress } from "./net";
import { Raw, Reader } from "./read";
import { isKnown, Maybe } from "./unknown";

/** A pinned private address of one family, canonical when known; internal frontends only. */
export function readPrivateAddress(r: Reader, raw: Raw, path: string, family: Family, internal: boolean): Maybe<string> | undefined {
    const value = r.ref(raw, path);
    if (value === undefined) return undefined;
    if (!internal) {
        r.problems.add(path, "pins a private frontend address, and public frontends have none", 'remove it, or set scheme "internal"');
        return undefined;
    }
    if (!isKnown(value)) return value;
    const address = parseAddress(value);
    const v = family === "ipv4" ? "IPv4" : "IPv6";
    if (address?.family !== family) {
        r.problems.add(path, `${JSON.stringify(value)} is not an ${v} address`, `give the ${v} address in the frontend's subnet to pin`);
        return undefined;
    }
    return formatAddress(address);
}
