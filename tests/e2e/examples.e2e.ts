// Scenario: every example previews, deploys and destroys through the real engine, building
// the resources the mock-runtime tests see for the same program.
import * as assert from "assert";
import * as os from "os";
import { Engine, constructed, mockTypes } from "./engine";
import { examples, programPath, runExample } from "./examples";
import { timed } from "./timing";

describe("examples through the real engine", function () {
    this.timeout(900_000);
    const engine = new Engine();
    before(() => engine.start());
    after(() => engine.stop());

    for (const example of examples) {
        const label = example.dir === "." ? "root" : example.dir;
        describe(example.dir === "." ? "Pulumi.yaml (root)" : example.dir, () => {
            const stack = `ex-${label}`;
            let program = "";
            before(() => (program = programPath(example, engine.home ?? os.tmpdir())));

            it("previews: every resource is a create", async () => {
                const r = await timed(`${label} preview`, () =>
                    runExample(engine, example, "preview", stack, program),
                );
                const ops = new Set(r.steps.map((s) => s.op));
                assert.deepStrictEqual([...ops].sort(), ["create"], r.stdout);
                assert.ok(
                    r.steps.some((s) => s.type === example.component),
                    `no ${example.component} in the preview`,
                );
            });

            it("deploys the resources the mock runtime sees, and sets the outputs", async () => {
                const r = await timed(`${label} up`, () =>
                    runExample(engine, example, "up", stack, program),
                );
                for (const name of example.outputs)
                    assert.notStrictEqual(r.outputs[name], undefined, `output ${name} is not set`);
                const urls = Object.entries(r.outputs).filter(([k]) => /apiserverUrl$/i.test(k));
                assert.ok(urls.length > 0);
                for (const [, url] of urls) assert.match(String(url), /^https:\/\/.+:6443$/);
                const state = await engine.stateTypes(example.project, stack, engine.home);
                const expected =
                    example.language === "typescript"
                        ? await mockTypes({
                              program,
                              project: example.project,
                              config: example.config,
                          })
                        : sum(
                              await Promise.all(
                                  constructed(engine, stack).map((c) => mockTypes(c)),
                              ),
                          );
                assert.deepStrictEqual(state, expected);
                // What the engine holds, the fake clouds hold too (components and the stack aside).
                const custom = Object.entries(state)
                    .filter(([t]) => !t.startsWith("hacluster:"))
                    .reduce((n, [, c]) => n + c, 0);
                assert.strictEqual(engine.cloudResources(stack).length, custom);
            });

            it("destroys every resource", async () => {
                await timed(`${label} destroy`, () =>
                    runExample(engine, example, "destroy", stack, program),
                );
                assert.deepStrictEqual(engine.cloudResources(stack), []);
                assert.deepStrictEqual(
                    await engine.stateTypes(example.project, stack, engine.home),
                    {},
                );
            });
        });
    }
});

function sum(counts: Record<string, number>[]): Record<string, number> {
    const total: Record<string, number> = {};
    for (const c of counts)
        for (const [type, n] of Object.entries(c)) total[type] = (total[type] ?? 0) + n;
    return total;
}
