// The apiserver endpoint outputs every component publishes alike: the URL, the certificate
// names and the kubeadm fragment, from the host clients dial and every name and address.
import * as pulumi from "@pulumi/pulumi";
import { certSans, kubeadmClusterConfiguration } from "../model/certificates";
import { apiserverUrl } from "../model/frontends";

type Hosts = pulumi.Input<pulumi.Input<string | undefined>[]>;

/** The private endpoint (`apiserver.internal`): the host nodes dial, its names and addresses. */
export interface InternalEndpoint {
    host: pulumi.Input<string>;
    hosts: Hosts;
    ipv4Addresses: pulumi.Input<string[]>;
}

/**
 * With a private endpoint, kubeadm's `controlPlaneEndpoint` is that one: the nodes use it
 * (as cluster-api-provider-azure and -gcp point nodes at the internal load balancer), and
 * `certSans` carries both endpoints' names and addresses.
 */
export function endpointOutputs(
    host: pulumi.Input<string>,
    port: number,
    hosts: Hosts,
    internal?: InternalEndpoint,
) {
    const sans = pulumi
        .all([hosts, internal?.hosts ?? []])
        .apply(([pub, priv]) => certSans([...pub, ...priv]));
    const nodesDial = internal?.host ?? host;
    return {
        apiserverUrl: pulumi.output(host).apply((h) => apiserverUrl(h, port)),
        internalApiserverUrl: internal
            ? pulumi.output(internal.host).apply((h) => apiserverUrl(h, port))
            : pulumi.output(undefined),
        internalIpv4Addresses: pulumi.output(internal?.ipv4Addresses ?? []),
        certSans: sans,
        kubeadmConfig: pulumi
            .all([nodesDial, sans])
            .apply(([h, s]) => kubeadmClusterConfiguration(h, port, s)),
    };
}
