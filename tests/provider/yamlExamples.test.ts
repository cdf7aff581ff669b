// Pulumi YAML examples, run the way the YAML runtime runs them: each hacluster resource's
// properties go to the provider's Construct, with `${...}` interpolations as the unknowns a
// preview sends. Properties must be the schema's inputs, required ones present.
import { COMPONENTS } from "../../provider/src/component/table";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { loadSchema } from "../../provider/src/schema";
import { ProviderSession, UNKNOWN } from "./client";

const EXAMPLES = path.resolve(__dirname, "..", "..", "examples");

function previewValue(value: unknown): unknown {
    if (typeof value === "string") return /\$\{[^}]+\}/.test(value) ? UNKNOWN : value;
    if (Array.isArray(value)) return value.map(previewValue);
    if (value && typeof value === "object")
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, previewValue(v)]));
    return value;
}

const programs = fs
    .readdirSync(EXAMPLES)
    .filter((dir) => dir.endsWith("-yaml"))
    .map((dir) => ({
        dir,
        program: parse(fs.readFileSync(path.join(EXAMPLES, dir, "Pulumi.yaml"), "utf8")),
    }));
// The root demo (planned by tests/plan) declares one cluster per cloud.
const demo = parse(fs.readFileSync(path.join(EXAMPLES, "..", "Pulumi.yaml"), "utf8"));

describe("Pulumi YAML examples", () => {
    const session = new ProviderSession();
    const schema = loadSchema();
    before(() => session.start());
    after(() => session.stop());

    it("declare every component of the table", () => {
        const declared = new Set(
            [demo, ...programs.map((p) => p.program)].flatMap((program) =>
                Object.values<{ type: string }>(program.resources).map((r) => r.type),
            ),
        );
        assert.deepStrictEqual(
            Object.keys(COMPONENTS).filter((token) => !declared.has(token)),
            [],
        );
    });

    for (const { dir, program } of programs) {
        for (const [name, resource] of Object.entries<{
            type: string;
            properties?: Record<string, unknown>;
        }>(program.resources)) {
            if (!resource.type.startsWith("hacluster:")) continue;
            it(`examples/${dir}: ${name} (${resource.type}) uses only schema inputs and previews through Construct`, async () => {
                const spec = schema.resources[resource.type];
                assert.ok(spec, `${resource.type} is a hacluster component`);
                const props = resource.properties ?? {};
                const unknownProps = Object.keys(props).filter(
                    (k) => !(k in spec.inputProperties!),
                );
                assert.deepStrictEqual(unknownProps, [], "every property is a schema input");
                for (const required of spec.requiredInputs ?? [])
                    assert.ok(required in props, `${required} is set`);
                const res = await session.construct(
                    resource.type,
                    name,
                    previewValue(props) as Record<string, unknown>,
                    true,
                );
                const children = session.engine.registrations.filter(
                    (r) => r.parent === res.getUrn(),
                );
                assert.ok(children.length > 0, "the component registers its resources");
                for (const output of Object.values<string>(program.outputs ?? {})) {
                    const m = /^\$\{(\w+)\.(\w+)\}$/.exec(output);
                    if (m && m[1] === name)
                        assert.ok(
                            m[2] in spec.properties!,
                            `${m[2]} is an output of ${resource.type}`,
                        );
                }
            });
        }
    }
});
