import * as pulumi from "@pulumi/pulumi";

/**
 * The base of the three components. Each merges with its generated `<Name>Outputs`
 * interface, so the schema's output list is the only one: `publish` takes exactly those
 * outputs, sets them as properties and registers them.
 */
export abstract class HaClusterComponent<TOutputs extends object> extends pulumi.ComponentResource {
    protected publish(outputs: TOutputs): void {
        Object.assign(this, outputs);
        this.registerOutputs(outputs as pulumi.Inputs);
    }
}
