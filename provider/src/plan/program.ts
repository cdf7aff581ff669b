// Reads a Pulumi YAML program the way a preview sees it: the hacluster resources, their
// properties with config values (given or defaulted) filled in, and every other `${...}`
// interpolation (another resource's output, a config value without a default) unknown.
import * as fs from "fs";
import { parse } from "yaml";
import { COMPONENTS } from "../component/table";

/** Stands for a value that a preview does not know yet. */
export const UNKNOWN_VALUE = Symbol("unknown");

export interface ClusterDeclaration {
    /** The resource's logical name in the program. */
    name: string;
    /** `hacluster:index:AwsHaCluster` and so on. */
    type: string;
    properties: Record<string, unknown>;
}

export interface Program {
    path: string;
    name: string;
    clusters: ClusterDeclaration[];
}

const INTERPOLATION = /\$\{([^}]+)\}/g;

/** Config values a preview knows: the program's own defaults, overridden by `--config`. */
function knownConfig(config: unknown, given: Record<string, string>): Map<string, string> {
    const known = new Map<string, string>();
    for (const [key, decl] of Object.entries((config ?? {}) as Record<string, unknown>)) {
        const value =
            decl !== null && typeof decl === "object"
                ? (decl as Record<string, unknown>).default
                : decl;
        if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
            known.set(key, String(value));
    }
    for (const [key, value] of Object.entries(given)) known.set(key, value);
    return known;
}

function resolve(value: unknown, config: Map<string, string>): unknown {
    if (typeof value === "string") {
        let unknown = false;
        const text = value.replace(INTERPOLATION, (_, ref: string) => {
            const key = ref.trim();
            if (config.has(key)) return config.get(key)!;
            unknown = true;
            return "";
        });
        return unknown ? UNKNOWN_VALUE : text;
    }
    if (Array.isArray(value)) return value.map((v) => resolve(v, config));
    if (value !== null && typeof value === "object")
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, config)]));
    return value;
}

export function readProgram(path: string, given: Record<string, string> = {}): Program {
    const doc = parse(fs.readFileSync(path, "utf8")) as {
        resources?: unknown;
        config?: unknown;
        configuration?: unknown;
        name?: unknown;
    } | null;
    if (!doc || typeof doc !== "object" || typeof doc.resources !== "object")
        throw new Error(`${path} is not a Pulumi YAML program: it has no resources`);
    const config = knownConfig(doc.config ?? doc.configuration, given);
    const clusters = Object.entries(
        doc.resources as Record<string, { type?: unknown; properties?: unknown }>,
    )
        .filter(([, r]) => typeof r?.type === "string" && r.type in COMPONENTS)
        .map(([name, r]) => ({
            name,
            type: r.type as string,
            properties: resolve(r.properties ?? {}, config) as Record<string, unknown>,
        }));
    if (clusters.length === 0)
        throw new Error(
            `${path} declares no hacluster resources (types ${Object.keys(COMPONENTS).join(", ")})`,
        );
    return { path, name: String(doc.name ?? ""), clusters };
}
