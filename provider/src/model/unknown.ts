// Values that are not known while the program runs (outputs of other resources, preview
// unknowns). The model never looks inside one; the cloud folders hand `source` back to
// Pulumi as the resource input it was, checked once known against `expect`.
const UNKNOWN = Symbol.for("hacluster.unknown");

/** What a deploy-time value must be once known: the reader's rule for its input path. */
export interface Expectation {
    path: string;
    kind: "ref" | "refs" | "text";
}

/** The component and resource an input belongs to, for the error once it is known. */
export interface Owner {
    component: string;
    name: string;
}

export interface Unknown {
    readonly [UNKNOWN]: true;
    readonly source: unknown;
    readonly owner?: Owner;
    /** Set by the reader, which knows the value's path and what it must be. */
    readonly expect?: Expectation;
}

export type Maybe<T> = T | Unknown;

export function unknown(source: unknown, owner?: Owner, expect?: Expectation): Unknown {
    return { [UNKNOWN]: true, source, owner, expect };
}

/** The same value, with the reader's expectation of it. */
export function expecting(value: Unknown, path: string, kind: Expectation["kind"]): Unknown {
    return unknown(value.source, value.owner, { path, kind });
}

export function isUnknown(value: unknown): value is Unknown {
    return (
        typeof value === "object" &&
        value !== null &&
        (value as Record<symbol, unknown>)[UNKNOWN] === true
    );
}

export function isKnown<T>(value: Maybe<T>): value is T {
    return !isUnknown(value);
}
