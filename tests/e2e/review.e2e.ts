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

    it("a saved, checked plan constrains the up (--save-plan, up --plan)", async () => {
        const dir = projectCopy(path.join(ROOT, "examples/azure-yaml"), engine.home);
        const job = {
            stack: "plan",
            project: "hacluster-azure-yaml",
            config: {
                "azure-native:location": "westeurope",
                resourceGroupName: "demo-rg",
                virtualNetworkId: "vnet",
            },
        };
        await engine.directory({ ...job, op: "up" }, dir);
        const file = path.join(dir, "Pulumi.yaml");
        const original = fs.readFileSync(file, "utf8");
        const edit = (from: string, to: string) =>
            fs.writeFileSync(file, original.replace(from, to));
        // The pull request: one more service. The plan is saved, checked, then deployed.
        edit(
            "      services:\n",
            "      services:\n        - name: metrics\n          port: 9100\n          targetPort: 30910\n",
        );
        const planFile = path.join(dir, "plan.bin");
        const cli = (args: string[], experimental = false) =>
            engine.pulumi([...args, "--stack", "plan", "--non-interactive"], dir, experimental);
        const { stdout } = await cli(["preview", "--json", "--save-plan", planFile]);
        execFileSync("jq", ["-e", "-f", path.join(ROOT, "docs/pr-check.jq")], { input: stdout });
        assert.ok(JSON.parse(stdout).changeSummary.update > 0, stdout);
        // `up --plan` is a hidden flag of CLI v3.259.0 (cmd/pulumi/operations/up.go), shown
        // with PULUMI_EXPERIMENTAL; it is read either way.
        await cli(["up", "--yes", "--plan", planFile], true);
        // The up made exactly the checked changes: nothing is left to do.
        const { stdout: again } = await cli(["preview", "--json", "--save-plan", planFile]);
        assert.deepStrictEqual(JSON.parse(again).changeSummary, {
            same: JSON.parse(again).changeSummary.same,
        });
        const before = engine.cloudResources("plan");
        edit(
            "      services:\n",
            "      services:\n        - name: metrics\n          port: 9200\n          targetPort: 30910\n",
        );
        await assert.rejects(cli(["up", "--yes", "--plan", planFile], true), /plan/);
        assert.deepStrictEqual(engine.cloudResources("plan"), before);
        await engine.directory({ ...job, op: "destroy" }, dir);
    });
});
