// The `nodeRequirements` output of AWS (docs/reachability.md): the requirements targets.ts
// lists (the role's security group, the nodes' NAT sources), the created group's ID filled in
// from its output, and the ports each role serves.
import { ROLES } from "../frontends";
import { listenRequirements, published, RequirementsPlan } from "../requirements";
import { awsRequirements } from "./targets";
import { AwsPlan } from "./types";

const GROUP_OUTPUT = {
    controllers: "controllerSecurityGroupId",
    workers: "workerSecurityGroupId",
} as const;

export function awsNodeRequirements(plan: AwsPlan): RequirementsPlan {
    const listed = awsRequirements(plan);
    return Object.fromEntries(
        ROLES.map((role) => [
            role,
            [
                ...listed
                    .filter((q) => q.role === role)
                    .map((q) =>
                        published(q, q.kind === "securityGroup" ? GROUP_OUTPUT[role] : undefined),
                    ),
                ...listenRequirements(plan.cluster, role),
            ],
        ]),
    ) as RequirementsPlan;
}
