// The TypeScript API of pulumi-hacluster. Each component class loads on first use, so a
// program that builds one cloud's cluster never loads the other clouds' SDKs.
export * from "./generated/types";

export type AwsHaCluster = import("./aws/awsHaCluster").AwsHaCluster;
export const AwsHaCluster: typeof import("./aws/awsHaCluster").AwsHaCluster = null as any;

function lazy(name: string, load: () => Record<string, unknown>): void {
    Object.defineProperty(exports, name, { enumerable: true, configurable: true, get: () => load()[name] });
}

lazy("AwsHaCluster", () => require("./aws/awsHaCluster"));
