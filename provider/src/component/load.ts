// The three components and the cloud SDK each needs. The SDKs are optional peer
// dependencies, so a user installs only the cloud they use; each component's code, and with
// it its SDK, loads on first use, and a missing SDK is named in the error.
import * as pulumi from "@pulumi/pulumi";

export type ComponentClass = new (name: string, args: any, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource;

export interface ComponentEntry {
    className: string;
    /** The npm package of the cloud SDK the component needs. */
    sdk: string;
    load: () => Record<string, unknown>;
}

export const COMPONENTS: Record<string, ComponentEntry> = {
    "hacluster:index:AwsHaCluster": { className: "AwsHaCluster", sdk: "@pulumi/aws", load: () => require("../aws/awsHaCluster") },
    "hacluster:index:AzureHaCluster": { className: "AzureHaCluster", sdk: "@pulumi/azure-native", load: () => require("../azure/azureHaCluster") },
    "hacluster:index:GcpHaCluster": { className: "GcpHaCluster", sdk: "@pulumi/gcp", load: () => require("../gcp/gcpHaCluster") },
};

function missing(error: unknown, sdk: string): boolean {
    const e = error as { code?: string; message?: string };
    return e?.code === "MODULE_NOT_FOUND" && (e.message ?? "").includes(`'${sdk}`);
}

/** The component's module; throws an error naming the SDK to install when it is missing. */
export function loadModule(entry: ComponentEntry): Record<string, unknown> {
    try {
        return entry.load();
    } catch (error) {
        if (!missing(error, entry.sdk)) throw error;
        throw new Error(`${entry.className} needs ${entry.sdk}, an optional peer dependency of pulumi-hacluster that is not installed. Fix: npm install ${entry.sdk}`, { cause: error });
    }
}

export function loadComponent(token: string): ComponentClass {
    const entry = COMPONENTS[token];
    if (!entry) throw new Error(`unknown resource type ${token}; hacluster provides ${Object.keys(COMPONENTS).join(", ")}`);
    return loadModule(entry)[entry.className] as ComponentClass;
}
