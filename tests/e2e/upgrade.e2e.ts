// Upgrading from release 0.1.0 (commit 9230423) to the working tree: the states that release
// deployed for generated clusters and the TypeScript examples (tests/e2e/upgrade/0.1.0,
// made by record.ts) are imported, the fake clouds take their resources, and the same
// programs previewed and deployed with the working tree's components may replace or delete
// no address holder. A deliberate change of default goes in CHANGELOG.md with the way to keep
// the old behaviour, and its expectation below in the same commit.
import "./resolveHacluster";
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { Engine, ROOT, programOf } from "./engine";
import { examples } from "./examples";
import { effect } from "./holders";
import { CLUSTERS, PROJECT, RELEASE, clusterProgram } from "./upgrade/clusters";

const DIR = path.join(__dirname, "upgrade", RELEASE.version);

/** Each recorded stack with the program the user keeps running after the upgrade. */
function programs(): {
    stack: string;
    project: string;
    config: Record<string, string>;
    program: () => Promise<Record<string, unknown>>;
}[] {
    const clusters = Object.entries(CLUSTERS).map(([cloud, c]) => {
        const stack = `cluster-${cloud}`;
        return {
            stack,
            project: PROJECT,
            config: c.config,
            program: clusterProgram(ROOT, stack, c),
        };
    });
    const shown = examples
        .filter((e) => e.language === "typescript")
        .map((e) => ({
            stack: `example-${e.dir}`,
            project: e.project,
            config: e.config,
            program: programOf(path.join(ROOT, "examples", e.dir, "index.ts")),
        }));
    return [...clusters, ...shown];
}

/**
 * Address holders an upgrade deletes on purpose, each named in CHANGELOG.md: Azure workers no
 * longer leave from outbound public IPs of their own but through the outbound pool on the
 * inbound frontends (Typhoon's two public IPs), so their egress address becomes the
 * frontends' address. Nothing that clients dial is among them.
 */
const INTENDED = /^delete azure-native:network:PublicIPAddress::.*-lb-outbound-workers-ipv[46]$/;
const unintended = (holders: string[]) => holders.filter((h) => !INTENDED.test(h));

describe(`upgrade from ${RELEASE.version} (${RELEASE.commit}) through the real engine`, function () {
    this.timeout(900_000);
    const engine = new Engine();
    before(() => engine.start());
    after(() => engine.stop());

    it("has a recorded state for every cluster and TypeScript example", () => {
        const recorded = fs
            .readdirSync(DIR)
            .map((f) => f.replace(/\.json$/, ""))
            .sort();
        assert.deepStrictEqual(
            recorded,
            programs()
                .map((p) => p.stack)
                .sort(),
        );
    });

    for (const p of programs()) {
        it(`${p.stack}: replaces and deletes no address holder`, async () => {
            const state = JSON.parse(fs.readFileSync(path.join(DIR, `${p.stack}.json`), "utf8"));
            const job = (op: "preview" | "up" | "destroy") => ({
                op,
                stack: p.stack,
                project: p.project,
                config: p.config,
            });
            await engine.importState(job("preview"), state);
            try {
                const preview = effect((await engine.typescript(job("preview"), p.program)).steps);
                assert.deepStrictEqual(unintended(preview.holders), [], JSON.stringify(preview));
                const up = effect((await engine.typescript(job("up"), p.program)).steps);
                assert.deepStrictEqual(unintended(up.holders), [], JSON.stringify(up));
            } finally {
                await engine.typescript(job("destroy"), p.program);
            }
            assert.deepStrictEqual(engine.cloudResources(p.stack), []);
        });
    }
});
