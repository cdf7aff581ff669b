// The names a program wires into its control plane: the apiserver's serving-certificate SANs
// and the kubeadm ClusterConfiguration fragment that names the front door.
import { stringify } from "yaml";
import { apiserverUrl } from "./frontends";
import { formatAddress, parseAddress } from "./net";

/**
 * Every DNS name and address by which the apiserver is reached, names first, each once
 * (DNS names compare case-insensitively, without the root dot; addresses canonical).
 */
export function certSans(hosts: (string | undefined)[]): string[] {
    const names = new Set<string>();
    const addresses = new Set<string>();
    for (const host of hosts) {
        if (!host) continue;
        const address = parseAddress(host);
        if (address) addresses.add(formatAddress(address));
        else names.add(host.toLowerCase().replace(/\.$/, ""));
    }
    return [...names, ...addresses];
}

/**
 * The `ClusterConfiguration` fragment (kubeadm.k8s.io/v1beta4) that points a cluster at the
 * front door: `controlPlaneEndpoint` ("a stable IP address or DNS name for the control plane",
 * host:port) and `apiServer.certSANs` ("extra Subject Alternative Names for the API Server
 * signing cert"): https://kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/.
 * kubeadm merges a partial ClusterConfiguration with its defaults.
 */
export function kubeadmClusterConfiguration(host: string, port: number, sans: string[]): string {
    const endpoint = apiserverUrl(host, port).replace(/^https:\/\//, "");
    return stringify({
        apiVersion: "kubeadm.k8s.io/v1beta4",
        kind: "ClusterConfiguration",
        controlPlaneEndpoint: endpoint,
        apiServer: { certSANs: sans },
    });
}
