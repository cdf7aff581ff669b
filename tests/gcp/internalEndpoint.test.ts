// The private apiserver endpoint on Google Cloud (`apiserver.internal`, docs/endpoints.md): an
// internal passthrough load balancer on the controllers' instance groups beside the public one.
import * as assert from "assert";
import { parse } from "yaml";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { GcpHaClusterArgs } from "../../provider/src/generated/types";
import { build, valueOf } from "../support/harness";

const instance = (zone: string, name: string) =>
    `https://www.googleapis.com/compute/v1/projects/p/zones/${zone}/instances/${name}`;

const BASE: GcpHaClusterArgs = {
    region: "us-central1",
    network: "default",
    subnetwork: "nodes",
    clusterName: "prod",
    controllers: { instances: [instance("us-central1-a", "c0"), instance("us-central1-b", "c1")] },
    workers: { instances: [instance("us-central1-a", "w0")] },
    ingress: {},
};

async function gcp(args: Partial<GcpHaClusterArgs>) {
    const { recorder, result } = await build(() => new GcpHaCluster("demo", { ...BASE, ...args }));
    return { r: recorder, c: result };
}

describe("GcpHaCluster: apiserver.internal", () => {
    it("registers nothing for it when left out", async () => {
        const { r, c } = await gcp({});
        assert.ok(!r.resources.some((x) => x.name.includes("int")));
        assert.strictEqual(await valueOf(c.internalApiserverUrl), undefined);
        assert.deepStrictEqual(await valueOf(c.internalIpv4Addresses), []);
    });

    it("adds an internal address, backend service, forwarding rule and firewall rules", async () => {
        const { r, c } = await gcp({
            apiserver: {
                allowedCidrs: ["198.51.100.0/24"],
                internal: { allowedCidrs: ["10.20.0.0/16"], privateIpv4Address: "10.128.0.50" },
            },
        });
        const address = r.named("demo-controllers-internal-ipv4-address").inputs;
        assert.deepStrictEqual(
            [address.name, address.addressType, address.address, address.subnetwork],
            ["prod-controllers-internal-ipv4", "INTERNAL", "10.128.0.50", "nodes"],
        );
        assert.strictEqual(address.networkTier, undefined);
        assert.strictEqual(address.purpose, undefined);

        const backend = r.named("demo-apiserver-int-backend").inputs;
        assert.strictEqual(backend.loadBalancingScheme, "INTERNAL");
        assert.strictEqual(backend.protocol, "TCP");
        assert.strictEqual(backend.healthChecks, "demo-apiserver-hc-id");
        assert.strictEqual(backend.connectionDrainingTimeoutSec, 60);
        // The same instance groups back the public and the private apiserver.
        assert.deepStrictEqual(backend.backends, r.named("demo-apiserver-backend").inputs.backends);
        assert.strictEqual(
            r.named("demo-apiserver-backend").inputs.loadBalancingScheme,
            "EXTERNAL",
        );

        const rule = r.named("demo-apiserver-int-ipv4-fr").inputs;
        assert.deepStrictEqual(
            [
                rule.name,
                rule.loadBalancingScheme,
                rule.ipAddress,
                rule.ports,
                rule.network,
                rule.subnetwork,
                rule.backendService,
                rule.networkTier,
            ],
            [
                "prod-apiserver-int-ipv4",
                "INTERNAL",
                "10.128.0.50",
                ["6443"],
                "default",
                "nodes",
                "demo-apiserver-int-backend-id",
                undefined,
            ],
        );

        const fw = (name: string) => {
            const i = r.named(name).inputs;
            return [i.allows, i.sourceRanges, i.sourceTags, i.destinationRanges, i.targetTags];
        };
        const tcp6443 = [{ protocol: "tcp", ports: ["6443"] }];
        assert.deepStrictEqual(fw("demo-apiserver-int-clients-ipv4-fw"), [
            tcp6443,
            ["10.20.0.0/16"],
            undefined,
            ["10.128.0.50/32"],
            ["prod-controller"],
        ]);
        assert.deepStrictEqual(fw("demo-apiserver-int-nodes-fw"), [
            tcp6443,
            undefined,
            ["prod-controller", "prod-worker"],
            ["10.128.0.50/32"],
            ["prod-controller"],
        ]);
        assert.deepStrictEqual(fw("demo-apiserver-int-health-ipv4-fw"), [
            tcp6443,
            ["35.191.0.0/16", "130.211.0.0/22"],
            undefined,
            undefined,
            ["prod-controller"],
        ]);

        // ipv4Addresses stay the public frontends': the controllers' and the workers'.
        const publics = await valueOf(c.ipv4Addresses);
        assert.strictEqual(publics.length, 2);
        assert.ok(!publics.includes("10.128.0.50"));
        const [publicIpv4] = publics;
        assert.strictEqual(await valueOf(c.internalApiserverUrl), "https://10.128.0.50:6443");
        assert.deepStrictEqual(await valueOf(c.internalIpv4Addresses), ["10.128.0.50"]);
        assert.deepStrictEqual(await valueOf(c.certSans), [publicIpv4, "10.128.0.50"]);
        assert.deepStrictEqual(parse(await valueOf(c.kubeadmConfig)), {
            apiVersion: "kubeadm.k8s.io/v1beta4",
            kind: "ClusterConfiguration",
            controlPlaneEndpoint: "10.128.0.50:6443",
            apiServer: { certSANs: [publicIpv4, "10.128.0.50"] },
        });
        // The controllers alias the private endpoint's address too (Google routes it to them).
        assert.match(
            await valueOf(c.hairpinWorkaround),
            /controllers\)\n.*\n {4}ip address replace 10\.128\.0\.50\/32 dev "\$dev"\n {4};;\n {2}workers\)\n(?! {4}ip address replace 10\.128)/,
        );
        // The public apiserver admits only its own clients: no node sources needed.
        assert.deepStrictEqual(r.named("demo-apiserver-clients-ipv4-fw").inputs.sourceRanges, [
            "198.51.100.0/24",
        ]);
    });

    it("internalDns: a private managed zone's A record holds the private endpoint's address", async () => {
        const { r, c } = await gcp({
            apiserver: { internal: { privateIpv4Address: "10.128.0.50" } },
            internalDns: { managedZone: "prod-internal", name: "api.prod.internal" },
        });
        assert.deepStrictEqual(
            r.ofType("gcp:dns/recordSet:RecordSet").map((x) => [x.name, x.inputs]),
            [
                [
                    "demo-internal-dns-a",
                    {
                        managedZone: "prod-internal",
                        name: "api.prod.internal.",
                        type: "A",
                        ttl: 300,
                        rrdatas: ["10.128.0.50"],
                    },
                ],
            ],
        );
        const [publicIpv4] = await valueOf(c.ipv4Addresses);
        assert.strictEqual(await valueOf(c.internalApiserverUrl), "https://api.prod.internal:6443");
        assert.strictEqual(await valueOf(c.apiserverUrl), `https://${publicIpv4}:6443`);
        assert.deepStrictEqual(await valueOf(c.certSans), [
            "api.prod.internal",
            publicIpv4,
            "10.128.0.50",
        ]);
        assert.strictEqual(
            parse(await valueOf(c.kubeadmConfig)).controlPlaneEndpoint,
            "api.prod.internal:6443",
        );
    });
});
