// The committed TypeScript types must be exactly what schema.yaml renders to.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { GENERATED_DIR, renderTypes } from "../../provider/scripts/gen-types";
import { loadSchema } from "../../provider/src/schema";

describe("generated TypeScript types", () => {
    for (const [file, text] of Object.entries(renderTypes(loadSchema()))) {
        it(`provider/src/generated/${file} matches schema.yaml (run \`npm run gen:types\` after editing the schema)`, () => {
            assert.strictEqual(fs.readFileSync(path.join(GENERATED_DIR, file), "utf8"), text);
        });
    }
});
