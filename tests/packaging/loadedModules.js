// Preloaded (node --require) by tests/packaging/planLoading.test.ts: writes the files the process loaded
// to the file named by HACLUSTER_LOADED_MODULES when it exits.
const fs = require("fs");
process.on("exit", () =>
    fs.writeFileSync(
        process.env.HACLUSTER_LOADED_MODULES,
        JSON.stringify(Object.keys(require.cache)),
    ),
);
