// The baseline of the engine figures: the resources a component registers, declared as a user
// would declare them without it. A user wires each resource to the ones it needs (a listener
// takes its load balancer's ARN), so the engine waits for the same creates: the baseline keeps
// every dependency the component's registrations carried.
import * as pulumi from "@pulumi/pulumi";
import { build, Registered, spyOnRegistrations } from "../support/harness";
import type { Cloud } from "./engine";

/** Each cloud's SDK package, and the package prefix of its resource types. */
const SDKS: Record<Cloud, { prefix: string; sdk: string }> = {
    aws: { prefix: "aws:", sdk: "@pulumi/aws" },
    azure: { prefix: "azure-native:", sdk: "@pulumi/azure-native" },
    gcp: { prefix: "gcp:", sdk: "@pulumi/gcp" },
};

/** A registration with what it depended on: per input property, and in all, as `type::name`. */
export interface DirectResource extends Registered {
    propertyDependencies: Record<string, string[]>;
    dependencies: string[];
}

/** `type::name` of a URN (`urn:pulumi:stack::project::parent$type::name`). */
const keyOfUrn = (urn: string): string => {
    const [, , qualified, name] = urn.split("::");
    return `${qualified.split("$").pop()}::${name}`;
};
const keyOf = (r: Pick<Registered, "type" | "name">) => `${r.type}::${r.name}`;

/** Runs `program` under the mock runtime and returns every registration with its dependencies. */
export async function registrationsWithDependencies(
    program: () => unknown,
): Promise<DirectResource[]> {
    const seen = new Map<string, Pick<DirectResource, "propertyDependencies" | "dependencies">>();
    const { recorder } = await spyOnRegistrations(
        (req) => {
            const propertyDependencies: Record<string, string[]> = {};
            req.getPropertydependenciesMap().forEach((deps, property) => {
                propertyDependencies[property] = deps.getUrnsList().map(keyOfUrn);
            });
            seen.set(keyOf({ type: req.getType(), name: req.getName() }), {
                propertyDependencies,
                dependencies: req.getDependenciesList().map(keyOfUrn),
            });
        },
        () => build(program),
    );
    return recorder.resources.map((r) => ({ ...r, ...seen.get(keyOf(r))! }));
}

/** The cloud resources of a program, per cloud, with their dependencies. */
export async function registrationsByCloud(
    program: () => unknown,
): Promise<Record<Cloud, DirectResource[]>> {
    const all = await registrationsWithDependencies(program);
    const of = (c: Cloud) => all.filter((r) => r.type.startsWith(SDKS[c].prefix));
    return { aws: of("aws"), azure: of("azure"), gcp: of("gcp") };
}

/** The cloud resources one cloud's component registers, with their dependencies. */
export async function registrations(
    cloud: Cloud,
    program: () => unknown,
): Promise<DirectResource[]> {
    const found = (await registrationsByCloud(program))[cloud];
    if (!found.length)
        throw new Error(`the ${cloud} component registered no ${SDKS[cloud].prefix} resources`);
    return found;
}

/**
 * The same resources as a user would declare them without the component: the SDK class of each
 * type (`gcp:compute/forwardingRule:ForwardingRule` is `ForwardingRule` of `@pulumi/gcp/compute`)
 * with the inputs the component gave it, without a parent. Each waits, through `dependsOn`, for
 * every resource the component wired into it. A user's program passes an output it already has
 * (`nlb.arn`); wrapping each value in an output of its own (`all(...).apply`) made the baseline
 * spend more CPU than the component (27.3 s against 21.8 s in an `up` of 20 clusters).
 */
export function declareDirectly(cloud: Cloud, resources: DirectResource[]): void {
    const made = new Map<string, pulumi.CustomResource>();
    for (const r of resources) {
        const [, module, className] = /^[^:]+:([^/:]+)(?:\/[^:]+)?:(\w+)$/.exec(r.type)!;
        const Class: new (
            name: string,
            args: unknown,
            opts: pulumi.CustomResourceOptions,
        ) => pulumi.CustomResource = require(`${SDKS[cloud].sdk}/${module}`)[className];
        const needs = new Set([...Object.values(r.propertyDependencies).flat(), ...r.dependencies]);
        const dependsOn = [...needs].flatMap((k) => (made.has(k) ? [made.get(k)!] : []));
        made.set(keyOf(r), new Class(r.name, r.inputs, { dependsOn }));
    }
}
