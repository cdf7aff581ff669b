// IPv4/IPv6 addresses and CIDRs, parsed strictly and printed canonically (RFC 5952 for
// IPv6), so that rules can be compared, de-duplicated and named by their CIDR.
export type Family = "ipv4" | "ipv6";

export interface Address {
    family: Family;
    /** 4 or 16 bytes. */
    bytes: number[];
}

export interface Cidr extends Address {
    prefix: number;
}

function parseIpv4(text: string): number[] | undefined {
    const parts = text.split(".");
    if (parts.length !== 4) return undefined;
    const bytes: number[] = [];
    for (const p of parts) {
        // Leading zeros are refused: some stacks read them as octal.
        if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
        const n = Number(p);
        if (n > 255) return undefined;
        bytes.push(n);
    }
    return bytes;
}

function parseIpv6(text: string): number[] | undefined {
    if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
    const halves = text.split("::");
    if (halves.length > 2) return undefined;
    const groups = (s: string): number[] | undefined => {
        if (s === "") return [];
        const out: number[] = [];
        const parts = s.split(":");
        for (let i = 0; i < parts.length; i++) {
            const p = parts[i];
            if (i === parts.length - 1 && p.includes(".")) {
                const v4 = parseIpv4(p);
                if (!v4) return undefined;
                out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
            } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) {
                out.push(parseInt(p, 16));
            } else {
                return undefined;
            }
        }
        return out;
    };
    const head = groups(halves[0]);
    const tail = halves.length === 2 ? groups(halves[1]) : [];
    if (!head || !tail) return undefined;
    let words: number[];
    if (halves.length === 2) {
        const missing = 8 - head.length - tail.length;
        if (missing < 1) return undefined;
        words = [...head, ...new Array(missing).fill(0), ...tail];
    } else {
        words = head;
    }
    if (words.length !== 8) return undefined;
    return words.flatMap((w) => [w >> 8, w & 0xff]);
}

export function parseAddress(text: string): Address | undefined {
    const v4 = parseIpv4(text);
    if (v4) return { family: "ipv4", bytes: v4 };
    const v6 = parseIpv6(text);
    if (v6) return { family: "ipv6", bytes: v6 };
    return undefined;
}

export function formatAddress(a: Address): string {
    if (a.family === "ipv4") return a.bytes.join(".");
    const words: number[] = [];
    for (let i = 0; i < 16; i += 2) words.push((a.bytes[i] << 8) | a.bytes[i + 1]);
    // RFC 5952: compress the longest run (the first, on ties) of two or more zero words.
    let best = -1;
    let bestLen = 1;
    for (let i = 0; i < 8; ) {
        if (words[i] !== 0) {
            i++;
            continue;
        }
        let j = i;
        while (j < 8 && words[j] === 0) j++;
        if (j - i > bestLen) {
            best = i;
            bestLen = j - i;
        }
        i = j;
    }
    const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(":");
    if (best < 0) return hex(words);
    return `${hex(words.slice(0, best))}::${hex(words.slice(best + bestLen))}`;
}

export type CidrResult = { cidr: Cidr } | { error: string; fix: string };

export function parseCidr(text: string): CidrResult {
    const slash = text.indexOf("/");
    const notCidr = { error: `${JSON.stringify(text)} is not a CIDR`, fix: "write an IPv4 CIDR such as 10.0.0.0/8 or an IPv6 CIDR such as 2001:db8::/32" };
    if (slash < 0) {
        const a = parseAddress(text);
        if (!a) return notCidr;
        return { error: `${JSON.stringify(text)} has no prefix length`, fix: `write it as a CIDR, ${formatAddress(a)}/${a.family === "ipv4" ? 32 : 128} for the one address` };
    }
    const address = parseAddress(text.slice(0, slash));
    const prefixText = text.slice(slash + 1);
    if (!address || !/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) return notCidr;
    const prefix = Number(prefixText);
    const max = address.family === "ipv4" ? 32 : 128;
    if (prefix > max) {
        return { error: `${JSON.stringify(text)} has a prefix longer than ${max}`, fix: `use a prefix length from 0 to ${max}` };
    }
    const cidr: Cidr = { ...address, prefix };
    const network = networkOf(cidr);
    if (network.bytes.some((b, i) => b !== cidr.bytes[i])) {
        return {
            error: `${JSON.stringify(text)} has host bits set`,
            fix: `write the network address, ${formatCidr(network)}`,
        };
    }
    return { cidr };
}

function networkOf(c: Cidr): Cidr {
    const bytes = c.bytes.map((b, i) => {
        const bits = Math.max(0, Math.min(8, c.prefix - i * 8));
        return b & ((0xff << (8 - bits)) & 0xff);
    });
    return { ...c, bytes };
}

export function formatCidr(c: Cidr): string {
    return `${formatAddress(c)}/${c.prefix}`;
}

/** `0.0.0.0/0` and `::/0`: the whole address family. */
export function isAnywhere(c: Cidr): boolean {
    return c.prefix === 0;
}

export const ANYWHERE: Record<Family, string> = { ipv4: "0.0.0.0/0", ipv6: "::/0" };
