// Lets the examples' `import ... from "pulumi-hacluster"` load this checkout's build (bin/),
// as the package a user installs would; the examples have no node_modules of their own.
import NodeModule from "module";
import * as path from "path";

// _resolveFilename is Node's internal resolver, absent from @types/node.
const Module = NodeModule as unknown as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
};
const entry = path.resolve(__dirname, "../../bin/index.js");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request: string, ...rest: unknown[]) {
    return resolve.call(this, request === "pulumi-hacluster" ? entry : request, ...rest);
};
