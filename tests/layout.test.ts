// The layout rule (DEVELOPMENT.md): each cloud's model mirrors its translator folder, one
// concern per file, the same files on every cloud, and no module imports itself back.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const SRC = path.join(__dirname, "..", "provider", "src");
const CLOUDS = ["aws", "azure", "gcp"];
const tsFiles = (dir: string) =>
    fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".ts"))
        .sort();

/** Relative imports of every module under provider/src, resolved to file paths. */
function importGraph(): Map<string, string[]> {
    const graph = new Map<string, string[]>();
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.name.endsWith(".ts")) graph.set(full, importsOf(full));
        }
    };
    walk(SRC);
    return graph;
}

function importsOf(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    const specs = [
        ...text.matchAll(/(?:^|\n)\s*(?:import|export)[^"']*?from\s+["'](\.[^"']+)["']/g),
    ].map((m) => m[1]);
    return specs.map((spec) => {
        const base = path.resolve(path.dirname(file), spec);
        const candidates = [`${base}.ts`, path.join(base, "index.ts")];
        return candidates.find((c) => fs.existsSync(c)) ?? `${base}.ts`;
    });
}

/** Every cycle found by a depth-first walk, each as the list of files around it. */
function cycles(graph: Map<string, string[]>): string[][] {
    const found: string[][] = [];
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (file: string) => {
        state.set(file, "open");
        stack.push(file);
        for (const next of graph.get(file) ?? []) {
            if (state.get(next) === "open")
                found.push(stack.slice(stack.indexOf(next)).concat(next));
            else if (!state.has(next)) visit(next);
        }
        stack.pop();
        state.set(file, "done");
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file);
    return found;
}

describe("layout", () => {
    it("gives every cloud's model the same files", () => {
        const [first, ...rest] = CLOUDS.map((cloud) => tsFiles(path.join(SRC, "model", cloud)));
        for (const [i, files] of rest.entries())
            assert.deepStrictEqual(
                files,
                first,
                `model/${CLOUDS[i + 1]} differs from model/${CLOUDS[0]}`,
            );
        for (const required of [
            "index.ts",
            "limits.ts",
            "types.ts",
            "loadBalancer.ts",
            "targets.ts",
            "security.ts",
            "routes.ts",
        ]) {
            assert.ok(first.includes(required), `model/<cloud>/${required} is missing`);
        }
    });

    it("mirrors each translator concern in its cloud's model", () => {
        for (const cloud of CLOUDS) {
            const model = tsFiles(path.join(SRC, "model", cloud));
            const concerns = tsFiles(path.join(SRC, cloud)).filter(
                (f) => !/HaCluster\.ts$/.test(f),
            );
            assert.ok(concerns.length >= 4, `${cloud}/ has its concern files`);
            for (const file of concerns)
                assert.ok(model.includes(file), `${cloud}/${file} has no model/${cloud}/${file}`);
        }
    });

    it("keeps the model free of cloud SDKs and of other clouds", () => {
        for (const [file, imports] of importGraph()) {
            const rel = path.relative(SRC, file);
            if (!rel.startsWith("model")) continue;
            const text = fs.readFileSync(file, "utf8");
            assert.doesNotMatch(text, /from "@pulumi\//, `${rel} imports a Pulumi package`);
            const cloud = CLOUDS.find((c) => rel.startsWith(path.join("model", c)));
            for (const target of imports.map((i) => path.relative(SRC, i))) {
                const other = CLOUDS.find(
                    (c) => c !== cloud && target.startsWith(path.join("model", c) + path.sep),
                );
                assert.strictEqual(other, undefined, `${rel} imports ${target}`);
            }
        }
    });

    it("has no import cycles", () => {
        const graph = importGraph();
        assert.ok(graph.size > 40, `read ${graph.size} modules`);
        const found = cycles(graph).map((c) => c.map((f) => path.relative(SRC, f)).join(" -> "));
        assert.deepStrictEqual(found, []);
    });

    it("finds a cycle when there is one", () => {
        const graph = new Map([
            ["a", ["b"]],
            ["b", ["c"]],
            ["c", ["a"]],
            ["d", ["a"]],
        ]);
        assert.deepStrictEqual(cycles(graph), [["a", "b", "c", "a"]]);
    });
});
