// The node-side fix for Google Cloud passthrough load balancers. Google's guest environment
// adds a local route for every load-balancer address a VM serves, so a node that dials one of
// them talks to itself. kube-proxy in IPVS mode, or with nodePortAddresses, serves NodePorts
// only on addresses it finds on the node's interfaces, so such a NodePort is refused (kURL's
// blackhole; iptables mode matches any local destination and is unaffected, as tests/lab
// shows). Aliasing the address on the primary interface makes it an interface address. Only
// the addresses of the node's own roles are aliased: a worker must still reach the apiserver's
// address through the load balancer.
import { BackendRole } from "../../generated/enums";
import { HAIRPIN_ROLES_VARIABLE, roleScript } from "../hairpin";
import { Family } from "../net";

export interface GcpRoleAddress {
    role: BackendRole;
    family: Family;
    address: string;
}

const HEADER = [
    "hacluster: Google Cloud routes a node's own load-balancer addresses to the node itself. Run as",
    `root at every boot on every node, with ${HAIRPIN_ROLES_VARIABLE} set to the node's roles: controllers, workers or both.`,
];

const SETUP = [
    "dev=\"$(ip route show default | awk '{print $5; exit}')\"",
    'if [ -z "$dev" ]; then echo "hacluster: no default route, so no primary interface to alias on" >&2; exit 1; fi',
];

const alias = (a: GcpRoleAddress) =>
    a.family === "ipv4"
        ? `    ip address replace ${a.address}/32 dev "$dev"`
        : `    ip -6 address replace ${a.address}/128 dev "$dev" nodad`;

/** The script for the addresses of each role's frontends. */
export function gcpHairpinScript(addresses: GcpRoleAddress[]): string {
    return roleScript(HEADER, SETUP, (role) => addresses.filter((a) => a.role === role).map(alias));
}
