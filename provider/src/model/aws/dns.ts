// Route53 alias records for the apiserver's name: A, and AAAA when the apiserver is dual-stack.
import { ClusterSpec } from "../cluster";
import { apiserverRecordTypes, readDnsName } from "../dns";
import { Raw, Reader } from "../read";
import { AwsPlan } from "./types";

export function readDns(r: Reader, raw: Raw, spec: ClusterSpec): AwsPlan["dns"] {
    const dnsArgs = r.object(raw, "dns");
    if (!dnsArgs) return undefined;
    const zoneId = r.ref(dnsArgs.zoneId, "dns.zoneId");
    if (zoneId === undefined)
        r.problems.add("dns.zoneId", "is required", "give the Route53 hosted zone ID");
    const name = readDnsName(r, dnsArgs.name, "dns.name");
    return zoneId !== undefined && name !== undefined
        ? { zoneId, name, recordTypes: apiserverRecordTypes(spec) }
        : undefined;
}
