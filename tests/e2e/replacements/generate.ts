// Builds table.json: per resource type the components register, the inputs whose change
// makes the pinned provider replace the resource, each with the repository, path and commit
// it was read from. Run by hand when a pinned provider changes:
//   npx ts-node --transpile-only tests/e2e/replacements/generate.ts \
//       --google-beta <git dir of hashicorp/terraform-provider-google-beta> --ref v7.45.0
// - gcp: the bridged Terraform provider's Go source, parsed here (schema `ForceNew: true`,
//   nested ones as dotted paths, and `diff.ForceNew("x")` calls in CustomizeDiff functions).
// - azure-native: the URL path parameters of each resource (azure-native replaces a resource
//   whose path parameters change), read from the pinned SDK's get-function arguments, plus
//   read.json's entries.
// - aws: read.json (see its note).
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { registeredTypes } from "./registered";

const ROOT = path.resolve(__dirname, "../../..");
const PACKAGES = ["@pulumi/aws", "@pulumi/gcp", "@pulumi/azure-native"];

export interface Entry {
    type: string;
    /** Pulumi input name; nested inputs as dotted paths (`backends.group`). */
    property: string;
    rule: "forceNew" | "customizeDiff";
    /** customizeDiff only: the upstream function and the condition under which it forces. */
    function?: string;
    when?: string;
    upstream: string;
    source: { repository: string; path: string; commit: string };
}

export interface Table {
    generatedFor: Record<string, string>;
    upstream: Record<string, string>;
    entries: Entry[];
}

export const lockedVersions = (): Record<string, string> => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
    return Object.fromEntries(PACKAGES.map((p) => [p, lock.packages[`node_modules/${p}`].version]));
};

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const snake = (name: string) =>
    name
        .replace(/TCP/g, "Tcp")
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .toLowerCase();

/** The input names of a resource's Args interface in the pinned SDK's declarations. */
function argNames(module: string, cls: string): Set<string> {
    const file = require.resolve(`${module}/${cls.charAt(0).toLowerCase()}${cls.slice(1)}.d.ts`, {
        paths: [ROOT],
    });
    const text = fs.readFileSync(file, "utf8");
    const body = text.slice(text.indexOf(`export interface ${cls}Args {`));
    return new Set(
        [...body.slice(0, body.indexOf("\n}")).matchAll(/^ {4}(\w+)\??:/gm)].map((m) => m[1]),
    );
}

/** Strips Go string literals' insides and comments so that brace counting is safe. */
const code = (line: string) =>
    line.replace(/\/\/.*$/, "").replace(/"(?:[^"\\]|\\.)*"|`[^`]*`/g, '""');

/** `ForceNew: true` schema paths in the body of `fn`, and `X.ForceNew("k")` calls per function. */
function parseGo(
    src: string,
    fn: string,
): { forceNew: string[][]; customize: { fn: string; key: string }[] } {
    const lines = src.split("\n");
    const start = lines.findIndex((l) => l.startsWith(`func ${fn}() *schema.Resource {`));
    if (start < 0) throw new Error(`no func ${fn}`);
    const forceNew: string[][] = [];
    const stack: { key: string; depth: number }[] = [];
    let depth = 0;
    for (let i = start; i < lines.length; i++) {
        const line = lines[i];
        const key = line.match(/^\s*"([a-z0-9_]+)":\s*\{\s*$/)?.[1];
        if (key) stack.push({ key, depth });
        if (/^\s*ForceNew:\s*true,/.test(line)) forceNew.push(stack.map((s) => s.key));
        const c = code(line);
        depth += (c.match(/\{/g) ?? []).length - (c.match(/\}/g) ?? []).length;
        while (stack.length && depth <= stack[stack.length - 1].depth) stack.pop();
        if (i > start && depth === 0) break;
    }
    const customize: { fn: string; key: string }[] = [];
    let current = "";
    for (const line of lines) {
        current = line.match(/^func (?:\([^)]*\) )?(\w+)\(/)?.[1] ?? current;
        for (const m of line.matchAll(/\.ForceNew\("([a-z0-9_]+)"\)/g))
            customize.push({ fn: current, key: m[1] });
    }
    return { forceNew, customize };
}

function gcpEntries(gitDir: string, ref: string, types: string[]): Entry[] {
    const commit = execFileSync("git", ["--git-dir", gitDir, "rev-parse", `${ref}^{commit}`], {
        encoding: "utf8",
    }).trim();
    const entries: Entry[] = [];
    for (const type of types.filter((t) => t.startsWith("gcp:"))) {
        const [, modulePath, cls] = type.split(":");
        const module = modulePath.split("/")[0];
        const file = `google-beta/services/${module}/resource_${module}_${snake(cls)}.go`;
        const src = execFileSync("git", ["--git-dir", gitDir, "show", `${commit}:${file}`], {
            encoding: "utf8",
            maxBuffer: 64 << 20,
        });
        const names = argNames(`@pulumi/gcp/${module}`, cls);
        // The bridge names list inputs in the plural (named_port -> namedPorts).
        const top = (k: string) => [camel(k), `${camel(k)}s`].find((n) => names.has(n));
        const source = {
            repository: "hashicorp/terraform-provider-google-beta",
            path: file,
            commit,
        };
        const prefix = module.charAt(0).toUpperCase() + module.slice(1);
        const { forceNew, customize } = parseGo(
            src,
            `Resource${prefix}${cls.replace(/TCP/g, "Tcp")}`,
        );
        for (const keys of forceNew) {
            const head = top(keys[0]);
            if (!head) continue; // output-only in Pulumi's schema (no input to change)
            entries.push({
                type,
                property: [head, ...keys.slice(1).map(camel)].join("."),
                rule: "forceNew",
                upstream: keys.join("."),
                source,
            });
        }
        for (const { fn, key } of customize) {
            const head = top(key);
            if (head)
                entries.push({
                    type,
                    property: head,
                    rule: "customizeDiff",
                    function: fn,
                    upstream: key,
                    source,
                });
        }
    }
    return entries;
}

/** azure-native identifies a resource by its URL path parameters: the get-function's required arguments. */
function azurePathParameters(types: string[]): Entry[] {
    const pkg = require(require.resolve("@pulumi/azure-native/package.json", { paths: [ROOT] }));
    return types
        .filter((t) => t.startsWith("azure-native:"))
        .flatMap((type) => {
            const [, module, cls] = type.split(":");
            const rel = `${module}/get${cls}.d.ts`;
            const text = fs.readFileSync(
                require.resolve(`@pulumi/azure-native/${rel}`, { paths: [ROOT] }),
                "utf8",
            );
            const body = text.slice(text.indexOf(`export interface Get${cls}Args {`));
            const required = [...body.slice(0, body.indexOf("\n}")).matchAll(/^ {4}(\w+):/gm)].map(
                (m) => m[1],
            );
            const source = {
                repository: "npm:@pulumi/azure-native",
                path: rel,
                commit: pkg.version,
            };
            return required.map((property) => ({
                type,
                property,
                rule: "forceNew" as const,
                upstream: "URL path parameter",
                source,
            }));
        });
}

function main(): void {
    const args = process.argv.slice(2);
    const arg = (name: string) => {
        const i = args.indexOf(name);
        if (i < 0 || !args[i + 1])
            throw new Error(`usage: generate.ts --google-beta <git dir> --ref <tag>`);
        return args[i + 1];
    };
    const types = registeredTypes();
    const read = JSON.parse(fs.readFileSync(path.join(__dirname, "read.json"), "utf8"))
        .entries as Entry[];
    const entries = [
        ...read,
        ...gcpEntries(arg("--google-beta"), arg("--ref"), types),
        ...azurePathParameters(types),
    ];
    const table: Table = {
        generatedFor: lockedVersions(),
        upstream: {
            "@pulumi/gcp": `hashicorp/terraform-provider-google-beta ${arg("--ref")}`,
            "@pulumi/aws": "hashicorp/terraform-provider-aws (per-file commits, read.json)",
            "@pulumi/azure-native": "URL path parameters of the pinned SDK; read.json",
        },
        entries: entries.sort((a, b) =>
            `${a.type} ${a.property} ${a.rule}`.localeCompare(`${b.type} ${b.property} ${b.rule}`),
        ),
    };
    fs.writeFileSync(path.join(__dirname, "table.json"), JSON.stringify(table, null, 1) + "\n");
    console.log(`${entries.length} entries for ${new Set(entries.map((e) => e.type)).size} types`);
}

if (require.main === module) main();
