// Loaded with `mocha -r` into a child run of the component suites: every cluster a test
// builds through tests/support/harness is recorded with the test's title, and the records
// are written to $HACLUSTER_CAPTURE when the run ends, for the conformance validators.
import * as fs from "fs";
import * as harness from "../support/harness";
import { Registered } from "../support/harness";
import { fastStacks } from "./stacks";

export interface CapturedScenario {
    id: string;
    resources: Registered[];
}

fastStacks();
const out = process.env.HACLUSTER_CAPTURE!;
const captured: CapturedScenario[] = [];
let pending: Registered[][] = [];
const original = harness.build;
// The suites call `harness_1.build(...)` through the module's exports, so replacing the export
// sees every build.
(harness as { build: typeof original }).build = async (program, options) => {
    const built = await original(program, options);
    pending.push(built.recorder.resources);
    return built;
};

export const mochaHooks = {
    afterEach(this: Mocha.Context) {
        const title = this.currentTest!.fullTitle();
        pending.forEach(
            (resources, i) =>
                resources.length > 0 &&
                captured.push({ id: pending.length > 1 ? `${title} #${i + 1}` : title, resources }),
        );
        pending = [];
    },
    afterAll() {
        fs.writeFileSync(out, JSON.stringify(captured));
    },
};
