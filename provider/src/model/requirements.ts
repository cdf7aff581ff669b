// The contract with the nodes (issue 17): what each role's nodes must carry for the front door
// to work, beyond what the component registers itself. Each cloud lists its own in its
// targets.ts (`awsRequirements`, `gcpRequirements`); the reachability view and the
// `nodeRequirements` output render them.
import { BackendRole } from "../generated/enums";
import { ClusterSpec } from "./cluster";
import { apiserverOf, nodePorts } from "./frontends";
import { ANYWHERE } from "./net";
import { isKnown, Maybe } from "./unknown";

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
 * so every node's connection to it must leave from one of them (NAT or public addresses),
 * unless the nodes dial a private endpoint (`apiserver.internal`).
 */
export function egressRequirements(spec: ClusterSpec, role: BackendRole): NodeRequirement[] {
    const api = apiserverOf(spec);
    if (
        spec.scheme !== "public" ||
        spec.internalEndpoint ||
        api.allowedCidrs.ipv4.includes(ANYWHERE.ipv4)
    )
        return [];
    return spec.nodeSourceCidrs.ipv4.map((cidr) => ({
        role,
        kind: "egressSource",
        value: cidr,
        fulfilled: false,
        why: "the restricted apiserver admits the kubelets only from nodeSourceCidrs: route the nodes' traffic to it through this NAT or public address",
    }));
}

/** A requirement as the `nodeRequirements` output publishes it. */
export interface RequirementPlan {
    kind: NodeRequirement["kind"] | "networkSecurityGroup" | "backendPool" | "listen";
    /** The value to apply; replaced by the component output named by `output` when set. */
    value: string;
    /** A component output (dotted into an object) whose value is the requirement's value. */
    output?: string;
    description: string;
    checked: boolean;
}

export type RequirementsPlan = Record<BackendRole, RequirementPlan[]>;

/** A cloud's listed requirement in the output's shape. */
export function published(q: NodeRequirement, output?: string): RequirementPlan {
    const value = isKnown(q.value) ? q.value : "(an input known at deployment)";
    const on = q.on === undefined ? "" : ` (on ${isKnown(q.on) ? q.on : "a given instance group"})`;
    return { kind: q.kind, value, output, description: `${q.why}${on}`, checked: q.fulfilled };
}

/** Every target and health-check port of the role: the nodes must serve them. */
export function listenRequirements(spec: ClusterSpec, role: BackendRole): RequirementPlan[] {
    return nodePorts(spec, role).map((p) => ({
        kind: "listen",
        value: `${p.protocol.toLowerCase()}/${p.port}`,
        description: `serve ${p.reasons.join(", ")}`,
        checked: false,
    }));
}
