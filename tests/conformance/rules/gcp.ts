// Google Cloud rules from the load-balancing documentation that the Compute discovery
// document states only in prose, or that relate resources.
import { Registered } from "../../support/harness";
import { list, maybe, obj, objs } from "../../support/inputs";
import { finding, ofType, Rule } from "./rule";

const FR = "gcp:compute/forwardingRule:ForwardingRule";
const REGIONAL_BS = "gcp:compute/regionBackendService:RegionBackendService";
const FIREWALL = "gcp:compute/firewall:Firewall";
const HEALTH_CHECKS = [
    "gcp:compute/healthCheck:HealthCheck",
    "gcp:compute/regionHealthCheck:RegionHealthCheck",
];
const LABELLED = [
    FR,
    "gcp:compute/globalForwardingRule:GlobalForwardingRule",
    "gcp:compute/address:Address",
    "gcp:compute/globalAddress:GlobalAddress",
];

const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

export const GCP_RULES: Rule[] = [
    {
        id: "gcp/forwarding-rule-ports",
        // "You can specify a list of up to five ports by number" (ForwardingRule.ports).
        source: "https://cloud.google.com/load-balancing/docs/forwarding-rule-concepts#port_specifications",
        check: (resources) =>
            ofType(resources, FR).flatMap((fr) =>
                (maybe(list, fr.inputs, "ports") ?? []).length > 5
                    ? [finding(fr, `${list(fr.inputs, "ports").length} ports (at most 5)`)]
                    : [],
            ),
    },
    {
        id: "gcp/passthrough-keeps-the-port",
        // A passthrough load balancer delivers packets with their destination port unchanged, so
        // every forwarding-rule port must be a port its backends' firewall rules open.
        source: "https://cloud.google.com/load-balancing/docs/network/networklb-backend-service#firewall_rules",
        check: (resources) => {
            const open = new Set(
                ofType(resources, FIREWALL).flatMap((f) =>
                    (maybe(objs, f.inputs, "allows") ?? []).flatMap((a) =>
                        (maybe(list, a, "ports") ?? []).map((p) => `${a.protocol}/${p}`),
                    ),
                ),
            );
            return ofType(resources, FR).flatMap((fr) => {
                const missing = (maybe(list, fr.inputs, "ports") ?? []).filter(
                    (p) => !open.has(`${String(fr.inputs.ipProtocol).toLowerCase()}/${p}`),
                );
                return missing.length > 0
                    ? [
                          finding(
                              fr,
                              `ports ${missing.join(", ")} reach no backend: no firewall rule opens them`,
                          ),
                      ]
                    : [];
            });
        },
    },
    {
        id: "gcp/backend-service-timeout",
        // "For external passthrough Network Load Balancers ... the backend service timeout is
        // not used" and the API rejects timeoutSec on passthrough (TCP/UDP) regional backend services.
        source: "https://cloud.google.com/load-balancing/docs/backend-service#timeout-setting",
        check: (resources) =>
            ofType(resources, REGIONAL_BS).flatMap((bs) =>
                ["EXTERNAL", "INTERNAL"].some((s) => s === bs.inputs.loadBalancingScheme) &&
                bs.inputs.timeoutSec !== undefined
                    ? [
                          finding(
                              bs,
                              `timeoutSec ${bs.inputs.timeoutSec} on a ${bs.inputs.loadBalancingScheme} passthrough backend service`,
                          ),
                      ]
                    : [],
            ),
    },
    {
        id: "gcp/health-check-timeout",
        // "timeoutSec ... It is invalid for timeoutSec to have greater value than checkIntervalSec."
        source: "https://cloud.google.com/load-balancing/docs/health-check-concepts#hc-timeout",
        check: (resources) =>
            resources
                .filter((r) => HEALTH_CHECKS.includes(r.type))
                .flatMap((hc) =>
                    (hc.inputs.timeoutSec ?? 5) > (hc.inputs.checkIntervalSec ?? 5)
                        ? [
                              finding(
                                  hc,
                                  `timeoutSec ${hc.inputs.timeoutSec ?? 5} > checkIntervalSec ${hc.inputs.checkIntervalSec ?? 5}`,
                              ),
                          ]
                        : [],
                ),
    },
    {
        id: "gcp/labels",
        // Keys: 1-63 characters, lowercase letter first, then lowercase letters, digits, _ and -;
        // values: 0-63 of the same; at most 64 labels.
        source: "https://cloud.google.com/compute/docs/labeling-resources#requirements",
        check: (resources) =>
            resources
                .filter((r) => LABELLED.includes(r.type))
                .flatMap((r: Registered) => {
                    const labels = Object.entries(maybe(obj, r.inputs, "labels") ?? {});
                    const bad = labels
                        .filter(([k, v]) => !LABEL_KEY.test(k) || !LABEL_VALUE.test(String(v)))
                        .map(([k, v]) => `${k}=${v}`);
                    return [
                        ...(labels.length > 64
                            ? [finding(r, `${labels.length} labels (at most 64)`)]
                            : []),
                        ...(bad.length > 0 ? [finding(r, `labels ${bad.join(", ")}`)] : []),
                    ];
                }),
    },
];
