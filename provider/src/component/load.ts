// Loading a component from the table. The cloud SDKs are optional peer dependencies, so a
// user installs only the cloud they use; each component's code, and with it its SDK, loads on
// first use, and a missing SDK is named in the error.
import * as pulumi from "@pulumi/pulumi";
import { ComponentEntry, componentOf } from "./table";

export type ComponentClass = new (
    name: string,
    args: Record<string, unknown>,
    opts?: pulumi.ComponentResourceOptions,
) => pulumi.ComponentResource;

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
        throw new Error(
            `${entry.className} needs ${entry.sdk}, an optional peer dependency of pulumi-hacluster that is not installed. Fix: npm install ${entry.sdk}`,
            { cause: error },
        );
    }
}

export function loadComponent(token: string): ComponentClass {
    const entry = componentOf(token);
    return loadModule(entry)[entry.className] as ComponentClass;
}
