// DNS records for the apiserver's endpoint, shared by the clouds: the record name, its zone,
// and which record types the apiserver's families need.
import { ClusterSpec } from "./cluster";
import { apiserverOf } from "./frontends";
import { Family } from "./net";
import { keyPath, Raw, Reader } from "./read";
import { isKnown, Maybe } from "./unknown";

export type RecordType = "A" | "AAAA";

export const RECORD_TYPE: Record<Family, RecordType> = { ipv4: "A", ipv6: "AAAA" };

/** Hostname labels (RFC 1123; `_` for service-style names), with or without the root dot. */
const DNS_NAME = /^([a-z0-9_]([-a-z0-9_]*[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]*[a-z0-9])?\.?$/i;

/**
 * Record TTL: Typhoon's 300 s on Azure DNS and Cloud DNS, short enough that a recreated
 * address is picked up within minutes (AWS alias records take the target's TTL instead:
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html).
 */
export const DNS_TTL = 300;

/** The record's FQDN, checked when known. */
export function readDnsName(r: Reader, raw: Raw, path: string): Maybe<string> | undefined {
    const name = r.ref(raw, path);
    if (name === undefined)
        r.problems.add(path, "is required", "give the record name, such as k8s.example.com");
    else if (isKnown(name) && !DNS_NAME.test(name))
        r.problems.add(
            path,
            `${JSON.stringify(name)} is not a DNS name`,
            "use a name such as k8s.example.com",
        );
    return name;
}

/** `dns` names the apiserver; `internalDns` its private endpoint (`apiserver.internal`). */
export type DnsInput = "dns" | "internalDns";

/**
 * The record's inputs under `key`, or undefined. `internalDns` is refused without the private
 * endpoint it names (an internal cluster's own endpoint takes `dns`).
 */
export function readDnsArgs(
    r: Reader,
    raw: Raw,
    spec: ClusterSpec,
    key: DnsInput,
): Record<string, Raw> | undefined {
    const args = r.object(raw, key);
    if (args && key === "internalDns" && !spec.internalEndpoint) {
        r.problems.add(
            key,
            "names the private endpoint, and this cluster has no apiserver.internal",
            spec.scheme === "internal"
                ? "use dns: with scheme internal the apiserver's own endpoint is the private one"
                : "add apiserver.internal, or remove internalDns",
        );
        return undefined;
    }
    return args;
}

/** The records' logical-name role: `dns-a`, `internal-dns-a`. */
export const recordRole = (key: DnsInput) => (key === "dns" ? "dns" : "internal-dns");

/**
 * The families a record holds: the apiserver's (AAAA only when it is dual-stack), IPv4 alone
 * for the private endpoint, which is IPv4 only (docs/endpoints.md).
 */
export function recordFamilies(spec: ClusterSpec, key: DnsInput): Family[] {
    return key === "internalDns" ? ["ipv4"] : apiserverOf(spec).families;
}

const bare = (name: string) => name.toLowerCase().replace(/\.$/, "");

/**
 * The name relative to its zone, as Azure DNS takes it (`@` for the apex:
 * https://learn.microsoft.com/azure/dns/dns-zones-records#record-names), or undefined
 * when the name lies outside the zone.
 */
export function relativeRecordName(fqdn: string, zone: string): string | undefined {
    const [name, apex] = [bare(fqdn), bare(zone)];
    if (name === apex) return "@";
    return name.endsWith(`.${apex}`) ? name.slice(0, -apex.length - 1) : undefined;
}

/** An absolute name, as Cloud DNS takes it ("www.example.com."). */
export const absoluteName = (fqdn: string) => `${bare(fqdn)}.`;

/** Reports a known name outside its known zone, which the cloud would refuse. */
export function checkInZone(
    r: Reader,
    name: Maybe<string> | undefined,
    zone: Maybe<string> | undefined,
    path: string,
    zonePath: string,
): void {
    if (name === undefined || zone === undefined || !isKnown(name) || !isKnown(zone)) return;
    if (relativeRecordName(name, zone) === undefined) {
        r.problems.add(
            keyPath(path, "name"),
            `${JSON.stringify(name)} is not inside the zone ${JSON.stringify(zone)} (${zonePath})`,
            `use a name that ends in .${bare(zone)}`,
        );
    }
}

/** A record's zone and name as given, for comparing `dns` with `internalDns`. */
interface RecordAt {
    zone: Maybe<string> | undefined;
    name: Maybe<string>;
}

/**
 * Reports `internalDns` naming `dns`'s record in the same zone: a zone holds one record set
 * per name and type, so the second would fail at deploy time (a public and a private zone of
 * one domain are different zones, and may share a name).
 */
export function checkOwnRecord(
    r: Reader,
    dns: RecordAt | undefined,
    internal: RecordAt | undefined,
    zoneField: string,
): void {
    const known = (x: RecordAt | undefined): x is { zone: string; name: string } =>
        x !== undefined && isKnown(x.zone) && isKnown(x.name);
    if (!known(dns) || !known(internal)) return;
    if (dns.zone === internal.zone && bare(dns.name) === bare(internal.name)) {
        r.problems.add(
            "internalDns.name",
            `names the same record as dns.name (${JSON.stringify(dns.name)}) in the same zone (${zoneField})`,
            `give the private endpoint a name of its own, or a private zone in internalDns.${zoneField}`,
        );
    }
}
