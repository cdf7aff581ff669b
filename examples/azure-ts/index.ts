// A dual-stack Kubernetes front door on Azure: apiserver, ingress and a NodePort service
// behind one Standard load balancer. The controllers join their pools by IP address; a worker
// joins through its NIC, one IP configuration per address family in that family's pool.
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import { AzureHaCluster } from "pulumi-hacluster";

const config = new pulumi.Config();
const resourceGroupName = config.require("resourceGroupName");
const virtualNetworkId = config.require("virtualNetworkId");
const subnetId = config.require("subnetId");

const cluster = new AzureHaCluster("demo", {
    resourceGroupName,
    ipv6: true,
    zones: ["1", "2", "3"],
    dnsLabel: "demo-k8s",
    virtualNetworkId,
    controllers: { ipAddresses: ["10.0.1.4", "10.0.1.5", "10.0.1.6", "fd00:db8:1::4", "fd00:db8:1::5", "fd00:db8:1::6"] },
    ingress: {},
    services: [{ name: "some-app", port: 3333, targetPort: 30333 }],
    apiserver: { allowedCidrs: ["198.51.100.0/24", "2001:db8::/32"] },
    routes: [{ name: "to-firewall", addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopIpAddress: "10.0.9.4" }],
    tags: { cluster: "demo" },
});

const pools = cluster.backendAddressPoolIds;
new network.NetworkInterface("worker-0", {
    resourceGroupName,
    // The component's NSG holds the rules for the load balancer's clients and probes.
    networkSecurityGroup: { id: cluster.networkSecurityGroupId },
    ipConfigurations: [
        {
            name: "ipv4",
            primary: true,
            subnet: { id: subnetId },
            privateIPAddressVersion: "IPv4",
            loadBalancerBackendAddressPools: [{ id: pools.apply((p) => p.workersIpv4!) }],
        },
        {
            name: "ipv6",
            subnet: { id: subnetId },
            privateIPAddressVersion: "IPv6",
            loadBalancerBackendAddressPools: [{ id: pools.apply((p) => p.workersIpv6!) }],
        },
    ],
});

export const apiserverUrl = cluster.apiserverUrl;
export const ipv4Addresses = cluster.ipv4Addresses;
export const ipv6Addresses = cluster.ipv6Addresses;
export const networkSecurityGroupId = cluster.networkSecurityGroupId;
