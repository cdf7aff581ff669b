// The apiserver endpoint outputs every component publishes alike: the URL, the certificate
// names and the kubeadm fragment, from the host clients dial and every name and address.
import * as pulumi from "@pulumi/pulumi";
import { certSans, kubeadmClusterConfiguration } from "../model/certificates";
import { apiserverUrl } from "../model/frontends";

export function endpointOutputs(
    host: pulumi.Input<string>,
    port: number,
    hosts: pulumi.Input<pulumi.Input<string | undefined>[]>,
) {
    const sans = pulumi.output(hosts).apply((list) => certSans(list));
    return {
        apiserverUrl: pulumi.output(host).apply((h) => apiserverUrl(h, port)),
        certSans: sans,
        kubeadmConfig: pulumi
            .all([host, sans])
            .apply(([h, s]) => kubeadmClusterConfiguration(h, port, s)),
    };
}
