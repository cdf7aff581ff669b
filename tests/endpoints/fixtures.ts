// A dual-stack Google Cloud cluster whose apiserver has a Cloud DNS record: one name and two
// addresses in certSans, shared by the certSans test and the certificate lab.
import { GcpHaClusterArgs } from "../../provider/src/generated/types";

export const DNS_NAME = "k8s.example.com";

export const GCP_DUAL_STACK_DNS: GcpHaClusterArgs = {
    region: "us-central1",
    network: "default",
    subnetwork: "nodes",
    ipv6: true,
    dns: { managedZone: "example-com", name: DNS_NAME },
};

/** A public AWS cluster with both roles by instance, for the private endpoint's tests. */
export const AWS_TWO_SUBNETS = {
    vpcId: "vpc-1",
    subnetIds: ["subnet-a", "subnet-b"],
    clusterName: "prod",
    controllers: { instanceIds: ["i-c1", "i-c2"] },
    workers: { instanceIds: ["i-w1"] },
};
