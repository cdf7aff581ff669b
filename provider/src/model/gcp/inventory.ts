// The names the Google Cloud plan gives, and what it opens: for the plan view and the naming laws.
import { PlanInventory, PlannedName } from "../inventory";
import { GCP_NAME } from "../naming";
import { ROLES } from "../frontends";
import { isKnown } from "../unknown";
import { gcpInstanceGroups } from "./targets";
import { GcpPlan } from "./types";

export function gcpInventory(plan: GcpPlan): PlanInventory {
    const named =
        (kind: string) =>
        (x: { logicalName: string; name: string }): PlannedName => ({
            kind,
            logicalName: x.logicalName,
            cloudName: x.name,
            rule: GCP_NAME,
        });
    const knownGroups = ROLES.flatMap((role) => {
        const links = plan.targets[role].instances;
        return isKnown(links) && links.every(isKnown)
            ? gcpInstanceGroups(plan, role, links).groups
            : [];
    });
    return {
        names: [
            ...plan.addresses.map(named("address")),
            ...plan.healthChecks.map(named("health check")),
            ...plan.backendServices.map(named("backend service")),
            ...plan.targetProxies.map(named("target TCP proxy")),
            ...plan.securityPolicies.map(named("security policy")),
            ...plan.forwardingRules.map(named("forwarding rule")),
            ...knownGroups.map(named("instance group")),
            ...plan.firewalls.map(named("firewall rule")),
            ...plan.routes.map(named("route")),
        ],
        openings: plan.firewalls.map((f) => ({
            logicalName: f.logicalName,
            protocol: f.protocol,
            ports: f.ports,
            sources: f.sources,
        })),
        cloudSources: plan.googleSources,
    };
}
