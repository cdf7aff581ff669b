// schema.yaml, the multi-language contract, read for the provider (GetSchema, state keys)
// and for the type generator.
import * as fs from "fs";
import * as sea from "node:sea";
import * as path from "path";

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

interface ResourceSpec {
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
function schemaPath(): string {
    for (const up of ["..", path.join("..", "..")]) {
        const candidate = path.resolve(__dirname, up, "schema.yaml");
        if (fs.existsSync(candidate)) return candidate;
    }
    throw new Error(`schema.yaml not found above ${__dirname}`);
}

/**
 * The standalone provider (a Node single executable application, `npm run dist`) has no
 * checkout beside it: it carries the schema, as JSON made from schema.yaml when it was built,
 * and package.json as its assets. Parsing the YAML would take a third of its start-up time.
 */
export function loadSchema(): PackageSchema {
    if (sea.isSea()) return JSON.parse(sea.getAsset("schema.json", "utf8"));
    const { parse } = require("yaml") as typeof import("yaml");
    // YAML anchors share property specs between components; the JSON form has them expanded.
    return parse(fs.readFileSync(schemaPath(), "utf8"), { maxAliasCount: -1 }) as PackageSchema;
}

/** The package version, from the package.json beside schema.yaml. */
export function packageVersion(): string {
    const text = sea.isSea()
        ? sea.getAsset("package.json", "utf8")
        : fs.readFileSync(path.join(path.dirname(schemaPath()), "package.json"), "utf8");
    return JSON.parse(text).version;
}
