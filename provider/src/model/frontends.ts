// Cloud-neutral views of a cluster spec that every cloud's plan is built from: which
// frontends reach a node group, and which node ports the load balancer must be admitted to.
import { BackendRole, TransportProtocol } from "../generated/enums";
import { ClusterSpec, Frontend } from "./cluster";
import { ANYWHERE, Family, parseAddress } from "./net";
import { Reader } from "./read";

export const ROLES: readonly BackendRole[] = ["controllers", "workers"];

export interface NodePort {
    protocol: TransportProtocol;
    port: number;
    /** Why the port is open: traffic or health checks of which frontends. */
    reasons: string[];
}

export function frontendsOf(spec: ClusterSpec, backend: BackendRole): Frontend[] {
    return spec.frontends.filter((f) => f.backend === backend);
}

/** The families the frontends of a node group serve together: the group's pools and addresses. */
export function familiesOf(spec: ClusterSpec, backend: BackendRole): Family[] {
    return spec.families.filter((family) =>
        frontendsOf(spec, backend).some((f) => f.families.includes(family)),
    );
}

export function apiserverOf(spec: ClusterSpec): Frontend {
    return spec.frontends.find((f) => f.role === "apiserver")!;
}

/**
 * The private endpoint (`apiserver.internal`) as a frontend: the apiserver's ports and health
 * check, IPv4 only, its own clients; the key names its resources apart from the public ones.
 */
export function internalApiserverOf(spec: ClusterSpec): Frontend | undefined {
    const internal = spec.internalEndpoint;
    if (!internal) return undefined;
    return {
        ...apiserverOf(spec),
        key: "apiserver-int",
        families: ["ipv4"],
        allowedCidrs: { ipv4: internal.allowedCidrs, ipv6: [] },
        portPath: "apiserver.internal.port",
    };
}

/**
 * The ports a node group must admit from the load balancer: each frontend's target port in
 * its own protocol, and each health-check port over TCP (HTTP and HTTPS checks run on TCP).
 * Sorted and de-duplicated, so that a port's rule keeps its name however frontends move.
 */
export function nodePorts(spec: ClusterSpec, backend: BackendRole): NodePort[] {
    const ports = new Map<string, NodePort>();
    const add = (protocol: TransportProtocol, port: number, reason: string) => {
        const key = `${protocol}/${port}`;
        const entry = ports.get(key) ?? { protocol, port, reasons: [] };
        entry.reasons.push(reason);
        ports.set(key, entry);
    };
    for (const f of frontendsOf(spec, backend)) {
        add(f.protocol, f.targetPort, `${f.key} traffic`);
        add("TCP", f.healthCheck.port, `${f.key} health check`);
    }
    return [...ports.values()].sort(
        (a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port,
    );
}

/**
 * The input path of a frontend's own property, the one home of these paths:
 * `services[2].port` -> `services[2].allowedCidrs`, `ingress.httpPort` -> `ingress.idleTimeoutSeconds`;
 * the target port follows its port: `ingress.httpPort` -> `ingress.httpTargetPort`.
 */
export function inputPath(f: Frontend, property: string): string {
    if (property === "targetPort")
        return f.portPath.replace(/([pP])ort$/, (_, p: string) =>
            p === "p" ? "targetPort" : "TargetPort",
        );
    return f.portPath.replace(/\.\w*[pP]ort$/, `.${property}`);
}

/** `https://host:port`, with IPv6 literals bracketed. */
export function apiserverUrl(host: string, port: number): string {
    const address = parseAddress(host);
    return `https://${address?.family === "ipv6" ? `[${host}]` : host}:${port}`;
}

/** The apiserver's clients per family, without "everyone": a restricted frontend. */
export function restrictedApiserverCidrs(spec: ClusterSpec): Record<Family, string[]> {
    const api = apiserverOf(spec);
    const restricted = (family: Family) =>
        api.allowedCidrs[family].includes(ANYWHERE[family]) ? [] : api.allowedCidrs[family];
    return { ipv4: restricted("ipv4"), ipv6: restricted("ipv6") };
}

/** A frontend's client sources: its allowedCidrs, and for the apiserver the nodes' own sources too. */
export function clientCidrs(spec: ClusterSpec, f: Frontend, family: Family): string[] {
    if (!f.families.includes(family)) return [];
    return f.role === "apiserver"
        ? [...new Set([...f.allowedCidrs[family], ...spec.nodeSourceCidrs[family]])]
        : f.allowedCidrs[family];
}

/**
 * Kubelets dial `apiserverUrl`, so a public apiserver restricted to some clients must also
 * admit where the nodes' connections come from (NAT or public addresses). `admitted` names
 * the node sources the cloud's plan admits by itself, if any; otherwise `nodeSourceCidrs`
 * must, or the cluster would lock itself out of its control plane. IPv4 is judged on its own
 * (issue 17, defect 15): an empty IPv4 list admits no IPv4 client, since every cloud here
 * denies what no rule allows (GCP firewall and Cloud Armor default deny, Azure
 * `DenyAllInBound`, AWS security groups allow only their rules). IPv4 decides because every
 * node has an IPv4 address and reaches the apiserver over it: `apiserverUrl` is the IPv4
 * address on GCP and Azure, and where it is a dual-stack DNS name (AWS) Go's dialer falls
 * back to IPv4 when IPv6 fails (https://pkg.go.dev/net#Dialer, FallbackDelay; RFC 6555).
 * With `apiserver.internal` the nodes dial the private endpoint (kubeadm's
 * `controlPlaneEndpoint` is that one), so the public one may admit whom it likes.
 */
export function checkNodeAccess(r: Reader, spec: ClusterSpec, admitted?: string): void {
    if (spec.scheme !== "public" || admitted !== undefined || spec.internalEndpoint) return;
    const allowed = apiserverOf(spec).allowedCidrs;
    if (allowed.ipv4.includes(ANYWHERE.ipv4) || spec.nodeSourceCidrs.ipv4.length > 0) return;
    r.problems.add(
        "apiserver.allowedCidrs",
        `${allowed.ipv4.length === 0 ? `admits no IPv4 client (only ${allowed.ipv6.join(", ")})` : `admits only ${allowed.ipv4.join(", ")}`}, so the kubelets, which reach a public apiserver from their NAT or public addresses, would be locked out of their own control plane`,
        "list the nodes' NAT gateway or public addresses in nodeSourceCidrs (their IPv4 ones), give the nodes a private endpoint with apiserver.internal, or leave apiserver.allowedCidrs out to admit everyone",
    );
}
