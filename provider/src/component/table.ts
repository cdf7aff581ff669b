// The one table of components (as awsx keeps its resources.ts): every component token of the
// schema, its class, its cloud, the optional cloud SDK it needs and its pure planner. The
// provider, the TypeScript API, the plan CLI and the tests read it; a token the schema adds
// without an entry here fails to compile.
import { ComponentToken } from "../generated/enums";
import { planAws } from "../model/aws";
import { planAzure } from "../model/azure";
import { ClusterSpec } from "../model/cluster";
import { planGcp } from "../model/gcp";
import { Problem } from "../model/problems";
import { Raw } from "../model/read";

export type Cloud = "aws" | "azure" | "gcp";

export interface ComponentEntry {
    token: ComponentToken;
    className: string;
    cloud: Cloud;
    /** The npm package of the cloud SDK the component needs. */
    sdk: string;
    /** The component's module, loaded on first use so that one cloud never loads another's SDK. */
    load: () => Record<string, unknown>;
    /** The cloud-neutral plan of the component's inputs (pure: no SDK). */
    plan: (raw: Raw, name: string) => { plan?: { cluster: ClusterSpec }; problems: Problem[] };
}

export const COMPONENTS: { readonly [T in ComponentToken]: ComponentEntry & { token: T } } = {
    "hacluster:index:AwsHaCluster": {
        token: "hacluster:index:AwsHaCluster",
        className: "AwsHaCluster",
        cloud: "aws",
        sdk: "@pulumi/aws",
        load: () => require("../aws/awsHaCluster"),
        plan: planAws,
    },
    "hacluster:index:AzureHaCluster": {
        token: "hacluster:index:AzureHaCluster",
        className: "AzureHaCluster",
        cloud: "azure",
        sdk: "@pulumi/azure-native",
        load: () => require("../azure/azureHaCluster"),
        plan: planAzure,
    },
    "hacluster:index:GcpHaCluster": {
        token: "hacluster:index:GcpHaCluster",
        className: "GcpHaCluster",
        cloud: "gcp",
        sdk: "@pulumi/gcp",
        load: () => require("../gcp/gcpHaCluster"),
        plan: planGcp,
    },
};

export const COMPONENT_ENTRIES: readonly ComponentEntry[] = Object.values(COMPONENTS);

/** The entry of a token, or an error naming the tokens there are. */
export function componentOf(token: string): ComponentEntry {
    const entry = (COMPONENTS as Record<string, ComponentEntry>)[token];
    if (!entry)
        throw new Error(
            `unknown resource type ${token}; hacluster provides ${Object.keys(COMPONENTS).join(", ")}`,
        );
    return entry;
}
