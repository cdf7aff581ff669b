// IPv4/IPv6 addresses and CIDRs, parsed strictly and printed canonically (RFC 5952 for
// IPv6), so that rules can be compared, de-duplicated and named by their CIDR. Parsing and
// printing are ipaddr.js's; the strictness (no octal-looking IPv4, no zone IDs) is ours.
import * as ipaddr from "ipaddr.js";

export type Family = "ipv4" | "ipv6";

export interface Address {
    family: Family;
    ip: ipaddr.IPv4 | ipaddr.IPv6;
}

export interface Cidr extends Address {
    prefix: number;
}

export function parseAddress(text: string): Address | undefined {
    // Four-part decimal only: "010.0.0.1" or "10.1" mean other addresses to some stacks.
    if (ipaddr.IPv4.isValidFourPartDecimal(text))
        return { family: "ipv4", ip: ipaddr.IPv4.parse(text) };
    // Zone IDs ("fe80::1%eth0") name an interface, which no cloud rule can hold.
    if (!text.includes("%") && ipaddr.IPv6.isValid(text))
        return { family: "ipv6", ip: ipaddr.IPv6.parse(text) };
    return undefined;
}

export function formatAddress(a: Address): string {
    return a.ip.kind() === "ipv6" ? (a.ip as ipaddr.IPv6).toRFC5952String() : a.ip.toString();
}

export type CidrResult = { cidr: Cidr } | { error: string; fix: string };

export function parseCidr(text: string): CidrResult {
    const slash = text.indexOf("/");
    const notCidr = {
        error: `${JSON.stringify(text)} is not a CIDR`,
        fix: "write an IPv4 CIDR such as 10.0.0.0/8 or an IPv6 CIDR such as 2001:db8::/32",
    };
    if (slash < 0) {
        const a = parseAddress(text);
        if (!a) return notCidr;
        return {
            error: `${JSON.stringify(text)} has no prefix length`,
            fix: `write it as a CIDR, ${formatAddress(a)}/${a.family === "ipv4" ? 32 : 128} for the one address`,
        };
    }
    const address = parseAddress(text.slice(0, slash));
    const prefixText = text.slice(slash + 1);
    if (!address || !/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) return notCidr;
    const prefix = Number(prefixText);
    const max = address.family === "ipv4" ? 32 : 128;
    if (prefix > max) {
        return {
            error: `${JSON.stringify(text)} has a prefix longer than ${max}`,
            fix: `use a prefix length from 0 to ${max}`,
        };
    }
    const cidr: Cidr = { ...address, prefix };
    const network = networkOf(cidr);
    if (formatAddress(network) !== formatAddress(cidr)) {
        return {
            error: `${JSON.stringify(text)} has host bits set`,
            fix: `write the network address, ${formatCidr(network)}`,
        };
    }
    return { cidr };
}

function networkOf(c: Cidr): Cidr {
    const text = `${formatAddress(c)}/${c.prefix}`;
    const ip =
        c.family === "ipv4"
            ? ipaddr.IPv4.networkAddressFromCIDR(text)
            : ipaddr.IPv6.networkAddressFromCIDR(text);
    return { ...c, ip };
}

export function formatCidr(c: Cidr): string {
    return `${formatAddress(c)}/${c.prefix}`;
}

export const ANYWHERE: Record<Family, string> = { ipv4: "0.0.0.0/0", ipv6: "::/0" };
