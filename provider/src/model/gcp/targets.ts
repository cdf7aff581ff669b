// Google Cloud backends: instance self links (validated, grouped by zone into one unmanaged
// instance group per role and zone), given instance groups, and the network tags that
// firewall rules and routes target. Pure.
import { BackendRole, GcpMode } from "../../generated/enums";
import { ClusterSpec } from "../cluster";
import { cloudName, GCP_NAME, isValidCloudName, logicalName } from "../naming";
import { frontendsOf, ROLES } from "../frontends";
import { egressRequirements, NodeRequirement } from "../requirements";
import { Problem, Problems } from "../problems";
import { indexPath, Raw, Reader } from "../read";
import { isKnown, Maybe } from "../unknown";
import { namedPort } from "./loadBalancer";
import type { GcpInstanceGroupPlan, GcpNamedPort, GcpPlan } from "./types";

const INSTANCE_LINK =
    /^(?:https:\/\/(?:www|compute)\.googleapis\.com\/compute\/(?:v1|beta)\/)?projects\/[^/]+\/zones\/([a-z]+-[a-z]+[0-9]+-[a-z])\/instances\/([a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)$/;

const INSTANCE_GROUP_LINK =
    /^https:\/\/(?:www|compute)\.googleapis\.com\/compute\/(?:v1|beta)\/projects\/[^/]+\/(?:zones|regions)\/[^/]+\/instanceGroups\/[^/]+$/;

export const EXAMPLE_INSTANCE =
    "https://www.googleapis.com/compute/v1/projects/my-project/zones/us-central1-a/instances/controller-0";

/** The zone of an instance self link (`.../projects/<p>/zones/<zone>/instances/<name>`). */
export function instanceZone(link: string): string | undefined {
    return INSTANCE_LINK.exec(link)?.[1];
}

/** Problems of a role's instance self links; `region` when backends must be in it (passthrough). */
function instanceProblems(
    links: Maybe<string>[],
    path: string,
    region: string | undefined,
): Problem[] {
    const problems = new Problems();
    const seen = new Map<string, number>();
    links.forEach((link, i) => {
        if (!isKnown(link)) return;
        const itemPath = indexPath(path, i);
        const zone = instanceZone(link);
        if (zone === undefined) {
            problems.add(
                itemPath,
                `${JSON.stringify(link)} is not an instance self link`,
                `pass the instance's selfLink, such as ${EXAMPLE_INSTANCE}`,
            );
        } else if (region !== undefined && !zone.startsWith(`${region}-`)) {
            problems.add(
                itemPath,
                `the instance is in zone ${zone}, outside region ${region}`,
                "a passthrough load balancer serves backends of its own region only: move the instance, or use mode proxy, which is global",
            );
        }
        if (seen.has(link))
            problems.add(
                itemPath,
                `the instance is also ${indexPath(path, seen.get(link)!)}`,
                "remove the duplicate",
            );
        else seen.set(link, i);
    });
    return problems.list;
}

/**
 * One unmanaged instance group per zone of a role's instances, named by role and zone, the
 * members sorted so that their order in the input does not matter. Called while planning for
 * known self links and again once self links that were outputs are known.
 */
export function gcpInstanceGroups(
    plan: GcpPlan,
    role: BackendRole,
    links: string[],
): { groups: GcpInstanceGroupPlan[]; problems: Problem[] } {
    const problems = instanceProblems(links, `${role}.instances`, passthroughRegion(plan));
    if (problems.length > 0) return { groups: [], problems };
    const byZone = new Map<string, string[]>();
    for (const link of links) {
        const zone = instanceZone(link)!;
        byZone.set(zone, [...(byZone.get(zone) ?? []), link]);
    }
    const groups = [...byZone.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([zone, instances]) => ({
            key: `${role}-${zone}`,
            logicalName: logicalName(plan.cluster.resourceName, role, zone),
            name: cloudName(GCP_NAME, plan.cluster.clusterName, role, zone),
            zone,
            instances: [...instances].sort(),
        }));
    return { groups, problems: [] };
}

/** The region backends must be in, when known: passthrough load balancers are regional. */
export function passthroughRegion(plan: {
    mode: GcpMode;
    region?: Maybe<string>;
}): string | undefined {
    return plan.mode === "passthrough" && plan.region !== undefined && isKnown(plan.region)
        ? plan.region
        : undefined;
}

export function readTargets(r: Reader, raw: Raw, role: BackendRole, region: string | undefined) {
    const obj = r.object(raw, role) ?? {};
    const instances = r.refs(obj.instances, `${role}.instances`) ?? [];
    const instanceGroups = r.refs(obj.instanceGroups, `${role}.instanceGroups`) ?? [];
    if (isKnown(instances))
        for (const p of instanceProblems(instances, `${role}.instances`, region))
            r.problems.add(p.path, p.message, p.fix);
    if (isKnown(instanceGroups)) {
        instanceGroups.forEach((link, i) => {
            const path = indexPath(`${role}.instanceGroups`, i);
            if (!isKnown(link) || INSTANCE_GROUP_LINK.test(link)) return;
            r.problems.add(
                path,
                /\/instanceGroupManagers\//.test(link)
                    ? "is an instance group manager, not an instance group"
                    : `${JSON.stringify(link)} is not an instance group self link`,
                "pass the full self link of the instance group (for a managed instance group, its instanceGroup output)",
            );
        });
    }
    return { instances, instanceGroups };
}

/** Known instances listed under both roles: a VM can be in only one load-balanced instance group. */
export function checkSharedInstances(
    r: Reader,
    controllers: Maybe<Maybe<string>[]>,
    workers: Maybe<Maybe<string>[]>,
): void {
    if (!isKnown(controllers) || !isKnown(workers)) return;
    const known = new Set(controllers.filter(isKnown));
    workers.forEach((link, i) => {
        if (!isKnown(link) || !known.has(link)) return;
        r.problems.add(
            indexPath("workers.instances", i),
            "the instance is also a controller, and a VM can belong to only one load-balanced instance group",
            "put nodes that serve both roles in an instance group of your own and pass it as controllers.instanceGroups and workers.instanceGroups",
        );
    });
}

export function readNetworkTags(
    r: Reader,
    raw: Raw,
    path: string,
): Maybe<Maybe<string>[]> | undefined {
    const tags = r.refs(raw, path);
    if (tags === undefined || !isKnown(tags)) return tags;
    tags.forEach((tag, i) => {
        if (isKnown(tag) && !isValidCloudName(GCP_NAME, tag)) {
            r.problems.add(
                indexPath(path, i),
                `${JSON.stringify(tag)} is not a network tag`,
                "use lowercase letters, digits and hyphens, starting with a letter, at most 63 characters",
            );
        }
    });
    return tags;
}

/** The firewall rules' target tags of a role; `<clusterName>-controller` or `-worker` by default. */
export function readTargetTags(
    r: Reader,
    raw: Raw,
    path: string,
    fallback: string,
): Maybe<Maybe<string>[]> {
    const tags = readNetworkTags(r, raw, path);
    if (tags === undefined) return [fallback];
    if (isKnown(tags) && tags.length === 0)
        r.problems.add(
            path,
            "is empty, so the firewall rules would reach no node",
            "list the network tags of the nodes, or leave it out for the default",
        );
    return tags;
}

export function namedPorts(spec: ClusterSpec, role: BackendRole): GcpNamedPort[] {
    return frontendsOf(spec, role)
        .map((f) => ({ name: namedPort(f), port: f.targetPort }))
        .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * What each role's nodes must carry (issue 17, defect 12): the network tags the firewall rules
 * target (the component cannot see an instance's tags), in proxy mode the named ports on the
 * instance groups the user passes (the component sets them on the groups it creates), and the
 * NAT sources of a restricted public apiserver.
 */
export function gcpRequirements(plan: GcpPlan): NodeRequirement[] {
    return ROLES.flatMap((role) => {
        const t = plan.targets[role];
        const listed = <T>(list: Maybe<Maybe<T>[]>): Maybe<T>[] =>
            isKnown(list) ? list : [list as Maybe<T>];
        const tags = listed(t.tags).map((tag): NodeRequirement => ({
            role,
            kind: "networkTag",
            value: tag,
            fulfilled: false,
            why: "the firewall rules admit clients and Google's probes only to instances with this network tag",
        }));
        const hasInstances = !isKnown(t.instances) || t.instances.length > 0;
        const port = (p: GcpNamedPort) => `${p.name}=${p.port}`;
        const why =
            "Google's proxies connect to the backend service's named port on each instance group";
        const own = hasInstances
            ? t.namedPorts.map((p): NodeRequirement => ({
                  role,
                  kind: "namedPort",
                  value: port(p),
                  fulfilled: true,
                  why,
              }))
            : [];
        const given =
            isKnown(t.instanceGroups) && t.instanceGroups.length === 0
                ? []
                : listed(t.instanceGroups);
        const theirs = given.flatMap((group) =>
            t.namedPorts.map((p): NodeRequirement => ({
                role,
                kind: "namedPort",
                value: port(p),
                on: group,
                fulfilled: false,
                why,
            })),
        );
        return [...tags, ...own, ...theirs, ...egressRequirements(plan.cluster, role)];
    });
}
