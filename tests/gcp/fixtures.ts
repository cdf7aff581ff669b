// What the GcpHaCluster tests share: resource types, self links and kURL's cluster.
import * as assert from "assert";
import { GcpHaCluster } from "../../provider/src/gcp/gcpHaCluster";
import { GcpHaClusterArgs } from "../../provider/src/generated/types";
import { build, Recorder, Registered } from "../support/harness";
import { maybe, objs, strs } from "../support/inputs";

export const T = {
    address: "gcp:compute/address:Address",
    globalAddress: "gcp:compute/globalAddress:GlobalAddress",
    healthCheck: "gcp:compute/regionHealthCheck:RegionHealthCheck",
    globalHealthCheck: "gcp:compute/healthCheck:HealthCheck",
    backendService: "gcp:compute/regionBackendService:RegionBackendService",
    globalBackendService: "gcp:compute/backendService:BackendService",
    forwardingRule: "gcp:compute/forwardingRule:ForwardingRule",
    globalForwardingRule: "gcp:compute/globalForwardingRule:GlobalForwardingRule",
    targetProxy: "gcp:compute/targetTCPProxy:TargetTCPProxy",
    securityPolicy: "gcp:compute/securityPolicy:SecurityPolicy",
    instanceGroup: "gcp:compute/instanceGroup:InstanceGroup",
    firewall: "gcp:compute/firewall:Firewall",
    route: "gcp:compute/route:Route",
};

export const instance = (zone: string, name: string) =>
    `https://www.googleapis.com/compute/v1/projects/demo-project/zones/${zone}/instances/${name}`;

/** Ranges from https://cloud.google.com/load-balancing/docs/health-check-concepts, written out to check the model's table. */
export const PROBES = {
    externalIpv4: ["35.191.0.0/16", "209.85.152.0/22", "209.85.204.0/22"],
    externalIpv6: ["2600:1901:8001::/48"],
    internalIpv4: ["35.191.0.0/16", "130.211.0.0/22"],
    internalIpv6: ["2600:2d00:1:b029::/64"],
    proxy: ["35.191.0.0/16", "130.211.0.0/22"],
};

export const kurlControllers = [
    instance("us-central1-b", "primary-1"),
    instance("us-central1-a", "primary-0"),
    instance("us-central1-a", "primary-2"),
];

/** kURL's GCP guide: controllers in unmanaged instance groups per zone behind a regional TCP load balancer. */
export const kurl: GcpHaClusterArgs = {
    clusterName: "kurl",
    region: "us-central1",
    network: "kurl-vpc",
    networkTier: "STANDARD",
    controllers: { instances: kurlControllers },
    workers: {
        instances: [instance("us-central1-a", "worker-0"), instance("us-central1-c", "worker-1")],
    },
    apiserver: { allowedCidrs: ["198.51.100.0/24"] },
    // The Cloud NAT addresses the kubelets reach the public apiserver from.
    nodeSourceCidrs: ["203.0.113.64/27"],
    ingress: {},
};

export async function cluster(args: GcpHaClusterArgs, preview = false) {
    const { recorder, result } = await build(() => new GcpHaCluster("demo", args), { preview });
    return { r: recorder, c: result };
}

/** The one resource of a type with this logical name. */
export function one(r: Recorder, type: string, name: string): Registered {
    const found = r.ofType(type).filter((x) => x.name === name);
    assert.strictEqual(
        found.length,
        1,
        `one ${type} named ${name}; have ${r
            .ofType(type)
            .map((x) => x.name)
            .join(", ")}`,
    );
    return found[0];
}

/** Firewall rules as `protocol:ports from sources -> tags`, sorted, for whole-layout assertions. */
export function firewallLayout(r: Recorder): string[] {
    return r
        .ofType(T.firewall)
        .map(
            (f) =>
                `${f.inputs.name}: ${objs(f.inputs, "allows")
                    .map((a) => `${a.protocol}:${strs(a, "ports").join(",")}`)
                    .join(
                        " ",
                    )} from ${[...(maybe(strs, f.inputs, "sourceRanges") ?? []), ...(maybe(strs, f.inputs, "sourceTags") ?? []).map((t) => `tag:${t}`)].join(",")} -> ${strs(f.inputs, "targetTags").join(",")}`,
        )
        .sort();
}
