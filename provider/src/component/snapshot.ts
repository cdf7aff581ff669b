// Turns component args into the model's raw form: plain values stay, every Output, Promise
// or preview unknown becomes an Unknown that carries the original input back to Pulumi, and
// the component it belongs to, for the error if it proves invalid once known.
import * as pulumi from "@pulumi/pulumi";
import { Raw } from "../model/read";
import { Owner, unknown } from "../model/unknown";

export function snapshot(value: unknown, owner?: Owner): Raw {
    if (pulumi.Output.isInstance(value) || pulumi.isUnknown(value) || value instanceof Promise)
        return unknown(value, owner);
    if (Array.isArray(value)) return value.map((v) => snapshot(v, owner));
    if (typeof value === "object" && value !== null && !pulumi.Resource.isInstance(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, snapshot(v, owner)]));
    }
    return value;
}
