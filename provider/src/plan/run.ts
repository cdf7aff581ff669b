// Constructs each declared cluster in-process under Pulumi's mock runtime, as a preview:
// no cloud, no credentials, no CLI. Unknown properties are preview unknowns.
import * as pulumi from "@pulumi/pulumi";
import { loadComponent } from "../component/load";
import { snapshot } from "../component/snapshot";
import { planAws } from "../model/aws";
import { planAzure } from "../model/azure";
import { ClusterSpec } from "../model/cluster";
import { planGcp } from "../model/gcp";
import { Raw } from "../model/read";
import { Problem } from "../model/problems";
import { ClusterDeclaration, UNKNOWN_VALUE } from "./program";
import { PlanMocks, Registration } from "./mocks";
// Internal to @pulumi/pulumi, and the only way to wait for registrations made inside applies.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings: { waitForRPCs(): Promise<void> } = require("@pulumi/pulumi/runtime/settings");

export interface InvalidInput {
    path: string;
    reason: string;
}

export interface ClusterRun {
    declaration: ClusterDeclaration;
    resources: Registration[];
    /** The cloud-neutral view of the cluster (frontends, families), for the summary. */
    spec?: ClusterSpec;
    /** Set when the component refused its inputs: nothing was registered. */
    invalid?: { message: string; errors: InvalidInput[] };
}

/** Preview unknowns where the program had `${...}`. */
function previewInputs(value: unknown): unknown {
    if (value === UNKNOWN_VALUE) return pulumi.output(pulumi.unknown as unknown);
    if (Array.isArray(value)) return value.map(previewInputs);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, previewInputs(v)]));
    return value;
}

const PLANNERS: Record<string, (raw: Raw, name: string) => { plan?: { cluster: ClusterSpec }; problems: Problem[] }> = {
    "hacluster:index:AwsHaCluster": planAws,
    "hacluster:index:AzureHaCluster": planAzure,
    "hacluster:index:GcpHaCluster": planGcp,
};

export async function runCluster(declaration: ClusterDeclaration): Promise<ClusterRun> {
    const mocks = new PlanMocks();
    await pulumi.runtime.setMocks(mocks, "hacluster-plan", "plan", true);
    const Component = loadComponent(declaration.type);
    const inputs = previewInputs(declaration.properties);
    // Pulumi captures (and source-maps) a stack trace for every resource and promise, most of a
    // mock run's time; the plan shows none of them.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        new Component(declaration.name, inputs);
        await settings.waitForRPCs();
    } catch (error) {
        if (!pulumi.InputPropertiesError.isInstance(error)) throw error;
        return { declaration, resources: [], invalid: { message: error.message, errors: error.errors.map((e) => ({ path: e.propertyPath, reason: e.reason })) } };
    } finally {
        Error.stackTraceLimit = limit;
    }
    const resources = [...mocks.registrations].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
    return { declaration, resources, spec: PLANNERS[declaration.type](snapshot(inputs), declaration.name).plan?.cluster };
}
