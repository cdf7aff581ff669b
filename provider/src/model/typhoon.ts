// Typhoon's front door for the same frontends: the one baseline that the plan view's summary,
// the bench's cost figure and the docs compare against. Counts follow Typhoon's modules
// (repository poseidon/typhoon, fedora-coreos): aws/.../kubernetes/nlb.tf (one dual-stack
// NLB, a listener and a target group per frontend, no Elastic IP); azure/.../kubernetes/lb.tf
// (a public IP, frontend and outbound rule per family, a rule per frontend and family, a
// probe per distinct check); google-cloud/.../kubernetes/apiserver.tf and ingress.tf (the
// global proxy load balancer: an IPv4-only apiserver on its own global address, each other
// frontend a target proxy and backend service with a forwarding rule per family on the
// workers' address of that family, a health check per group).
import { ClusterSpec, Frontend } from "./cluster";

export type TyphoonCloud = "aws" | "azure" | "gcp";

/** Typhoon groups frontends as apiserver, ingress (80 and 443 together) and one per service. */
const group = (f: Frontend) => (f.role === "ingress" ? "ingress" : f.key);
const distinct = <T>(values: T[]) => new Set(values.map((v) => JSON.stringify(v))).size;

/** Typhoon's count of each billable or countable item, by the plan view's item names. */
export function typhoonCounts(cloud: TyphoonCloud, spec: ClusterSpec): Record<string, number> {
    const families = spec.families.length;
    const frontends = spec.frontends.length;
    const publicLb = spec.scheme === "public";
    switch (cloud) {
        case "aws":
            return {
                "network load balancers": 1,
                listeners: frontends,
                "target groups (health checks)": frontends,
                "Elastic IPs": 0,
            };
        case "azure":
            return {
                "load balancers": 1,
                "load-balancing rules": frontends * families,
                "outbound rules": publicLb ? families : 0,
                "health probes": distinct(spec.frontends.map((f) => f.healthCheck)),
                "public IPs": publicLb ? families : 0,
            };
        case "gcp": {
            const others = spec.frontends.filter((f) => f.role !== "apiserver");
            return {
                "forwarding rules": 1 + others.length * families,
                "target TCP proxies": frontends,
                "backend services": frontends,
                "health checks": new Set(spec.frontends.map(group)).size,
                "static addresses": 1 + (others.length > 0 ? families : 0),
            };
        }
    }
}
