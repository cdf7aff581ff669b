// Run in a fresh process: builds one cloud's component through the package entry point
// under mocks, then prints which cloud SDKs Node loaded.
import * as pulumi from "@pulumi/pulumi";
import { ISOLATION_ARGS } from "./isolation-args";

const cloud = process.argv[2] as keyof typeof ISOLATION_ARGS;

(async () => {
    await pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs }, "p", "s", true);
    const api = require("../../provider/src") as Record<string, new (name: string, args: unknown) => unknown>;
    const before = loaded();
    new api[ISOLATION_ARGS[cloud].component]("iso", ISOLATION_ARGS[cloud].args);
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
