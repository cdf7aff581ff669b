// `npm run release` refuses artifacts that disagree on the version: each is opened where its
// installer reads the version. Small archives of the real layouts stand in for the artifacts.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GO_MODULE } from "../../provider/scripts/dist";
import { disagreements, statedVersions } from "../../provider/scripts/release";

describe("npm run release: the version check", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hacluster-release-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** Writes files under a staging folder and archives them with the given command. */
    function archive(name: string, files: Record<string, string>, pack: (out: string, stage: string) => void): string {
        const stage = fs.mkdtempSync(path.join(dir, "stage-"));
        for (const [file, text] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
            fs.writeFileSync(path.join(stage, file), text);
        }
        const out = path.join(dir, name);
        pack(out, stage);
        return out;
    }
    const tgz = (name: string, files: Record<string, string>) =>
        archive(name, files, (out, stage) => execFileSync("tar", ["-czf", out, "-C", stage, ...Object.keys(files)]));
    const zip = (name: string, files: Record<string, string>) =>
        archive(name, files, (out, stage) => execFileSync("zip", ["-q", "-r", out, ...Object.keys(files)], { cwd: stage }));

    it("reads the version from every kind of artifact", () => {
        const npm = tgz("pulumi-hacluster-1.2.3.tgz", { "package/package.json": '{"name":"pulumi-hacluster","version":"1.2.3"}' });
        const plugin = tgz("pulumi-resource-hacluster-v1.2.3-windows-arm64.tar.gz", {
            "pulumi-resource-hacluster.exe": 'MZ...{\n  "name": "pulumi-hacluster",\n  "version": "1.2.4",\n}...',
        });
        const wheel = zip("pulumi_hacluster-1.2.3-py3-none-any.whl", {
            "pulumi_hacluster-1.2.3.dist-info/METADATA": "Metadata-Version: 2.1\nName: pulumi_hacluster\nVersion: 1.2.3\n",
            "pulumi_hacluster/pulumi-plugin.json": '{"resource":true,"name":"hacluster","version":"1.2.0"}',
        });
        const sdist = tgz("pulumi_hacluster-1.2.3.tar.gz", { "pulumi_hacluster-1.2.3/PKG-INFO": "Name: pulumi_hacluster\nVersion: 1.2.3\n" });
        const goZip = zip("v1.2.3.zip", { [`${GO_MODULE}@v1.2.3/go/hacluster/pulumi-plugin.json`]: '{"version":"1.2.3"}' });
        fs.writeFileSync(path.join(dir, "v1.2.3.info"), '{"Version":"v1.2.3"}\n');

        assert.deepStrictEqual(statedVersions(npm), { "npm package.json": "1.2.3" });
        assert.deepStrictEqual(statedVersions(plugin), { "archive name": "1.2.3", "embedded package.json": "1.2.4" });
        assert.deepStrictEqual(statedVersions(wheel), { "wheel METADATA": "1.2.3", "wheel pulumi-plugin.json": "1.2.0" });
        assert.deepStrictEqual(statedVersions(sdist), { "sdist PKG-INFO": "1.2.3" });
        assert.deepStrictEqual(statedVersions(goZip), { "Go module pulumi-plugin.json": "1.2.3" });
        assert.deepStrictEqual(statedVersions(path.join(dir, "v1.2.3.info")), { "Go .info": "1.2.3" });

        // Only the two that disagree are named, each with where it says what.
        const wrong = disagreements([npm, plugin, wheel, sdist, goZip, path.join(dir, "v1.2.3.info")], "1.2.3").map((w) => w.replace(/^.*?(?=[^/]+: )/, ""));
        assert.deepStrictEqual(wrong, [
            "pulumi-resource-hacluster-v1.2.3-windows-arm64.tar.gz: embedded package.json says 1.2.4, not 1.2.3",
            "pulumi_hacluster-1.2.3-py3-none-any.whl: wheel pulumi-plugin.json says 1.2.0, not 1.2.3",
        ]);
    });
});
