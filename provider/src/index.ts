// The TypeScript API of pulumi-hacluster. Each component class loads on first use, so a
// program that builds one cloud's cluster never loads the other clouds' SDKs.
import { loadModule } from "./component/load";
import { COMPONENT_ENTRIES } from "./component/table";

export * from "./generated/types";

export type AwsHaCluster = import("./aws/awsHaCluster").AwsHaCluster;
export const AwsHaCluster: typeof import("./aws/awsHaCluster").AwsHaCluster = null as any;
export type GcpHaCluster = import("./gcp/gcpHaCluster").GcpHaCluster;
export const GcpHaCluster: typeof import("./gcp/gcpHaCluster").GcpHaCluster = null as any;
export type AzureHaCluster = import("./azure/azureHaCluster").AzureHaCluster;
export const AzureHaCluster: typeof import("./azure/azureHaCluster").AzureHaCluster = null as any;

// A missing cloud SDK (an optional peer dependency) is named when its class is first used.
for (const entry of COMPONENT_ENTRIES) {
    Object.defineProperty(exports, entry.className, { enumerable: true, configurable: true, get: () => loadModule(entry)[entry.className] });
}
