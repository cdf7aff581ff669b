// Cloud-neutral views of a cluster spec that every cloud's plan is built from: which
// frontends reach a node group, and which node ports the load balancer must be admitted to.
import { BackendRole, TransportProtocol } from "../generated/enums";
import { ClusterSpec, Frontend } from "./cluster";
import { parseAddress } from "./net";

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

export function apiserverOf(spec: ClusterSpec): Frontend {
    return spec.frontends.find((f) => f.role === "apiserver")!;
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
    return [...ports.values()].sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port);
}

/** `https://host:port`, with IPv6 literals bracketed. */
export function apiserverUrl(host: string, port: number): string {
    const address = parseAddress(host);
    return `https://${address?.family === "ipv6" ? `[${host}]` : host}:${port}`;
}
