// Loaded into the hacluster provider (NODE_OPTIONS=--require) by the real-engine tests:
// records, per Construct, the component inputs the engine delivered (once known), so the
// tests can build the same component under the mock runtime and compare. JSON lines in the
// file named by HACLUSTER_E2E_CONSTRUCTS. Plain JavaScript: the provider runs without ts-node.
const fs = require("fs");
const path = require("path");
const root = path.resolve(__dirname, "../..");
const pulumi = require(require.resolve("@pulumi/pulumi", { paths: [root] }));
const { HaClusterProvider } = require(path.join(root, "bin/provider/provider.js"));

const construct = HaClusterProvider.prototype.construct;
HaClusterProvider.prototype.construct = function (name, type, inputs, options) {
    const stack = pulumi.getStack();
    pulumi.output(inputs).apply((plain) => {
        fs.appendFileSync(
            process.env.HACLUSTER_E2E_CONSTRUCTS,
            JSON.stringify({ stack, type, name, inputs: plain }) + "\n",
        );
    });
    return construct.call(this, name, type, inputs, options);
};
