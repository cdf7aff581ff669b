// The traffic path of a planned cluster, read back from its registered resources: clients ->
// frontends (listeners, load-balancing rules, forwarding rules) -> target groups, backend
// pools or backend services -> nodes. References between resources are the `${name.attribute}`
// placeholders of the plan's mocks, so the path is the one the resources really wire.
import { Cloud, componentOf } from "../component/table";
import { parseReference, Registration } from "./mocks";
import { UNKNOWN_TEXT, ViewValue } from "./view";

export interface Topology {
    /** Frontend label -> target key. */
    frontends: { label: string; target: string }[];
    /** Target key -> label and the nodes behind it. */
    targets: Map<string, { label: string; nodes: string[] }>;
}

const refName = (value: unknown) =>
    typeof value === "string" ? parseReference(value)?.name : undefined;
/** The last segment of a self link or an Azure ID path. */
const lastSegment = (value: unknown) =>
    typeof value === "string" ? value.split("/").pop()! : UNKNOWN_TEXT;
const shown = (value: unknown): string =>
    typeof value === "string" || typeof value === "number" ? String(value) : UNKNOWN_TEXT;
const check = (hc: ViewValue | undefined) =>
    hc
        ? `check ${hc.protocol ?? "TCP"} ${hc.port ?? "traffic port"}${(hc.path ?? hc.requestPath) ? " " + (hc.path ?? hc.requestPath) : ""}`
        : "";

function addNode(targets: Topology["targets"], key: string | undefined, node: string): void {
    if (key && targets.has(key)) targets.get(key)!.nodes.push(node);
}

function aws(resources: Registration[]): Topology {
    const targets: Topology["targets"] = new Map();
    for (const r of resources.filter((x) => x.type === "aws:lb/targetGroup:TargetGroup")) {
        targets.set(r.name, {
            label: `target group ${shown(r.inputs.name)}<br/>${r.inputs.protocol} ${r.inputs.port}, ${check(r.inputs.healthCheck as ViewValue)}`,
            nodes: [],
        });
    }
    for (const r of resources) {
        if (r.type === "aws:lb/targetGroupAttachment:TargetGroupAttachment")
            addNode(targets, refName(r.inputs.targetGroupArn), shown(r.inputs.targetId));
        if (r.type === "aws:autoscaling/attachment:Attachment")
            addNode(
                targets,
                refName(r.inputs.lbTargetGroupArn),
                `Auto Scaling group ${shown(r.inputs.autoscalingGroupName)}`,
            );
    }
    const frontends = resources
        .filter((r) => r.type === "aws:lb/listener:Listener")
        .map((r) => ({
            label: `listener ${r.inputs.protocol} ${r.inputs.port}`,
            target:
                refName((r.inputs.defaultActions as ViewValue[])[0].targetGroupArn) ?? UNKNOWN_TEXT,
        }));
    return { frontends, targets };
}

function azure(resources: Registration[]): Topology {
    const targets: Topology["targets"] = new Map();
    const frontends: Topology["frontends"] = [];
    for (const lb of resources.filter((x) => x.type === "azure-native:network:LoadBalancer")) {
        const probes = new Map(((lb.inputs.probes ?? []) as ViewValue[]).map((p) => [p.name, p]));
        for (const pool of (lb.inputs.backendAddressPools ?? []) as (ViewValue & {
            name: string;
        })[]) {
            const members = ((pool.loadBalancerBackendAddresses ?? []) as ViewValue[]).map((m) =>
                shown(m.ipAddress),
            );
            targets.set(pool.name, {
                label: `backend pool ${pool.name}`,
                nodes: members.length
                    ? members
                    : ["NICs and scale sets joining through backendAddressPoolIds"],
            });
        }
        type Ref = { id?: unknown } | undefined;
        type Rule = ViewValue & {
            probe?: Ref;
            frontendIPConfiguration?: Ref;
            backendAddressPool?: Ref;
        };
        for (const rule of (lb.inputs.loadBalancingRules ?? []) as Rule[]) {
            const probe = probes.get(lastSegment(rule.probe?.id));
            frontends.push({
                label: `rule ${rule.name}<br/>${rule.protocol} ${rule.frontendPort} -> ${rule.backendPort} on ${lastSegment(rule.frontendIPConfiguration?.id)}, ${check(probe && { ...probe, path: probe.requestPath })}`,
                target: lastSegment(rule.backendAddressPool?.id),
            });
        }
    }
    return { frontends, targets };
}

function gcp(resources: Registration[]): Topology {
    const byName = new Map(resources.map((r) => [r.name, r]));
    const targets: Topology["targets"] = new Map();
    for (const r of resources.filter(
        (x) =>
            x.type === "gcp:compute/regionBackendService:RegionBackendService" ||
            x.type === "gcp:compute/backendService:BackendService",
    )) {
        const hc = byName.get(
            refName(r.inputs.healthChecks) ??
                (r.inputs.healthChecks as string[] | undefined)?.map(refName)[0] ??
                "",
        );
        const hcSpec =
            hc &&
            ((hc.inputs.tcpHealthCheck ??
                hc.inputs.httpHealthCheck ??
                hc.inputs.httpsHealthCheck) as ViewValue | undefined);
        const protocol = hc?.inputs.httpHealthCheck
            ? "HTTP"
            : hc?.inputs.httpsHealthCheck
              ? "HTTPS"
              : "TCP";
        const nodes = ((r.inputs.backends ?? []) as ViewValue[]).flatMap((b) => {
            const group = byName.get(refName(b.group) ?? "");
            const members = group ? ((group.inputs.instances ?? []) as unknown[]) : [];
            const name = group ? shown(group.inputs.name) : lastSegment(b.group);
            return members.length
                ? members.map((m) => `${lastSegment(m)} (${name})`)
                : [`instance group ${name}`];
        });
        targets.set(r.name, {
            label: `backend service ${shown(r.inputs.name)}<br/>${check(hcSpec && { ...hcSpec, protocol, path: hcSpec.requestPath })}`,
            nodes,
        });
    }
    const proxies = new Map(
        resources
            .filter((r) => r.type === "gcp:compute/targetTCPProxy:TargetTCPProxy")
            .map((r) => [r.name, refName(r.inputs.backendService)]),
    );
    const frontends = resources
        .filter(
            (r) =>
                r.type === "gcp:compute/forwardingRule:ForwardingRule" ||
                r.type === "gcp:compute/globalForwardingRule:GlobalForwardingRule",
        )
        .map((r) => {
            const ports =
                (r.inputs.ports as string[] | undefined)?.join(", ") ?? shown(r.inputs.portRange);
            const target =
                refName(r.inputs.backendService) ??
                proxies.get(refName(r.inputs.target) ?? "") ??
                UNKNOWN_TEXT;
            return {
                label: `forwarding rule ${shown(r.inputs.name)}<br/>${r.inputs.ipProtocol ?? "TCP"} ${ports}`,
                target,
            };
        });
    return { frontends, targets };
}

const BY_CLOUD: Record<Cloud, (resources: Registration[]) => Topology> = {
    aws,
    azure,
    gcp,
};

export function topologyOf(type: string, resources: Registration[]): Topology {
    return BY_CLOUD[componentOf(type).cloud](resources);
}
