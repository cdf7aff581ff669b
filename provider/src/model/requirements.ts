// The contract with the nodes (issue 17): what each role's nodes must carry for the front door
// to work, beyond what the component registers itself. Each cloud lists its own in its
// targets.ts (`awsRequirements`, `gcpRequirements`); the reachability view and the
// `nodeRequirements` output render them.
import { BackendRole } from "../generated/enums";
import { ClusterSpec } from "./cluster";
import { apiserverOf } from "./frontends";
import { ANYWHERE } from "./net";
import { Maybe } from "./unknown";

export interface NodeRequirement {
    role: BackendRole;
    kind: "securityGroup" | "networkTag" | "namedPort" | "egressSource";
    /** The group ID or name, tag, `name=port`, or CIDR. */
    value: Maybe<string>;
    /** Where it applies when narrower than every node of the role: an instance group. */
    on?: Maybe<string>;
    /** The component sees to it itself (the groups it creates); otherwise the user must. */
    fulfilled: boolean;
    /** What depends on it, and how to meet it. */
    why: string;
}

/**
 * A public apiserver restricted to some clients admits the nodes only from nodeSourceCidrs,
 * so every node's connection to it must leave from one of them (NAT or public addresses).
 */
export function egressRequirements(spec: ClusterSpec, role: BackendRole): NodeRequirement[] {
    const api = apiserverOf(spec);
    if (spec.scheme !== "public" || api.allowedCidrs.ipv4.includes(ANYWHERE.ipv4)) return [];
    return spec.nodeSourceCidrs.ipv4.map((cidr) => ({
        role,
        kind: "egressSource",
        value: cidr,
        fulfilled: false,
        why: "the restricted apiserver admits the kubelets only from nodeSourceCidrs: route the nodes' traffic to it through this NAT or public address",
    }));
}
