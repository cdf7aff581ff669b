// The node-side fix for Azure internal load balancers, which do not hairpin: a flow from a
// backend to the frontend that the load balancer hands back to the same backend is dropped.
// Each node sends connections to the frontends it serves straight to itself, on the target
// port, with a DNAT per frontend and family in two nat chains: OUTPUT for the node's own
// processes, and PREROUTING for its pods, whose packets are routed through the node and never
// pass OUTPUT (netfilter: locally generated packets take OUTPUT, packets arriving on an
// interface, a pod's veth included, take PREROUTING). Frontends of the other role stay on
// the load balancer, so a worker still reaches the apiserver through it.
import { ClusterSpec } from "../cluster";
import { HAIRPIN_ROLES_VARIABLE, roleScript } from "../hairpin";
import { Family } from "../net";
import { frontendsOf, internalApiserverOf } from "../frontends";
import { BackendRole } from "../../generated/enums";

const HEADER = [
    "hacluster: Azure internal load balancers do not hairpin. Run as root at every boot on",
    `every node, with ${HAIRPIN_ROLES_VARIABLE} set to the node's backend pools: controllers, workers or both.`,
    "The target port must be served on the node's own address (kube-apiserver, host-network ingress).",
];

const SETUP = [
    "hacluster_hairpin() { # <4|6> <frontend address> <tcp|udp> <port> <target port>",
    '  self=$(ip -"$1" route get "$2" | sed -n \'s/.* src \\([^ ]*\\).*/\\1/p\')',
    '  if [ "$1" = 6 ]; then ipt=ip6tables; to="[$self]:$5"; else ipt=iptables; to="$self:$5"; fi',
    "  for chain in OUTPUT PREROUTING; do",
    '    $ipt -t nat -C $chain -d "$2" -p "$3" --dport "$4" -j DNAT --to-destination "$to" 2>/dev/null ||',
    '      $ipt -t nat -A $chain -d "$2" -p "$3" --dport "$4" -j DNAT --to-destination "$to"',
    "  done",
    "}",
];

/**
 * The script for the frontend addresses the internal load balancer was given: every frontend's
 * of an internal cluster, or the private endpoint's only (`apiserver.internal`), whose
 * frontend is the apiserver's on the controllers.
 */
export function azureHairpinScript(
    spec: ClusterSpec,
    addresses: Partial<Record<Family, string>>,
): string {
    const internal = internalApiserverOf(spec);
    const frontends = (role: BackendRole) =>
        spec.scheme === "internal"
            ? frontendsOf(spec, role)
            : internal && role === internal.backend
              ? [internal]
              : [];
    return roleScript(HEADER, SETUP, (role) =>
        [...frontends(role)]
            .sort((a, b) => a.key.localeCompare(b.key))
            .flatMap((f) =>
                f.families.flatMap((family) => {
                    const address = addresses[family];
                    if (address === undefined) return [];
                    return [
                        `    hacluster_hairpin ${family === "ipv4" ? 4 : 6} ${address} ${f.protocol.toLowerCase()} ${f.port} ${f.targetPort} # ${f.key}`,
                    ];
                }),
            ),
    );
}
