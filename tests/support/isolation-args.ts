/** Minimal valid args per cloud, for the isolation check. */
export const ISOLATION_ARGS = {
    aws: { component: "AwsHaCluster", sdk: "@pulumi/aws", args: { vpcId: "vpc-1", subnetIds: ["subnet-a"] } },
};
