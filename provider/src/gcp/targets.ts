// The backends of each role: one unmanaged instance group per zone of the given instances
// (the zone read from each self link), plus the given instance groups as they are.
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/gcp/compute";
import { BackendRole } from "../generated/enums";
import { GcpPlan } from "../model/gcp";
import { gcpInstanceGroups } from "../model/gcp/targets";
import { ROLES } from "../model/frontends";
import { input, inputList, perValue } from "../component/inputs";
import { inputError } from "../component/validation";

export interface Backends {
    /** Self links of every instance group that serves a role. */
    groups: Record<BackendRole, pulumi.Output<string[]>>;
    /** IDs of the groups the component made, by `<role>-<zone>`. */
    instanceGroupIds: pulumi.Output<Record<string, string>>;
}

export function createInstanceGroups(plan: GcpPlan, parent: pulumi.Resource): Backends {
    const made = ROLES.map((role) => createRoleGroups(plan, role, parent));
    const groups = Object.fromEntries(
        ROLES.map((role, i) => [
            role,
            pulumi
                .all([made[i], inputList(plan.targets[role].instanceGroups)])
                .apply(([own, given]) => [...own.map(([, selfLink]) => selfLink), ...given]),
        ]),
    ) as Record<BackendRole, pulumi.Output<string[]>>;
    const instanceGroupIds = pulumi
        .all(made)
        .apply((roles) => Object.fromEntries(roles.flat().map(([key, , id]) => [key, id])));
    return { groups, instanceGroupIds };
}

/**
 * A zone's group registers as soon as one self link in that zone is known, so that during a
 * preview the groups of existing instances stay in place while a new instance's link is
 * still pending; its member list (every link of the zone) follows once all are known.
 */
function createRoleGroups(
    plan: GcpPlan,
    role: BackendRole,
    parent: pulumi.Resource,
): pulumi.Output<[string, string, string][]> {
    const targets = plan.targets[role];
    const planGroups = (links: string[]) => {
        const { groups, problems } = gcpInstanceGroups(plan, role, links);
        // Self links that were outputs are checked here, once known.
        if (problems.length > 0)
            throw inputError("GcpHaCluster", plan.cluster.resourceName, problems);
        return groups;
    };
    const members = pulumi.output(inputList(targets.instances)).apply(planGroups);
    const registered = new Map<string, compute.InstanceGroup>();
    const groupOf = (link: string) => {
        const [g] = planGroups([link]);
        if (!registered.has(g.key)) {
            const instances = members.apply((all) => all.find((m) => m.key === g.key)!.instances);
            const args = {
                name: g.name,
                zone: g.zone,
                project: input(plan.project),
                instances,
                namedPorts: targets.namedPorts,
            };
            registered.set(g.key, new compute.InstanceGroup(g.logicalName, args, { parent }));
        }
        return g.key;
    };
    return perValue(targets.instances, groupOf).apply((keys) =>
        pulumi.all(
            [...new Set(keys)]
                .sort()
                .map((key) =>
                    pulumi.all([key, registered.get(key)!.selfLink, registered.get(key)!.id]),
                ),
        ),
    );
}
