// What a reviewer sees: bad input fails the preview with each property path and its fix
// (Python and YAML, through our provider), and `pulumi preview --json` gives the change
// summary a pull-request check posts.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Engine, ROOT, projectCopy } from "./engine";

const PORT_ERROR =
    /services\[0\]\.port: 70000 is not a port \(1-65535\)\. Fix: use an integer from 1 to 65535\./;

describe("review through the real engine", function () {
    this.timeout(900_000);
    const engine = new Engine();
    before(() => engine.start());
    after(() => engine.stop());

    it("a Python preview with an invalid port fails, naming the property path and the fix", async () => {
        const job = {
            op: "preview" as const,
            stack: "bad-py",
            project: "hacluster-aws-py",
            config: { "aws:region": "us-east-1" },
        };
        // The example's project (and so its provider path), with this program instead.
        const program = path.join(__dirname, "programs/bad_port.py");
        await assert.rejects(
            engine.driver("python", job, program, path.join(ROOT, "examples/aws-py")),
            PORT_ERROR,
        );
        assert.deepStrictEqual(engine.cloudResources("bad-py"), []);
    });

    it("a YAML preview with an invalid port fails, naming the property path and the fix", async () => {
        const dir = projectCopy(path.join(ROOT, "examples/azure-yaml"), engine.home, (t) =>
            t.replace("port: 3333", "port: 70000"),
        );
        const job = {
            op: "preview" as const,
            stack: "bad-yaml",
            project: "hacluster-azure-yaml",
            config: { resourceGroupName: "rg", virtualNetworkId: "vnet" },
        };
        await assert.rejects(engine.directory(job, dir), PORT_ERROR);
    });

    it("pulumi preview --json gives the change summary of a pull request", async () => {
        const dir = projectCopy(path.join(ROOT, "examples/azure-yaml"), engine.home);
        const job = {
            stack: "pr",
            project: "hacluster-azure-yaml",
            config: {
                "azure-native:location": "westeurope",
                resourceGroupName: "demo-rg",
                virtualNetworkId: "vnet",
            },
        };
        await engine.directory({ ...job, op: "up" }, dir);
        // The pull request: one more service, as a reviewer would see it.
        const yaml = fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8");
        fs.writeFileSync(
            path.join(dir, "Pulumi.yaml"),
            yaml.replace(
                "      services:\n",
                "      services:\n        - name: metrics\n          port: 9100\n          targetPort: 30910\n",
            ),
        );
        const { stdout } = await engine.pulumi(
            ["preview", "--json", "--stack", "pr", "--non-interactive"],
            dir,
        );
        const plan = JSON.parse(stdout);
        const ops = plan.changeSummary as Record<string, number>;
        assert.strictEqual(ops.delete ?? 0, 0);
        assert.strictEqual(ops.replace ?? 0, 0);
        // The shared parents take the new service in place: the load balancer its rule and probe,
        // the NSG rules shared by frontends with the same sources its ports. Nothing is created.
        const updates = (plan.steps as { op: string; urn: string }[])
            .filter((s) => s.op === "update")
            .map((s) => s.urn.split("::")[2].split("$").pop());
        assert.strictEqual(ops.update, updates.length, JSON.stringify(ops));
        assert.deepStrictEqual(
            [...new Set(updates)].sort(),
            ["azure-native:network:LoadBalancer", "azure-native:network:SecurityRule"],
            JSON.stringify(ops),
        );
        assert.strictEqual(
            updates.filter((t) => t === "azure-native:network:LoadBalancer").length,
            1,
        );
        // The check of docs/day2.md passes this plan: `jq -e` exits 0.
        execFileSync("jq", ["-e", "-f", path.join(ROOT, "docs/pr-check.jq")], { input: stdout });
        await engine.directory({ ...job, op: "destroy" }, dir);
        assert.deepStrictEqual(engine.cloudResources("pr"), []);
    });
});
