// Lets the examples' `import ... from "pulumi-hacluster"` load this checkout's build (bin/),
// as the package a user installs would; the examples have no node_modules of their own.
import * as path from "path";

const Module = require("module");
const entry = path.resolve(__dirname, "../../bin/index.js");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request: string, ...rest: unknown[]) {
    return resolve.call(this, request === "pulumi-hacluster" ? entry : request, ...rest);
};
