// A dual-stack Kubernetes front door on Azure: apiserver, ingress and a NodePort service
// behind one Standard load balancer. Every node joins through its NIC: one IP configuration
// per address family, each in its role's pool of that family and in the outbound pool of that
// family (the nodes' outbound SNAT, on the inbound frontend address), and each NIC carries its
// role's NSG, without which a Standard load balancer delivers nothing ("secure by default").
// Attach the NICs to the nodes' virtual machines (networkProfile.networkInterfaces).
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import { AzureHaCluster } from "pulumi-hacluster";

const config = new pulumi.Config();
const resourceGroupName = config.require("resourceGroupName");
const subnetId = config.require("subnetId");

const cluster = new AzureHaCluster("demo", {
    resourceGroupName,
    ipv6: true,
    zones: ["1", "2", "3"],
    dnsLabel: "demo-k8s",
    ingress: {},
    services: [{ name: "some-app", port: 3333, targetPort: 30333 }],
    apiserver: { allowedCidrs: ["198.51.100.0/24", "2001:db8::/32"] },
    tags: { cluster: "demo" },
});

const pools = cluster.backendAddressPoolIds;
const nsgs = cluster.networkSecurityGroupIds;
type Role = "controllers" | "workers";
const pool = (role: Role | "outbound", family: "Ipv4" | "Ipv6") =>
    pools.apply((p) => ({ id: p[`${role}${family}`]! }));

/** A node's NIC: its role's NSG, and per family its role's pool and the outbound pool. */
function nodeNic(name: string, role: Role) {
    return new network.NetworkInterface(name, {
        resourceGroupName,
        networkSecurityGroup: { id: nsgs.apply((n) => n[role]!) },
        ipConfigurations: (["Ipv4", "Ipv6"] as const).map((family) => ({
            name: family.toLowerCase(),
            primary: family === "Ipv4",
            subnet: { id: subnetId },
            privateIPAddressVersion: family === "Ipv4" ? "IPv4" : "IPv6",
            loadBalancerBackendAddressPools: [pool(role, family), pool("outbound", family)],
        })),
    });
}

const nics = [
    ...[0, 1, 2].map((i) => nodeNic(`controller-${i}`, "controllers")),
    ...[0, 1].map((i) => nodeNic(`worker-${i}`, "workers")),
];

export const apiserverUrl = cluster.apiserverUrl;
export const ipv4Addresses = cluster.ipv4Addresses;
export const ipv6Addresses = cluster.ipv6Addresses;
export const networkSecurityGroupId = cluster.networkSecurityGroupId;
export const nodeNicIds = nics.map((nic) => nic.id);
