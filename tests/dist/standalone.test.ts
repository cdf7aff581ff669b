// The standalone plugin (`npm run dist`) as a user runs it: the executable alone in an empty
// folder, a PATH with no Node on it, no checkout. It must serve the schema and construct every
// component exactly as the checkout's provider (the launcher) does.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadSchema, packageVersion } from "../../provider/src/schema";
import { buildExecutable, HOST } from "../../provider/scripts/dist";
import { ProviderSession } from "../provider/client";
import { Registration } from "../provider/fakeEngine";
import { COMPONENT_CASES } from "../support/componentCases";

/** What a registration says, without the engine-specific URN prefix. */
const described = (r: Registration) => ({ type: r.type, name: r.name, custom: r.custom, inputs: r.inputs });

describe("standalone plugin executable", function () {
    // The first build bundles and injects (tens of seconds); later runs reuse it by input hash.
    this.timeout(600_000);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "hacluster-standalone-"));
    let standalone: ProviderSession;
    const launcher = new ProviderSession();

    before(async () => {
        const executable = path.join(home, "pulumi-resource-hacluster");
        fs.copyFileSync(await buildExecutable(HOST), executable);
        fs.chmodSync(executable, 0o755);
        const emptyBin = fs.mkdtempSync(path.join(os.tmpdir(), "hacluster-no-node-"));
        standalone = new ProviderSession(executable, { cwd: home, env: { PATH: emptyBin, HOME: home } });
        await Promise.all([standalone.start(), launcher.start()]);
    });
    after(() => {
        standalone?.stop();
        launcher.stop();
        fs.rmSync(home, { recursive: true, force: true });
    });

    it("runs with no Node on PATH and no checkout beside it", () => {
        assert.deepStrictEqual(fs.readdirSync(home), ["pulumi-resource-hacluster"]);
    });

    it("serves the embedded schema as JSON, with the package version", async () => {
        const res = await standalone.getSchema();
        assert.deepStrictEqual(JSON.parse(res.getSchema()), { ...loadSchema(), version: packageVersion() });
    });

    for (const c of COMPONENT_CASES) {
        it(`constructs ${c.token} with the same resources and outputs as the checkout's provider`, async () => {
            const [ours, reference] = await Promise.all([standalone.construct(c.token, c.cloud, c.args), launcher.construct(c.token, c.cloud, c.args)]);
            assert.strictEqual(ours.getUrn(), `urn:pulumi:stack::project::${c.token}::${c.cloud}`);
            const children = (s: ProviderSession) => s.engine.registrations.filter((r) => r.parent === ours.getUrn()).map(described).sort((a, b) => `${a.type}::${a.name}`.localeCompare(`${b.type}::${b.name}`));
            assert.ok(children(standalone).length >= c.minChildren, `${children(standalone).length} children`);
            assert.deepStrictEqual(children(standalone), children(launcher));
            assert.deepStrictEqual(ours.getState()!.toJavaScript(), reference.getState()!.toJavaScript());
            assert.match(String(ours.getState()!.toJavaScript().apiserverUrl), c.apiserverUrl);
        });
    }
});
