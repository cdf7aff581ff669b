// A Pulumi YAML program of hacluster components on this checkout's provider plugin.
import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";

const ROOT = path.resolve(__dirname, "../..");

/** Writes `dir/Pulumi.yaml`: project `name` with `resources` (name → token and properties). */
export function writeYamlProgram(
    dir: string,
    name: string,
    resources: Record<string, { type: string; properties: unknown }>,
): string {
    fs.mkdirSync(dir, { recursive: true });
    const program = {
        name,
        runtime: "yaml",
        plugins: {
            providers: [
                {
                    name: "hacluster",
                    path: path.join(ROOT, "provider/cmd/pulumi-resource-hacluster"),
                },
            ],
        },
        resources,
    };
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify(program));
    return dir;
}
