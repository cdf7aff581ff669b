// What AWS nodes must carry (docs/reachability.md): the role's security group, which the
// load balancer's rules reach by reference, the ports the role serves and, for a restricted
// public apiserver, the nodes' own sources.
import { ROLES } from "../frontends";
import { listenRequirements, RequirementsPlan, sourceRequirements } from "../requirements";
import { AwsPlan } from "./types";

const GROUP_OUTPUT = { controllers: "controllerSecurityGroupId", workers: "workerSecurityGroupId" } as const;

/**
 * A security group rule that references a group admits traffic only to the interfaces in that
 * group (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html), so a node
 * without its role's group gets neither clients nor health checks. The component attaches no
 * group to instances it does not create; it cannot check.
 */
export function awsRequirements(plan: AwsPlan): RequirementsPlan {
    const spec = plan.cluster;
    return Object.fromEntries(
        ROLES.map((role) => [
            role,
            [
                {
                    kind: "securityGroup",
                    value: GROUP_OUTPUT[role],
                    output: GROUP_OUTPUT[role],
                    description: `attach to every ${role} instance (or its ENIs): the load balancer's rules reach only interfaces in this group`,
                    checked: false,
                },
                ...sourceRequirements(spec),
                ...listenRequirements(spec, role),
            ],
        ]),
    ) as RequirementsPlan;
}
