// Scenario: a user with no checkout and no Node installs the standalone plugin from its
// tarball (`npm run dist`) and runs the Python and YAML examples, whose Pulumi.yaml names no
// provider path: the engine finds hacluster among its installed plugins.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { HOST, pluginTarball } from "../../provider/scripts/dist";
import { Engine, ROOT, projectCopy } from "./engine";
import { examples, runExample } from "./examples";

const VERSION: string = require(path.join(ROOT, "package.json")).version;

/** The example's project without its `plugins:` section (the checkout's provider path). */
const withoutPluginPath = (text: string) => text.replace(/^plugins:\n(?:[ #].*\n|\n)*/m, "");

describe("the standalone plugin, installed from its tarball, through the real engine", function () {
    this.timeout(900_000);
    const engine = new Engine();

    before(async () => {
        // Bundling and injecting take a minute; later runs reuse the executable by input hash.
        const tarball = await pluginTarball(HOST);
        await engine.start();
        // The construct spy of the other scenarios is a Node --require: the plugin is no Node program of ours to spy on.
        engine.env.NODE_OPTIONS = "";
        await engine.pulumi(
            ["plugin", "install", "resource", "hacluster", `v${VERSION}`, "--file", tarball],
            engine.home,
        );
    });
    after(() => engine.stop());

    it("is installed as the engine's hacluster plugin", async () => {
        const { stdout } = await engine.pulumi(["plugin", "ls", "--json"], engine.home);
        const plugins: { name: string; kind: string; version: string }[] = JSON.parse(stdout);
        assert.deepStrictEqual(
            plugins.filter((p) => p.name === "hacluster").map((p) => [p.kind, p.version]),
            [["resource", VERSION]],
        );
    });

    for (const dir of ["azure-yaml", "aws-py"]) {
        it(`runs examples/${dir} with no provider path: preview, then up with the outputs set`, async () => {
            const example = examples.find((e) => e.dir === dir)!;
            const source = path.join(ROOT, "examples", dir);
            const project = projectCopy(source, engine.home, withoutPluginPath);
            assert.doesNotMatch(
                fs.readFileSync(path.join(project, "Pulumi.yaml"), "utf8"),
                /pulumi-resource-hacluster/,
            );
            // Python runs the program file beside the edited Pulumi.yaml.
            const program =
                example.language === "python" ? path.join(project, "__main__.py") : project;
            if (example.language === "python")
                fs.copyFileSync(path.join(source, "__main__.py"), program);
            const stack = `standalone-${dir}`;

            const preview = await runExample(engine, example, "preview", stack, program);
            assert.ok(
                preview.steps.some((s) => s.type === example.component && s.op === "create"),
                preview.stdout,
            );
            const up = await runExample(engine, example, "up", stack, program);
            for (const name of example.outputs)
                assert.notStrictEqual(up.outputs[name], undefined, `output ${name} is not set`);
            assert.match(String(up.outputs.apiserverUrl), /^https:\/\/.+:6443$/);
            assert.ok(
                engine.cloudResources(stack).length > 0,
                "the fake cloud holds the component's resources",
            );
        });
    }
});
