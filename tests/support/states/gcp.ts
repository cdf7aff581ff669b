import { StateFn, hex } from "./common";

const octet = (name: string) => parseInt(hex(name, 2), 16);

/** `https://www.googleapis.com/compute/v1/projects/<p>/<scope>/<collection>/<name>`. */
function selfLink(collection: string, scope: (inputs: Record<string, unknown>) => string): StateFn {
    // Without a `name`, the provider names the resource after its logical name.
    return (name, inputs) => ({
        selfLink: `https://www.googleapis.com/compute/v1/projects/${inputs.project ?? "demo-project"}/${scope(inputs)}/${collection}/${inputs.name ?? name}`,
    });
}

const regional = (collection: string) => selfLink(collection, (i) => `regions/${i.region}`);
const global = (collection: string) => selfLink(collection, () => "global");

export const gcpStates: Record<string, StateFn> = {
    "gcp:compute/address:Address": (name, inputs) => ({
        ...regional("addresses")(name, inputs),
        // A reserved address keeps the one it was given.
        address:
            inputs.address ??
            (inputs.ipVersion === "IPV6"
                ? `${inputs.addressType === "INTERNAL" ? "fd20:0:0:1" : "2001:db8:0:1"}:8000:${hex(name, 4)}::`
                : `${inputs.addressType === "INTERNAL" ? "10.128.0" : "203.0.113"}.${octet(name)}`),
        // A computed attribute: the bridged provider's state always holds it (0 when Google sets
        // none, as for IPv4), so a preview reads it as known; an absent one would be unknown.
        prefixLength: inputs.ipVersion === "IPV6" ? 96 : 0,
    }),
    "gcp:compute/globalAddress:GlobalAddress": (name, inputs) => ({
        ...global("addresses")(name, inputs),
        address: inputs.ipVersion === "IPV6" ? `2001:db8:ffff::${hex(name, 4)}` : `198.51.100.${octet(name)}`,
    }),
    "gcp:compute/regionHealthCheck:RegionHealthCheck": regional("healthChecks"),
    "gcp:compute/healthCheck:HealthCheck": global("healthChecks"),
    "gcp:compute/regionBackendService:RegionBackendService": regional("backendServices"),
    "gcp:compute/backendService:BackendService": global("backendServices"),
    "gcp:compute/forwardingRule:ForwardingRule": regional("forwardingRules"),
    "gcp:compute/globalForwardingRule:GlobalForwardingRule": global("forwardingRules"),
    "gcp:compute/targetTCPProxy:TargetTCPProxy": global("targetTcpProxies"),
    "gcp:compute/securityPolicy:SecurityPolicy": global("securityPolicies"),
    "gcp:compute/instanceGroup:InstanceGroup": selfLink("instanceGroups", (i) => `zones/${i.zone}`),
    "gcp:compute/firewall:Firewall": global("firewalls"),
    "gcp:compute/route:Route": global("routes"),
    // Beside the components, in the examples.
    "gcp:compute/instance:Instance": selfLink("instances", (i) => `zones/${i.zone}`),
};
