// The cloud resource types the components register, read from the component sources: every
// `new <alias>.<Class>(` whose alias imports a cloud SDK module, resolved to the type token
// through the SDK class itself (its static __pulumiType).
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../../..");
const CLOUD_DIRS = ["aws", "azure", "gcp"].map((d) => path.join(ROOT, "provider/src", d));

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
    });
}

export function registeredTypes(): string[] {
    const types = new Set<string>();
    for (const file of CLOUD_DIRS.filter(fs.existsSync).flatMap(sources)) {
        const text = fs.readFileSync(file, "utf8");
        const modules = new Map<string, string>();
        for (const m of text.matchAll(
            /import \* as (\w+) from "(@pulumi\/(?:aws|gcp|azure-native)\/[\w/]+)"/g,
        )) {
            modules.set(m[1], m[2]);
        }
        for (const m of text.matchAll(/new (\w+)\.(\w+)\(/g)) {
            const mod = modules.get(m[1]);
            if (!mod) continue;
            const token = require(require.resolve(mod, { paths: [ROOT] }))[m[2]]?.__pulumiType;
            if (!token) throw new Error(`${file}: ${m[1]}.${m[2]} is no resource of ${mod}`);
            types.add(token);
        }
    }
    return [...types].sort();
}
