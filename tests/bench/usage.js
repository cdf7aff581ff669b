// Loaded into the hacluster provider by the fleet bench (NODE_OPTIONS=--require): keeps the
// process's peak memory and CPU time in the file HACLUSTER_BENCH_USAGE (JSON), refreshed four
// times a second, as the engine ends its plugins with a signal. Plain JavaScript: the provider
// runs without ts-node.
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
        fs.writeFileSync(file, JSON.stringify(usage));
    };
    setInterval(write, 250).unref();
    process.on("exit", write);
}
