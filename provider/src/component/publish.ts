import * as pulumi from "@pulumi/pulumi";

/**
 * The base of the three components. Its instances carry the generated `<Name>Outputs`
 * interface as properties, so the schema's output list is the only one: `publish` takes
 * exactly those outputs, sets them as properties and registers them. Exported because the
 * classes' declarations (.d.ts) name it as their base.
 * @public
 */
export abstract class HaClusterComponent<TOutputs extends object> extends pulumi.ComponentResource {
    protected publish(outputs: TOutputs): void {
        Object.assign(this, outputs);
        this.registerOutputs(outputs as pulumi.Inputs);
    }
}

type ComponentBase<TOutputs extends object> = abstract new (
    type: string,
    name: string,
    args: pulumi.Inputs,
    opts?: pulumi.ComponentResourceOptions,
) => HaClusterComponent<TOutputs> & TOutputs;

/** The base class of a component whose instances have the outputs `TOutputs` (set by `publish`). */
export function haClusterComponent<TOutputs extends object>(): ComponentBase<TOutputs> {
    // The outputs are properties once the constructor has called `publish`.
    return HaClusterComponent as unknown as ComponentBase<TOutputs>;
}
