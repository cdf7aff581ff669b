// What Google Cloud nodes must carry (docs/reachability.md): the network tags the firewall
// rules target, in proxy mode the named ports of their instance groups, the ports they serve
// and, for a restricted public apiserver, the sources their own connections leave from.
import { ROLES } from "../frontends";
import { isKnown } from "../unknown";
import { listenRequirements, RequirementPlan, RequirementsPlan, sourceRequirements } from "../requirements";
import { GcpPlan } from "./types";

const TAGS_INPUT = { controllers: "controllerTags", workers: "workerTags" } as const;

/**
 * Firewall rules apply to the instances whose network tags match targetTags
 * (https://cloud.google.com/firewall/docs/firewalls#rule_assignment); an untagged node gets
 * neither clients nor probes. A proxy backend service sends to the instance group's named port
 * (https://cloud.google.com/load-balancing/docs/backend-service#named_ports): checked where the
 * component creates the groups, not on groups the user gives.
 */
export function gcpRequirements(plan: GcpPlan): RequirementsPlan {
    const spec = plan.cluster;
    return Object.fromEntries(
        ROLES.map((role) => {
            const targets = plan.targets[role];
            const tags = isKnown(targets.tags) ? targets.tags.map((t) => (isKnown(t) ? t : `(the ${TAGS_INPUT[role]} input)`)) : [`(the ${TAGS_INPUT[role]} input)`];
            const given = targets.instanceGroups !== undefined && (!isKnown(targets.instanceGroups) || targets.instanceGroups.length > 0);
            const named: RequirementPlan[] = targets.namedPorts.map((p) => ({
                kind: "namedPort",
                value: `${p.name}=${p.port}`,
                description: given ? `carry on every ${role} instance group given: the proxies send to this named port` : "set on the instance groups the component creates",
                checked: !given,
            }));
            const tagged: RequirementPlan[] = tags.map((tag) => ({
                kind: "networkTag",
                value: tag,
                description: `carry on every ${role} instance: the firewall rules target this tag`,
                checked: false,
            }));
            return [role, [...tagged, ...named, ...sourceRequirements(spec), ...listenRequirements(spec, role)]];
        }),
    ) as RequirementsPlan;
}
