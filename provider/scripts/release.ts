// `npm run release`: every artifact of one version into dist/, with SHA256SUMS. The version is
// package.json's; each artifact is opened and must state that version where its installer
// reads it, and CHANGELOG.md must have its section, or nothing is checksummed.
//   pulumi-hacluster-<v>.tgz                                  the npm package (npm pack)
//   pulumi-resource-hacluster-v<v>-<os>-<arch>.tar.gz         the plugin, six platforms
//   pulumi_hacluster-<v>-py3-none-any.whl, -<v>.tar.gz        the Python SDK
//   goproxy/<module>/@v/v<v>.{info,mod,zip}, list             the Go SDK module
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { buildAll, DIST, GO_MODULE, run, VERSION, WORK } from "./dist";

const ROOT = path.resolve(__dirname, "..", "..");
const PACKAGE_JSON = /"name": "pulumi-hacluster",\s*"version": "([^"]+)"/;

/** A file inside an archive, read without unpacking the rest. */
const fromTar = (archive: string, file: string): Buffer =>
    execFileSync("tar", ["-xOzf", archive, file], { maxBuffer: 1 << 30 });
const fromZip = (archive: string, file: string): Buffer =>
    execFileSync("unzip", ["-p", archive, file], { maxBuffer: 1 << 30 });
const pluginJson = (data: Buffer): string => JSON.parse(data.toString()).version;

/** The versions an artifact states, each where its installer or the engine reads it. */
export function statedVersions(file: string): Record<string, string> {
    const name = path.basename(file);
    const plugin = name.match(
        /^pulumi-resource-hacluster-v(.+)-(linux|darwin|windows)-(amd64|arm64)\.tar\.gz$/,
    );
    if (plugin) {
        const exe = `pulumi-resource-hacluster${plugin[2] === "windows" ? ".exe" : ""}`;
        // The executable's SEA asset package.json, which GetSchema reports as the version.
        const embedded = fromTar(file, exe).toString("latin1").match(PACKAGE_JSON);
        return { "archive name": plugin[1], "embedded package.json": embedded?.[1] ?? "(none)" };
    }
    if (name.endsWith(".whl")) {
        const metadata = fromZip(file, `pulumi_hacluster-*.dist-info/METADATA`).toString();
        return {
            "wheel METADATA": metadata.match(/^Version: (.+)$/m)?.[1] ?? "(none)",
            "wheel pulumi-plugin.json": pluginJson(
                fromZip(file, "pulumi_hacluster/pulumi-plugin.json"),
            ),
        };
    }
    if (name.startsWith("pulumi_hacluster-") && name.endsWith(".tar.gz")) {
        const base = name.slice(0, -".tar.gz".length);
        const info = fromTar(file, `${base}/PKG-INFO`).toString();
        return { "sdist PKG-INFO": info.match(/^Version: (.+)$/m)?.[1] ?? "(none)" };
    }
    if (name.endsWith(".tgz")) {
        return {
            "npm package.json": JSON.parse(fromTar(file, "package/package.json").toString())
                .version,
        };
    }
    if (name.endsWith(".info"))
        return { "Go .info": JSON.parse(fs.readFileSync(file, "utf8")).Version.replace(/^v/, "") };
    if (name.endsWith(".zip")) {
        const tag = name.slice(0, -".zip".length);
        return {
            "Go module pulumi-plugin.json": pluginJson(
                fromZip(file, `${GO_MODULE}@${tag}/go/hacluster/pulumi-plugin.json`),
            ),
        };
    }
    if (name === "list")
        return { "Go list": fs.readFileSync(file, "utf8").trim().replace(/^v/, "") };
    return {};
}

/** Every statement of a version other than `version`, as "file: where says what". */
export function disagreements(files: string[], version: string): string[] {
    return files.flatMap((file) =>
        Object.entries(statedVersions(file))
            .filter(([, stated]) => stated !== version)
            .map(
                ([where, stated]) =>
                    `${path.relative(DIST, file)}: ${where} says ${stated}, not ${version}`,
            ),
    );
}

async function main(): Promise<void> {
    const changelog = fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8");
    if (!changelog.includes(`## [${VERSION}]`))
        throw new Error(`CHANGELOG.md has no "## [${VERSION}]" section`);
    // A release starts from an empty dist/ but keeps dist/build, whose reuse is keyed by inputs.
    fs.mkdirSync(DIST, { recursive: true });
    for (const entry of fs.readdirSync(DIST)) {
        if (path.join(DIST, entry) !== WORK)
            fs.rmSync(path.join(DIST, entry), { recursive: true, force: true });
    }
    run("npm", ["pack", "--silent", "--pack-destination", DIST]);
    const files = [path.join(DIST, `pulumi-hacluster-${VERSION}.tgz`), ...(await buildAll())];
    const wrong = disagreements(files, VERSION);
    if (wrong.length > 0)
        throw new Error(`the artifacts disagree on the version:\n  ${wrong.join("\n  ")}`);
    const sums = files.map(
        (f) =>
            `${createHash("sha256").update(fs.readFileSync(f)).digest("hex")}  ${path.relative(DIST, f)}`,
    );
    fs.writeFileSync(path.join(DIST, "SHA256SUMS"), sums.join("\n") + "\n");
    for (const f of [...files, path.join(DIST, "SHA256SUMS")]) {
        console.log(`${path.relative(ROOT, f)}  ${(fs.statSync(f).size / 1e6).toFixed(1)} MB`);
    }
    console.log(
        `release ${VERSION}: ${files.length} artifacts agree on the version; checksums in dist/SHA256SUMS`,
    );
}

if (require.main === module) {
    main().catch((e) => {
        console.error(e instanceof Error ? e.message : e);
        process.exit(1);
    });
}
