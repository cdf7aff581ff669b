// The contract with the nodes (docs/reachability.md): what every node of a role must carry for
// the front door to work. Each cloud's model adds its own groups, tags and pools to the
// requirements every cloud shares: the ports the role serves and, for a restricted public
// apiserver, where the nodes' own connections must come from.
import { BackendRole } from "../generated/enums";
import { ClusterSpec } from "./cluster";
import { nodePorts, restrictedApiserverCidrs } from "./frontends";

export type RequirementKind = "securityGroup" | "networkSecurityGroup" | "backendPool" | "networkTag" | "namedPort" | "listen" | "source";

export interface RequirementPlan {
    kind: RequirementKind;
    /** The value to apply; replaced by the component output named by `output` when set. */
    value: string;
    /** A component output whose value is the requirement's value (an ID known after create). */
    output?: string;
    description: string;
    /** True when the component itself sees the requirement hold. */
    checked: boolean;
}

export type RequirementsPlan = Record<BackendRole, RequirementPlan[]>;

/** Every target and health-check port of the role: the nodes must serve them, and only them. */
export function listenRequirements(spec: ClusterSpec, role: BackendRole): RequirementPlan[] {
    return nodePorts(spec, role).map((p) => ({
        kind: "listen",
        value: `${p.protocol.toLowerCase()}/${p.port}`,
        description: `serve ${p.reasons.join(", ")}`,
        checked: false,
    }));
}

/**
 * A public apiserver short of everyone admits the nodes only from nodeSourceCidrs: the nodes'
 * connections must leave from there (NAT gateway or public addresses), or `admittedBy`, when
 * the cloud's plan admits the nodes' outbound addresses itself.
 */
export function sourceRequirements(spec: ClusterSpec, admittedBy?: string): RequirementPlan[] {
    const restricted = restrictedApiserverCidrs(spec);
    if (spec.scheme !== "public" || restricted.ipv4.length + restricted.ipv6.length === 0) return [];
    const sources = spec.families.flatMap((family) => spec.nodeSourceCidrs[family]);
    return [
        admittedBy
            ? { kind: "source", value: admittedBy, description: "reach the apiserver from the load balancer's outbound addresses, which the NSG admits", checked: true }
            : {
                  kind: "source",
                  value: sources.join(", "),
                  description: "reach the public apiserver from nodeSourceCidrs (NAT gateway or public addresses): the only node sources it admits",
                  checked: false,
              },
    ];
}
