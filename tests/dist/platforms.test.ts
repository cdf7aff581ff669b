// The six plugin archives of `npm run dist`, as `pulumi plugin install` unpacks them. The Linux
// executables start and answer GetSchema (arm64 under qemu-user when the machine has it); for
// macOS and Windows, which cannot run here, LIEF reads each executable's format, CPU and the
// SEA blob Node will find in it, and the macOS signature is checked page by page and read
// back by rcodesign. Integration tier: the first build of all six takes minutes.
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    buildExecutable,
    executableName,
    HOST,
    Platform,
    platformName,
    PLATFORMS,
    pluginTarball,
    rcodesign,
    rcodesignBinary,
    seaBlobFile,
} from "../../provider/scripts/dist";
import { parse } from "yaml";
import { loadSchema, packageVersion } from "../../provider/src/schema";
import { ProviderSession } from "../provider/client";
import { missingTools, requireHere } from "../support/tools";

const ROOT = path.resolve(__dirname, "..", "..");
const VENV = path.join(ROOT, "dist", "build", "inspect-venv");

interface Facts {
    format: string;
    machine: string;
    fuse: string | null;
    blob?: string | null;
    signatures?: number;
    binaries?: number;
    signature?: { adhoc: boolean; identifier: string; pagesMatch: boolean; codeLimit: number; signatureOffset: number; pages: number } | null;
}

/** LIEF from PyPI (tests/dist/requirements.txt) in a venv under dist/build, made once. */
function inspect(files: string[]): Record<string, Facts> {
    const python = path.join(VENV, "bin", "python");
    if (!fs.existsSync(python)) execFileSync("python3", ["-m", "venv", VENV]);
    const requirements = path.join(__dirname, "requirements.txt");
    execFileSync(path.join(VENV, "bin", "pip"), ["install", "--quiet", "--disable-pip-version-check", "-r", requirements]);
    const out = execFileSync(python, [path.join(__dirname, "inspect_executable.py"), ...files], { encoding: "utf8", maxBuffer: 16 << 20 });
    return JSON.parse(out);
}

/** qemu-user runs arm64 Linux executables here, with the Debian arm64 C++ runtime as their root. */
const QEMU = { binary: "/usr/bin/qemu-aarch64", sysroot: "/usr/aarch64-linux-gnu" };
const canEmulateArm64 = fs.existsSync(QEMU.binary) && fs.existsSync(path.join(QEMU.sysroot, "lib", "libstdc++.so.6"));

/** The command that runs a Linux executable of this platform here: itself, or a qemu wrapper. */
function runnable(executable: string, p: Platform, dir: string): string {
    if (p.arch === HOST.arch) return executable;
    const wrapper = path.join(dir, "under-qemu");
    fs.writeFileSync(wrapper, `#!/bin/sh\nexec ${QEMU.binary} -L ${QEMU.sysroot} ${executable} "$@"\n`, { mode: 0o755 });
    return wrapper;
}

const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

describe("plugin archives for six platforms", function () {
    this.timeout(3_600_000);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "hacluster-platforms-"));
    const archives = new Map<string, string>();
    const executables = new Map<string, string>();
    let facts: Record<string, Facts>;

    before(async function () {
        // The macOS executables are signed with rcodesign, which cargo builds once into the cache.
        requireHere(
            this,
            "the plugin archives for six platforms",
            fs.existsSync(rcodesignBinary()) || missingTools(["cargo"]).length === 0
                ? undefined
                : "it needs cargo once, to build the Apple signer rcodesign (crates.io apple-codesign)",
            "install Rust's cargo, as CI does",
        );
        for (const p of PLATFORMS) {
            const tarball = await pluginTarball(p);
            const dir = path.join(work, platformName(p));
            fs.mkdirSync(dir);
            execFileSync("tar", ["-xzf", tarball, "-C", dir]);
            archives.set(platformName(p), tarball);
            executables.set(platformName(p), path.join(dir, executableName(p)));
        }
        facts = inspect([...executables.values()]);
    });
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    const expected: Record<string, { format: string; machine: string }> = {
        "linux-amd64": { format: "ELF", machine: "X86_64" },
        "linux-arm64": { format: "ELF", machine: "AARCH64" },
        "darwin-amd64": { format: "MachO", machine: "X86_64" },
        "darwin-arm64": { format: "MachO", machine: "ARM64" },
        "windows-amd64": { format: "PE", machine: "AMD64" },
        "windows-arm64": { format: "PE", machine: "ARM64" },
    };

    for (const p of PLATFORMS) {
        const name = platformName(p);
        describe(name, () => {
            it("is the archive pulumi plugin install fetches, holding only the executable", () => {
                const tarball = archives.get(name)!;
                assert.strictEqual(path.basename(tarball), `pulumi-resource-hacluster-v${packageVersion()}-${p.os}-${p.arch}.tar.gz`);
                const listing = execFileSync("tar", ["-tvzf", tarball], { encoding: "utf8" }).trim().split("\n");
                assert.strictEqual(listing.length, 1, listing.join("\n"));
                const [mode, owner, , , , file] = listing[0].split(/\s+/);
                assert.deepStrictEqual([mode, owner, file], ["-rwxr-xr-x", "0/0", p.os === "windows" ? "pulumi-resource-hacluster.exe" : "pulumi-resource-hacluster"]);
            });

            it(`is ${expected[name].format} for ${expected[name].machine}, with Node's SEA fuse flipped`, () => {
                const f = facts[executables.get(name)!];
                assert.deepStrictEqual({ format: f.format, machine: f.machine, fuse: f.fuse }, { ...expected[name], fuse: "1" });
            });

            if (p.os !== "linux") {
                it("carries the application blob where Node looks for it (NODE_SEA segment, NODE_SEA_BLOB resource)", () => {
                    const f = facts[executables.get(name)!];
                    assert.strictEqual(f.blob, sha256(seaBlobFile(p)));
                    // The same bytes run in the arm64 Linux executable (no code cache off the build host).
                    assert.strictEqual(sha256(seaBlobFile(p)), sha256(seaBlobFile({ os: "linux", arch: "arm64" })));
                });
            }

            if (p.os === "windows") {
                it("has no Authenticode signature left over from Node's, which injection would have broken", () => {
                    assert.strictEqual(facts[executables.get(name)!].signatures, 0);
                });
            }

            if (p.os === "darwin") {
                it("is signed ad hoc: every page's SHA-256 matches its CodeDirectory slot, as rcodesign reads it too", () => {
                    const f = facts[executables.get(name)!];
                    assert.strictEqual(f.binaries, 1, "a thin binary");
                    assert.ok(f.signature, "an LC_CODE_SIGNATURE");
                    assert.deepStrictEqual(
                        { adhoc: f.signature.adhoc, identifier: f.signature.identifier, pagesMatch: f.signature.pagesMatch },
                        { adhoc: true, identifier: "pulumi-resource-hacluster", pagesMatch: true },
                    );
                    // The signature covers the whole file up to itself, the injected segment included.
                    assert.strictEqual(f.signature.codeLimit, f.signature.signatureOffset);
                    // rcodesign's own reader agrees. (Its `verify` fails on every ad-hoc signature,
                    // its own included, on the empty CMS blob: "the verify command is known to be buggy".)
                    const info = spawnSync(rcodesign(), ["print-signature-info", executables.get(name)!], { encoding: "utf8" });
                    assert.strictEqual(info.status, 0, info.stderr);
                    const macho = parse(info.stdout)[0].entity.mach_o;
                    const cd = macho.signature.code_directory;
                    const requirements = macho.signature.blobs.find((b: { slot: string }) => b.slot.startsWith("RequirementSet"));
                    assert.deepStrictEqual(
                        {
                            flags: cd.flags,
                            identifier: cd.identifier,
                            digest: cd.digest_type,
                            signed: cd.signed_entity_size,
                            pages: cd.code_digests_count,
                            requirements: cd.slot_digests.find((d: string) => d.startsWith("RequirementSet")),
                        },
                        {
                            flags: "CodeSignatureFlags(ADHOC)",
                            identifier: "pulumi-resource-hacluster",
                            digest: "sha256",
                            signed: Number(macho.macho_signature_start_offset.split(" ")[0]),
                            pages: f.signature.pages,
                            requirements: `RequirementSet (2): ${requirements.sha256}`,
                        },
                    );
                });
            }

            if (p.os === "linux") {
                const emulated = p.arch !== HOST.arch;
                it(`starts and answers GetSchema with the embedded schema${emulated ? " (under qemu-user)" : ""}`, async function () {
                    if (emulated) {
                        const why = canEmulateArm64 ? undefined : "it needs qemu-user and Debian's arm64 C++ runtime";
                        requireHere(this, "running the arm64 Linux plugin", why, "apt-get install qemu-user libstdc++6-arm64-cross, as CI does");
                    }
                    const home = path.dirname(executables.get(name)!);
                    const session = new ProviderSession(runnable(executables.get(name)!, p, home), { cwd: home, env: { PATH: home, HOME: home } });
                    try {
                        await session.start();
                        const res = await session.getSchema();
                        assert.deepStrictEqual(JSON.parse(res.getSchema()), { ...loadSchema(), version: packageVersion() });
                    } finally {
                        session.stop();
                    }
                });
            }
        });
    }

    it("builds the host's executable from the same inputs as its archive", async () => {
        const built = await buildExecutable(HOST);
        assert.strictEqual(sha256(built), sha256(executables.get(platformName(HOST))!));
    });
});
