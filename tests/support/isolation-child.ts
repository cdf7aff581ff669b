// Run in a fresh process: builds one cloud's component under mocks, through the package
// entry point or through the provider's Construct, then prints which cloud SDKs Node loaded.
import * as pulumi from "@pulumi/pulumi";
import { COMPONENT_CASES } from "./componentCases";

const [cloud, via] = process.argv.slice(2);
const c = COMPONENT_CASES.find((x) => x.cloud === cloud)!;

(async () => {
    await pulumi.runtime.setMocks(
        { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs },
        "p",
        "s",
        true,
    );
    const before = loaded();
    if (via === "provider") {
        const { HaClusterProvider } = require("../../provider/src/provider/provider");
        const { loadSchema } = require("../../provider/src/schema");
        await new HaClusterProvider("0.0.0", loadSchema()).construct("iso", c.token, c.args, {});
    } else {
        const api = require("../../provider/src") as Record<
            string,
            new (name: string, args: unknown) => unknown
        >;
        new api[c.component]("iso", c.args);
    }
    console.log(JSON.stringify({ beforeConstruct: before, afterConstruct: loaded() }));
})();

function loaded(): string[] {
    const sdks = new Set<string>();
    for (const file of Object.keys(require.cache)) {
        const m = /node_modules[\\/](@pulumi[\\/](?:aws|azure-native|gcp))[\\/]/.exec(file);
        if (m) sdks.add(m[1].replace("\\", "/"));
    }
    return [...sdks].sort();
}
