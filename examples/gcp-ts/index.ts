// kURL's Kubernetes front door on Google Cloud: a regional passthrough load balancer for the
// apiserver, ingress and a NodePort service, in front of one control-plane VM per zone created
// here and an existing managed instance group of workers.
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/gcp/compute";
import { GcpHaCluster } from "pulumi-hacluster";

const config = new pulumi.Config();
const region = config.get("region") ?? "us-central1";
const network = config.require("network");
const subnetwork = config.require("subnetwork");

// The nodes have no external address (nothing reaches them around the load balancer); they
// reach the public apiserver through Cloud NAT, from the reserved address nodeSourceCidrs lists.
const router = new compute.Router("nat-router", { region, network });
new compute.RouterNat("nat", {
    router: router.name,
    region,
    natIpAllocateOption: "MANUAL_ONLY",
    natIps: [config.require("natAddressSelfLink")],
    sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
    subnetworks: [{ name: subnetwork, sourceIpRangesToNats: ["ALL_IP_RANGES"] }],
});

// The default firewall target tags are <clusterName>-controller and <clusterName>-worker: the
// nodes must carry them, or the firewall admits neither clients nor probes.
const controllers = ["a", "b", "c"].map(
    (zone) =>
        new compute.Instance(`controller-${zone}`, {
            zone: `${region}-${zone}`,
            machineType: "e2-standard-4",
            bootDisk: { initializeParams: { image: config.require("image") } },
            networkInterfaces: [{ subnetwork }],
            tags: ["demo-controller"],
        }),
);

const cluster = new GcpHaCluster("demo", {
    region,
    network,
    subnetwork,
    controllers: { instances: controllers.map((c) => c.selfLink) },
    // Its instances carry the network tag demo-worker.
    workers: { instanceGroups: [config.require("workerInstanceGroup")] },
    ingress: {},
    services: [{ name: "registry", port: 30500 }],
    apiserver: { allowedCidrs: ["198.51.100.0/24"] },
    // The Cloud NAT address: the kubelets reach the public apiserver from it.
    nodeSourceCidrs: [`${config.require("natAddress")}/32`],
    routes: [{ name: "on-prem", destRange: "192.168.0.0/16", nextHopIp: "10.128.0.5" }],
    tags: { cluster: "demo" },
});

export const apiserverUrl = cluster.apiserverUrl;
// The controllers' address (the apiserver's) first, then the workers' (ingress).
export const loadBalancerAddresses = cluster.ipv4Addresses;
// Run as root on every node at boot (for example from its startup script) with
// HACLUSTER_ROLES=controllers or workers, so that NodePorts work through the load balancer
// from the nodes themselves; each role aliases only its own addresses.
export const hairpinWorkaround = cluster.hairpinWorkaround;
export const instanceGroups = cluster.instanceGroupIds;
