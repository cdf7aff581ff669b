// Azure DNS records: the apiserver's name (`dns`: A, and AAAA when the apiserver is
// dual-stack) in a public DNS zone for a public load balancer, in a private DNS zone for an
// internal one; the private endpoint's name (`internalDns`: A, the internal load balancer's
// frontend) always in a private DNS zone (private zones resolve inside the virtual networks
// linked to them: https://learn.microsoft.com/azure/dns/private-dns-overview).
import { ClusterSpec } from "../cluster";
import {
    checkInZone,
    DNS_TTL,
    DnsInput,
    RECORD_TYPE,
    readDnsArgs,
    readDnsName,
    recordFamilies,
    recordRole,
} from "../dns";
import { logicalName } from "../naming";
import { Raw, Reader } from "../read";
import { Maybe } from "../unknown";
import { AzureDnsPlan } from "./types";

export function readAzureDns(
    r: Reader,
    raw: Raw,
    spec: ClusterSpec,
    resourceGroupName: Maybe<string>,
    key: DnsInput,
): AzureDnsPlan | undefined {
    const dnsArgs = readDnsArgs(r, raw, spec, key);
    if (!dnsArgs) return undefined;
    const zoneName = r.required(
        r.ref(dnsArgs.zoneName, `${key}.zoneName`),
        dnsArgs.zoneName,
        `${key}.zoneName`,
        "give the DNS zone, such as example.com",
    );
    const name = readDnsName(r, dnsArgs.name, `${key}.name`);
    checkInZone(r, name, zoneName, key, `${key}.zoneName`);
    const zoneGroup =
        r.ref(dnsArgs.resourceGroupName, `${key}.resourceGroupName`) ?? resourceGroupName;
    if (zoneName === undefined || name === undefined) return undefined;
    return {
        key,
        zoneName,
        resourceGroupName: zoneGroup,
        name,
        private: key === "internalDns" || spec.scheme === "internal",
        ttl: DNS_TTL,
        records: recordFamilies(spec, key).map((family) => ({
            type: RECORD_TYPE[family],
            family,
            logicalName: logicalName(
                spec.resourceName,
                recordRole(key),
                RECORD_TYPE[family].toLowerCase(),
            ),
        })),
    };
}
