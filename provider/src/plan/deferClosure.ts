// Imported first by hacluster-plan. `require("@pulumi/pulumi")` loads the SDK's function
// serializer (runtime/index.js requires runtime/closure/codePaths and serializeClosure), and
// with it npm's package tooling (@npmcli/arborist, pacote, sigstore): about 470 of the 760
// modules it loads, and half of its load time. Only function serialization (callbacks turned
// into lambdas, dynamic providers) calls them, which an offline plan never does; so each is
// registered as a stand-in that loads the real module on its first call.
import * as fs from "fs";
import Module from "module";
import * as path from "path";

const DEFERRED = ["runtime/closure/codePaths.js", "runtime/closure/serializeClosure.js"];

type Exports = Record<string, (...args: unknown[]) => unknown>;

function deferClosureSerializer(): void {
    const root = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    for (const file of DEFERRED.map((f) => path.join(root, f))) {
        // Another SDK layout, or already loaded: leave it to the SDK.
        if (!fs.existsSync(file) || require.cache[file]) continue;
        let real: Exports | undefined;
        const load = (): Exports => {
            if (!real) {
                delete require.cache[file];
                real = require(file) as Exports;
            }
            return real;
        };
        const standIn = new Module(file);
        standIn.filename = file;
        standIn.loaded = true;
        // Both modules export functions only, which runtime/index.js copies at load: each copy
        // forwards its calls to the real module.
        standIn.exports = new Proxy(
            {},
            {
                get: (_, key) =>
                    typeof key === "string" && key !== "__esModule" && key !== "then"
                        ? (...args: unknown[]) => load()[key](...args)
                        : undefined,
            },
        );
        require.cache[file] = standIn;
    }
}

deferClosureSerializer();
