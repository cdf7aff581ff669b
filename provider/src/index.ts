// The TypeScript API of pulumi-hacluster. Each component class loads on first use, so a
// program that builds one cloud's cluster never loads the other clouds' SDKs.
export * from "./generated/types";

export type AwsHaCluster = import("./aws/awsHaCluster").AwsHaCluster;
export const AwsHaCluster: typeof import("./aws/awsHaCluster").AwsHaCluster = null as any;
export type GcpHaCluster = import("./gcp/gcpHaCluster").GcpHaCluster;
export const GcpHaCluster: typeof import("./gcp/gcpHaCluster").GcpHaCluster = null as any;
export type AzureHaCluster = import("./azure/azureHaCluster").AzureHaCluster;
export const AzureHaCluster: typeof import("./azure/azureHaCluster").AzureHaCluster = null as any;

function lazy(name: string, load: () => Record<string, unknown>): void {
    Object.defineProperty(exports, name, { enumerable: true, configurable: true, get: () => load()[name] });
}

lazy("AwsHaCluster", () => require("./aws/awsHaCluster"));
lazy("GcpHaCluster", () => require("./gcp/gcpHaCluster"));
lazy("AzureHaCluster", () => require("./azure/azureHaCluster"));
