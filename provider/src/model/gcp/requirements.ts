// The `nodeRequirements` output of Google Cloud (docs/reachability.md): the requirements
// targets.ts lists (network tags, named ports, the nodes' NAT sources) and the ports each
// role serves.
import { ROLES } from "../frontends";
import { listenRequirements, published, RequirementsPlan } from "../requirements";
import { gcpRequirements } from "./targets";
import { GcpPlan } from "./types";

export function gcpNodeRequirements(plan: GcpPlan): RequirementsPlan {
    const listed = gcpRequirements(plan);
    return Object.fromEntries(
        ROLES.map((role) => [
            role,
            [
                ...listed.filter((q) => q.role === role).map((q) => published(q)),
                ...listenRequirements(plan.cluster, role),
            ],
        ]),
    ) as RequirementsPlan;
}
