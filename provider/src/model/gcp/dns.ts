// Cloud DNS records for the apiserver's name: A (and AAAA when the apiserver is dual-stack)
// in a managed zone, public or private (a private zone's visibility is set on the zone:
// https://cloud.google.com/dns/docs/zones/zones-overview), pointing at the apiserver's address.
import { GcpMode } from "../../generated/enums";
import { ClusterSpec } from "../cluster";
import { apiserverOf } from "../frontends";
import { DNS_TTL, RECORD_TYPE, readDnsName } from "../dns";
import { logicalName } from "../naming";
import { Raw, Reader } from "../read";
import { Maybe } from "../unknown";
import { addressKey } from "./loadBalancer";
import { GcpPlan } from "./types";

export function readGcpDns(
    r: Reader,
    raw: Raw,
    spec: ClusterSpec,
    mode: GcpMode,
    project: Maybe<string> | undefined,
): GcpPlan["dns"] {
    const dnsArgs = r.object(raw, "dns");
    if (!dnsArgs) return undefined;
    const managedZone = r.required(
        r.ref(dnsArgs.managedZone, "dns.managedZone"),
        dnsArgs.managedZone,
        "dns.managedZone",
        "give the Cloud DNS managed zone's name",
    );
    const name = readDnsName(r, dnsArgs.name, "dns.name");
    const zoneProject = r.ref(dnsArgs.project, "dns.project") ?? project;
    if (managedZone === undefined || name === undefined) return undefined;
    return {
        managedZone,
        project: zoneProject,
        name,
        ttl: DNS_TTL,
        records: apiserverOf(spec).families.map((family) => ({
            type: RECORD_TYPE[family],
            family,
            logicalName: logicalName(spec.resourceName, "dns", RECORD_TYPE[family].toLowerCase()),
            // The apiserver's address: the controllers' one (passthrough), the shared one (proxy).
            address: mode === "proxy" ? family : addressKey("controllers", family),
        })),
    };
}
