// schema.yaml, the multi-language contract, read for the provider (GetSchema, state keys)
// and for the type generator.
import * as fs from "fs";
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

export function loadSchema(file = schemaPath()): PackageSchema {
    // YAML anchors share property specs between components; the JSON form has them expanded.
    return parse(fs.readFileSync(file, "utf8"), { maxAliasCount: -1 }) as PackageSchema;
}

/** The package version, from the package.json beside schema.yaml. */
export function packageVersion(): string {
    return JSON.parse(fs.readFileSync(path.join(path.dirname(schemaPath()), "package.json"), "utf8")).version;
}
