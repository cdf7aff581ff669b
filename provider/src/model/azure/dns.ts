// Azure DNS records for the apiserver's name: A (and AAAA when the apiserver is dual-stack) in
// a public DNS zone for a public load balancer, in a private DNS zone for an internal one
// (private zones resolve inside the virtual networks linked to them:
// https://learn.microsoft.com/azure/dns/private-dns-overview).
import { ClusterSpec } from "../cluster";
import { apiserverOf } from "../frontends";
import { checkInZone, DNS_TTL, RECORD_TYPE, readDnsName } from "../dns";
import { logicalName } from "../naming";
import { Raw, Reader } from "../read";
import { Maybe } from "../unknown";
import { AzurePlan } from "./types";

export function readAzureDns(
    r: Reader,
    raw: Raw,
    spec: ClusterSpec,
    resourceGroupName: Maybe<string>,
): AzurePlan["dns"] {
    const dnsArgs = r.object(raw, "dns");
    if (!dnsArgs) return undefined;
    const zoneName = r.required(
        r.ref(dnsArgs.zoneName, "dns.zoneName"),
        dnsArgs.zoneName,
        "dns.zoneName",
        "give the DNS zone, such as example.com",
    );
    const name = readDnsName(r, dnsArgs.name, "dns.name");
    checkInZone(r, name, zoneName, "dns", "dns.zoneName");
    const zoneGroup =
        r.ref(dnsArgs.resourceGroupName, "dns.resourceGroupName") ?? resourceGroupName;
    if (zoneName === undefined || name === undefined) return undefined;
    const internal = spec.scheme === "internal";
    return {
        zoneName,
        resourceGroupName: zoneGroup,
        name,
        private: internal,
        ttl: DNS_TTL,
        records: apiserverOf(spec).families.map((family) => ({
            type: RECORD_TYPE[family],
            family,
            logicalName: logicalName(spec.resourceName, "dns", RECORD_TYPE[family].toLowerCase()),
        })),
    };
}
