// Cloud DNS records: the apiserver's name (`dns`: A, and AAAA when the apiserver is
// dual-stack) holding its address, the private endpoint's (`internalDns`: A) holding the
// internal forwarding rule's address; in a managed zone, public or private (a private zone's
// visibility is set on the zone: https://cloud.google.com/dns/docs/zones/zones-overview).
import { GcpMode } from "../../generated/enums";
import { ClusterSpec } from "../cluster";
import {
    DNS_TTL,
    DnsInput,
    RECORD_TYPE,
    readDnsArgs,
    readDnsName,
    recordFamilies,
    recordRole,
} from "../dns";
import { logicalName } from "../naming";
import { Family } from "../net";
import { Raw, Reader } from "../read";
import { Maybe } from "../unknown";
import { addressKey, INTERNAL_ENDPOINT_ADDRESS } from "./loadBalancer";
import { GcpDnsPlan } from "./types";

export function readGcpDns(
    r: Reader,
    raw: Raw,
    spec: ClusterSpec,
    mode: GcpMode,
    project: Maybe<string> | undefined,
    key: DnsInput,
): GcpDnsPlan | undefined {
    const dnsArgs = readDnsArgs(r, raw, spec, key);
    if (!dnsArgs) return undefined;
    const managedZone = r.required(
        r.ref(dnsArgs.managedZone, `${key}.managedZone`),
        dnsArgs.managedZone,
        `${key}.managedZone`,
        "give the Cloud DNS managed zone's name",
    );
    const name = readDnsName(r, dnsArgs.name, `${key}.name`);
    const zoneProject = r.ref(dnsArgs.project, `${key}.project`) ?? project;
    if (managedZone === undefined || name === undefined) return undefined;
    // The address a record holds: the private endpoint's own, else the apiserver's, the
    // controllers' one (passthrough) or the shared one (proxy).
    const addressOf = (family: Family) =>
        key === "internalDns"
            ? INTERNAL_ENDPOINT_ADDRESS
            : mode === "proxy"
              ? family
              : addressKey("controllers", family);
    return {
        managedZone,
        project: zoneProject,
        name,
        ttl: DNS_TTL,
        records: recordFamilies(spec, key).map((family) => ({
            type: RECORD_TYPE[family],
            family,
            logicalName: logicalName(
                spec.resourceName,
                recordRole(key),
                RECORD_TYPE[family].toLowerCase(),
            ),
            address: addressOf(family),
        })),
    };
}
