// The Python and Go SDK tests answer the components with outputs the components really
// produce (tests/support/sdk-outputs.json), so that what they round-trip is real.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { gcpHairpinScript } from "../../provider/src/model/gcp";

describe("outputs the SDK tests round-trip", () => {
    it("are what the components emit (regenerate tests/support/sdk-outputs.json from this test's expectation)", () => {
        const fixture = JSON.parse(
            fs.readFileSync(path.join(__dirname, "..", "support", "sdk-outputs.json"), "utf8"),
        );
        const script = gcpHairpinScript([
            { role: "controllers", family: "ipv4", address: "192.0.2.10" },
        ]);
        assert.match(script, /ip address replace 192\.0\.2\.10\/32 dev "\$dev"/);
        assert.deepStrictEqual(fixture, { gcpHairpinWorkaround: script });
    });
});
