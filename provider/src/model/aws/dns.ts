// Route53 alias records: the apiserver's name (`dns`: A, and AAAA when the apiserver is
// dual-stack) to the NLB, the private endpoint's (`internalDns`: A) to the internal NLB.
// Alias records may go in a private hosted zone ("with any routing policy that private hosted
// zones support": https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-route53-recordsetgroup-aliastarget.html;
// an ELB target by its DNS name: https://docs.aws.amazon.com/Route53/latest/APIReference/API_AliasTarget.html).
import { ClusterSpec } from "../cluster";
import { DnsInput, RECORD_TYPE, readDnsArgs, readDnsName, recordFamilies } from "../dns";
import { Raw, Reader } from "../read";
import { AwsDnsPlan } from "./types";

export function readDns(
    r: Reader,
    raw: Raw,
    spec: ClusterSpec,
    key: DnsInput,
): AwsDnsPlan | undefined {
    const dnsArgs = readDnsArgs(r, raw, spec, key);
    if (!dnsArgs) return undefined;
    const zoneId = r.ref(dnsArgs.zoneId, `${key}.zoneId`);
    if (zoneId === undefined)
        r.problems.add(`${key}.zoneId`, "is required", "give the Route53 hosted zone ID");
    const name = readDnsName(r, dnsArgs.name, `${key}.name`);
    return zoneId !== undefined && name !== undefined
        ? {
              key,
              zoneId,
              name,
              recordTypes: recordFamilies(spec, key).map((family) => RECORD_TYPE[family]),
          }
        : undefined;
}
