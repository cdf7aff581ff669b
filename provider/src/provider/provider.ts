// The component provider that Python, Go and YAML programs reach through the engine.
import * as pulumi from "@pulumi/pulumi";
import * as provider from "@pulumi/pulumi/provider";
import { loadComponent } from "../component/load";
import { PackageSchema } from "../schema";

export class HaClusterProvider implements provider.Provider {
    /** GetSchema: schema.yaml as JSON, with the version of this package. */
    readonly schema: string;

    constructor(
        readonly version: string,
        private readonly packageSchema: PackageSchema,
    ) {
        this.schema = JSON.stringify({ ...packageSchema, version });
    }

    async construct(
        name: string,
        type: string,
        inputs: pulumi.Inputs,
        options: pulumi.ComponentResourceOptions,
    ): Promise<provider.ConstructResult> {
        // Construct dispatch by token. Each cloud's code, and so its SDK, loads on first use.
        const component = new (loadComponent(type))(
            name,
            inputs,
            options,
        ) as pulumi.ComponentResource & Record<string, unknown>;
        // The state is exactly the schema's outputs, the properties the SDKs map.
        const outputs = Object.keys(this.packageSchema.resources[type].properties ?? {});
        return {
            urn: component.urn,
            state: Object.fromEntries(outputs.map((key) => [key, component[key]])),
        };
    }
}
