// schema.yaml, the multi-language contract, read for the provider (GetSchema, state keys)
// and for the type generator.
import * as fs from "fs";
import * as sea from "node:sea";
import * as path from "path";
import { parse } from "yaml";

export interface PropertySpec {
    type?: string;
    $ref?: string;
    items?: PropertySpec;
    additionalProperties?: PropertySpec;
    description?: string;
    /** No eventual values: the component decides which resources exist from it. */
    plain?: boolean;
}

export interface TypeSpec {
    type: string;
    description?: string;
    properties?: Record<string, PropertySpec>;
    required?: string[];
    enum?: { name?: string; value: string; description?: string }[];
}

export interface ResourceSpec {
    isComponent?: boolean;
    description?: string;
    inputProperties?: Record<string, PropertySpec>;
    requiredInputs?: string[];
    properties?: Record<string, PropertySpec>;
    required?: string[];
}

export interface PackageSchema {
    name: string;
    version?: string;
    types: Record<string, TypeSpec>;
    resources: Record<string, ResourceSpec>;
    [key: string]: unknown;
}

/** schema.yaml sits at the package root, above both provider/src and the compiled bin/. */
export function schemaPath(): string {
    for (const up of ["..", path.join("..", "..")]) {
        const candidate = path.resolve(__dirname, up, "schema.yaml");
        if (fs.existsSync(candidate)) return candidate;
    }
    throw new Error(`schema.yaml not found above ${__dirname}`);
}

/**
 * A file of the package root. The standalone provider (a Node single executable application,
 * `npm run dist`) carries schema.yaml and package.json as its assets, since no checkout is there.
 */
function packageFile(name: "schema.yaml" | "package.json"): string {
    if (sea.isSea()) return sea.getAsset(name, "utf8");
    return fs.readFileSync(path.join(path.dirname(schemaPath()), name), "utf8");
}

export function loadSchema(): PackageSchema {
    // YAML anchors share property specs between components; the JSON form has them expanded.
    return parse(packageFile("schema.yaml"), { maxAliasCount: -1 }) as PackageSchema;
}

/** The package version, from the package.json beside schema.yaml. */
export function packageVersion(): string {
    return JSON.parse(packageFile("package.json")).version;
}
