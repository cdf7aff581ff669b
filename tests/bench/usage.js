// Loaded into the hacluster provider by the fleet bench (NODE_OPTIONS=--require): keeps the
// process's peak memory and CPU time in the file HACLUSTER_BENCH_USAGE.<pid> (JSON). One file per
// process: the YAML host starts a provider of its own to read the schema, which may exit last.
// Plain JavaScript: the provider runs without ts-node.
const fs = require("fs");
const path = require("path");

const file = process.env.HACLUSTER_BENCH_USAGE;
if (file) {
    const { HaClusterProvider } = require(
        path.resolve(__dirname, "../../bin/provider/provider.js"),
    );
    // The resident memory before the first Construct: the provider's own, without clusters.
    let idleRssKb;
    let constructs = 0;
    const construct = HaClusterProvider.prototype.construct;
    HaClusterProvider.prototype.construct = function (...args) {
        if (idleRssKb === undefined) idleRssKb = Math.round(process.memoryUsage().rss / 1024);
        constructs++;
        return construct.apply(this, args);
    };
    const write = () => {
        const u = process.resourceUsage();
        const usage = {
            pid: process.pid,
            constructs,
            idleRssKb,
            peakRssKb: u.maxRSS,
            cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000,
        };
        fs.writeFileSync(`${file}.${process.pid}`, JSON.stringify(usage));
    };
    // The engine ends a plugin with SIGINT (pulumi/pulumi v3.259.0, sdk/go/common/resource/plugin/
    // plugin.go, `kill`), which Node answers by dying without `exit`: exiting on it lets the last
    // write, and a `--cpu-prof` given in BENCH_PROVIDER_NODE_OPTIONS, happen.
    process.on("SIGINT", () => process.exit(0));
    process.on("exit", write);
}
