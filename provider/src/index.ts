// The TypeScript API of pulumi-hacluster. Each component class loads on first use, so a
// program that builds one cloud's cluster never loads the other clouds' SDKs.
import { loadModule } from "./component/load";
import { COMPONENT_ENTRIES } from "./component/table";

export * from "./generated/types";

// Placeholders that give each class a static CommonJS export; the getters below replace them.
export type AwsHaCluster = import("./aws/awsHaCluster").AwsHaCluster;
export const AwsHaCluster = null as unknown as typeof import("./aws/awsHaCluster").AwsHaCluster;
export type GcpHaCluster = import("./gcp/gcpHaCluster").GcpHaCluster;
export const GcpHaCluster = null as unknown as typeof import("./gcp/gcpHaCluster").GcpHaCluster;
export type AzureHaCluster = import("./azure/azureHaCluster").AzureHaCluster;
export const AzureHaCluster =
    null as unknown as typeof import("./azure/azureHaCluster").AzureHaCluster;

// A missing cloud SDK (an optional peer dependency) is named when its class is first used.
for (const entry of COMPONENT_ENTRIES) {
    Object.defineProperty(exports, entry.className, {
        enumerable: true,
        configurable: true,
        get: () => loadModule(entry)[entry.className],
    });
}
