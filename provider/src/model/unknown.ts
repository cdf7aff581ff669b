// Values that are not known while the program runs (outputs of other resources, preview
// unknowns). The model never looks inside one; the cloud folders hand `source` back to
// Pulumi as the resource input it was.
const UNKNOWN = Symbol.for("hacluster.unknown");

export interface Unknown {
    readonly [UNKNOWN]: true;
    readonly source: unknown;
}

export type Maybe<T> = T | Unknown;

export function unknown(source: unknown): Unknown {
    return { [UNKNOWN]: true, source };
}

export function isUnknown(value: unknown): value is Unknown {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[UNKNOWN] === true;
}

export function isKnown<T>(value: Maybe<T>): value is T {
    return !isUnknown(value);
}
