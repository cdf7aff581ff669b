// Constructs each declared cluster in-process under Pulumi's mock runtime, as a preview:
// no cloud, no credentials, no CLI. Unknown properties are preview unknowns.
import * as pulumi from "@pulumi/pulumi";
import { loadComponent } from "../component/load";
import { snapshot } from "../component/snapshot";
import { componentOf } from "../component/table";
import { ClusterSpec } from "../model/cluster";
import { ClusterDeclaration, UNKNOWN_VALUE } from "./program";
import { PlanMocks, Registration, runWithMocks } from "./mocks";

interface InvalidInput {
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
    if (value !== null && typeof value === "object")
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, previewInputs(v)]));
    return value;
}

/**
 * The plan shows no aliases, and computing them was most of an Azure cluster's run: each
 * azure-native class carries one alias per past API version (60 for network's LoadBalancer
 * in @pulumi/azure-native 3.28.0), and @pulumi/pulumi's `Resource` constructor turns each
 * into a URN through outputs. Children inherit the transformation; it runs before that.
 */
const withoutAliases: pulumi.ResourceTransformation = ({ props, opts }) => ({
    props,
    opts: { ...opts, aliases: undefined },
});

export async function runCluster(declaration: ClusterDeclaration): Promise<ClusterRun> {
    const mocks = new PlanMocks();
    const Component = loadComponent(declaration.type);
    const inputs = previewInputs(declaration.properties) as Record<string, unknown>;
    try {
        await runWithMocks(
            mocks,
            "hacluster-plan",
            "plan",
            true,
            () => new Component(declaration.name, inputs, { transformations: [withoutAliases] }),
        );
    } catch (error) {
        if (!pulumi.InputPropertiesError.isInstance(error)) throw error;
        return {
            declaration,
            resources: [],
            invalid: {
                message: error.message,
                errors: error.errors.map((e) => ({ path: e.propertyPath, reason: e.reason })),
            },
        };
    }
    const resources = [...mocks.registrations].sort(
        (a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name),
    );
    return {
        declaration,
        resources,
        spec: componentOf(declaration.type).plan(snapshot(inputs), declaration.name).plan?.cluster,
    };
}
