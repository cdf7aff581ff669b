// Azure rules from the Load Balancer and NSG documentation that the azure-mgmt-network
// models do not carry (their `_validation` has no ranges for these fields, and no relations).
import { isIP } from "net";
import { Registered } from "../../support/harness";
import { Inputs, maybe, obj, objs } from "../../support/inputs";
import { finding, groupBy, ofType, Rule } from "./rule";

const LB = "azure-native:network:LoadBalancer";
const NSG_RULE = "azure-native:network:SecurityRule";
const DNS_RECORD = "azure-native:dns:RecordSet";
const PRIVATE_DNS_RECORD = "azure-native:privatedns:PrivateRecordSet";

/** The last path segment of a sub-resource reference. */
const refName = (ref: { id?: unknown } | undefined) =>
    typeof ref?.id === "string" ? ref.id.split("/").pop() : "(unknown until applied)";

/** Outbound rule protocols that overlap: "All" overlaps both. */
const overlaps = (a: unknown, b: unknown) => a === "All" || b === "All" || a === b;

export const AZURE_RULES: Rule[] = [
    {
        id: "azure/one-outbound-rule-per-frontend-and-protocol",
        // Azure refuses a second outbound rule on a frontend IP configuration with the same or an
        // overlapping protocol: MoreThanOneOutboundRuleUsingSameFrontendIPConfigurationAndProtocolIsNotSupported
        // (https://github.com/Azure/AzLoadBalancerMigration/issues/10, and #50 on the one-pool-per-frontend
        // consequence).
        source: "https://github.com/Azure/AzLoadBalancerMigration/issues/10",
        check: (resources) =>
            ofType(resources, LB).flatMap((lb) => {
                const rules = maybe(objs, lb.inputs, "outboundRules") ?? [];
                // A reference still unknown in a preview names no frontend yet: it is judged once known.
                const uses = rules.flatMap((rule) =>
                    (maybe(objs, rule, "frontendIPConfigurations") ?? [])
                        .filter((f) => typeof f.id === "string")
                        .map((f) => ({ rule, frontend: refName(f) })),
                );
                return [...groupBy(uses, (u) => u.frontend!)].flatMap(([frontend, list]) =>
                    list.flatMap((u, i) =>
                        list
                            .slice(0, i)
                            .some((earlier) => overlaps(earlier.rule.protocol, u.rule.protocol))
                            ? [
                                  finding(
                                      lb,
                                      `outbound rules ${list.map((x) => x.rule.name).join(", ")} share frontend ${frontend} with overlapping protocols; ${u.rule.name} is refused`,
                                  ),
                              ]
                            : [],
                    ),
                );
            }),
    },
    {
        id: "azure/nsg-rule-priority",
        // "Priority: A number between 100 and 4096 ... Rules with the same priority and direction
        // can't be created" (per NSG).
        source: "https://learn.microsoft.com/en-us/azure/virtual-network/network-security-groups-overview#security-rules",
        check: (resources) => {
            const rules = ofType(resources, NSG_RULE);
            const range = rules
                .filter(
                    (r) => !(Number(r.inputs.priority) >= 100 && Number(r.inputs.priority) <= 4096),
                )
                .map((r) => finding(r, `priority ${r.inputs.priority} is outside 100-4096`));
            const key = (r: Registered) =>
                `${r.inputs.resourceGroupName}/${r.inputs.networkSecurityGroupName} ${r.inputs.direction} ${r.inputs.priority}`;
            // An NSG still unknown in a preview names no NSG yet: its rules are judged once known.
            const named = rules.filter(
                (r) =>
                    typeof r.inputs.resourceGroupName === "string" &&
                    typeof r.inputs.networkSecurityGroupName === "string",
            );
            const clashes = [...groupBy(named, key)].flatMap(([k, list]) =>
                list.length > 1
                    ? [
                          finding(
                              list[1],
                              `rules ${list.map((r) => r.inputs.securityRuleName).join(", ")} share ${k}`,
                          ),
                      ]
                    : [],
            );
            return [...range, ...clashes];
        },
    },
    {
        id: "azure/load-balancing-rule-uniqueness",
        // A frontend IP configuration takes one rule per protocol and frontend port, and without
        // floating IP a backend pool takes one rule per protocol and backend port ("rules ... use the
        // same protocol Tcp and backend port 80, and must not be used with the same backend address
        // pool": https://github.com/MicrosoftDocs/azure-docs/issues/70892).
        source: "https://learn.microsoft.com/en-us/azure/load-balancer/load-balancer-multivip-overview",
        check: (resources) =>
            ofType(resources, LB).flatMap((lb) => {
                const rules = maybe(objs, lb.inputs, "loadBalancingRules") ?? [];
                const clash = (what: string, key: (r: Inputs) => string) =>
                    [...groupBy(rules, key)].flatMap(([k, list]) =>
                        list.length > 1
                            ? [
                                  finding(
                                      lb,
                                      `rules ${list.map((r) => r.name).join(", ")} share ${what} ${k}`,
                                  ),
                              ]
                            : [],
                    );
                return [
                    ...clash(
                        "frontend/protocol/port",
                        (r) =>
                            `${refName(maybe(obj, r, "frontendIPConfiguration"))}/${r.protocol}/${r.frontendPort}`,
                    ),
                    ...clash("backend pool/protocol/port", (r) =>
                        r.enableFloatingIP
                            ? `${r.name} floating`
                            : `${refName(maybe(obj, r, "backendAddressPool"))}/${r.protocol}/${r.backendPort}`,
                    ),
                ];
            }),
    },
    {
        id: "azure/probe-settings",
        // intervalInSeconds: "The default value is 15, the minimum value is 5"; the port ranges 1-65535;
        // requestPath is required for Http/Https and not allowed for Tcp (Probe model, Microsoft.Network
        // REST API), and the threshold is a positive count.
        source: "https://learn.microsoft.com/en-us/rest/api/load-balancer/load-balancers/create-or-update#probe",
        check: (resources) =>
            ofType(resources, LB).flatMap((lb) =>
                (maybe(objs, lb.inputs, "probes") ?? []).flatMap((p) => {
                    const problems = [
                        p.intervalInSeconds !== undefined &&
                            Number(p.intervalInSeconds) < 5 &&
                            `intervalInSeconds ${p.intervalInSeconds} < 5`,
                        !(Number(p.port) >= 1 && Number(p.port) <= 65535) && `port ${p.port}`,
                        (p.protocol === "Tcp") === (p.requestPath !== undefined) &&
                            `requestPath ${p.requestPath ?? "missing"} with ${p.protocol}`,
                        [p.numberOfProbes, p.probeThreshold].some(
                            (n) => n !== undefined && Number(n) < 1,
                        ) && `threshold ${p.probeThreshold ?? p.numberOfProbes} < 1`,
                    ].filter(Boolean);
                    return problems.length > 0
                        ? [finding(lb, `probe ${p.name}: ${problems.join("; ")}`)]
                        : [];
                }),
            ),
    },
    {
        id: "azure/nsg-rule-description",
        // SecurityRulePropertiesFormat.description: "A description for this rule. Restricted to 140 chars."
        source: "https://learn.microsoft.com/en-us/rest/api/virtualnetwork/security-rules/create-or-update#securityrule",
        check: (resources) =>
            ofType(resources, NSG_RULE).flatMap((r) => {
                const text = r.inputs.description;
                return typeof text === "string" && text.length > 140
                    ? [finding(r, `description of ${text.length} characters exceeds 140`)]
                    : [];
            }),
    },
    {
        id: "azure/frontend-port",
        // LoadBalancingRulePropertiesFormat.frontendPort: "Acceptable values are between 0 and 65534.
        // Note that value 0 enables 'Any Port'", which only HA-ports rules (protocol All) use.
        source: "https://learn.microsoft.com/en-us/rest/api/load-balancer/load-balancers/create-or-update#loadbalancingrule",
        check: (resources) =>
            ofType(resources, LB).flatMap((lb) =>
                (maybe(objs, lb.inputs, "loadBalancingRules") ?? []).flatMap((rule) => {
                    const port = rule.frontendPort;
                    const anyPort = port === 0 && rule.protocol === "All";
                    return anyPort ||
                        (typeof port === "number" &&
                            Number.isInteger(port) &&
                            port >= 1 &&
                            port <= 65534)
                        ? []
                        : [
                              finding(
                                  lb,
                                  `rule ${rule.name}: frontendPort ${port} is outside 1-65534`,
                              ),
                          ];
                }),
            ),
    },
    {
        id: "azure/tags",
        // "Each resource ... can have a maximum of 50 tag name-value pairs"; "The tag name is limited
        // to 512 characters, and the tag value is limited to 256 characters"; "Tag names can't
        // contain these characters: <, >, %, &, \, ?, /".
        source: "https://learn.microsoft.com/en-us/azure/azure-resource-manager/management/tag-resources#limitations",
        check: (resources) =>
            resources
                .filter(
                    (r) =>
                        r.type.startsWith("azure-native:") &&
                        r.inputs.tags &&
                        typeof r.inputs.tags === "object",
                )
                .flatMap((r) => {
                    const entries = Object.entries(r.inputs.tags as Record<string, unknown>);
                    const problems = [
                        entries.length > 50 && `${entries.length} tags exceed 50`,
                        ...entries.flatMap(([name, value]) => [
                            name.length > 512 && `tag name of ${name.length} characters`,
                            /[<>%&\\?/]/.test(name) &&
                                `tag name ${JSON.stringify(name)} has a forbidden character`,
                            typeof value === "string" &&
                                value.length > 256 &&
                                `tag ${name}: value of ${value.length} characters`,
                        ]),
                    ].filter(Boolean);
                    return problems.length > 0 ? [finding(r, problems.join("; "))] : [];
                }),
    },
    {
        id: "azure/dns-record-set",
        // A record set holds records of its own type only ("A RecordSet object is a set of DNS
        // records with the same name and type"), named relative to the zone (no terminating dot;
        // "@" is the apex), A holding IPv4 and AAAA IPv6 addresses; TTL is a UInt32:
        // https://learn.microsoft.com/en-us/rest/api/dns/record-sets/create-or-update,
        // https://learn.microsoft.com/en-us/powershell/module/az.dns/new-azdnsrecordset
        source: "https://learn.microsoft.com/en-us/rest/api/dns/record-sets/create-or-update",
        check: (resources) =>
            [...ofType(resources, DNS_RECORD), ...ofType(resources, PRIVATE_DNS_RECORD)].flatMap(
                (record) => {
                    const i = record.inputs;
                    const out: string[] = [];
                    const known = (v: unknown): v is string => typeof v === "string";
                    const [own, other] =
                        i.recordType === "A"
                            ? ["aRecords", "aaaaRecords"]
                            : i.recordType === "AAAA"
                              ? ["aaaaRecords", "aRecords"]
                              : [undefined, undefined];
                    if (own === undefined) out.push(`record type ${i.recordType} is not A or AAAA`);
                    else if (i[other!] !== undefined)
                        out.push(`a ${i.recordType} record set carries ${other}`);
                    const field = i.recordType === "A" ? "ipv4Address" : "ipv6Address";
                    for (const rec of own === undefined ? [] : (maybe(objs, i, own) ?? [])) {
                        const address = rec[field];
                        if (known(address) && isIP(address) !== (i.recordType === "A" ? 4 : 6))
                            out.push(
                                `${address} is not an ${i.recordType === "A" ? "IPv4" : "IPv6"} address`,
                            );
                    }
                    if (!(
                        typeof i.ttl === "number" &&
                        Number.isInteger(i.ttl) &&
                        i.ttl >= 0 &&
                        i.ttl <= 0xffffffff
                    ))
                        out.push(`TTL ${i.ttl} is not a UInt32`);
                    if (
                        known(i.relativeRecordSetName) &&
                        (i.relativeRecordSetName.endsWith(".") || i.relativeRecordSetName === "")
                    ) {
                        out.push(
                            `relative name ${JSON.stringify(i.relativeRecordSetName)} is not relative to the zone`,
                        );
                    }
                    return out.map((message) => finding(record, message));
                },
            ),
    },
];
