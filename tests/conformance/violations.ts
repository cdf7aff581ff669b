// What every validator reports: which scenario, which resource, which rule, why, and where
// the rule is published.
import { Registered } from "../support/harness";

export interface Violation {
    scenario: string;
    /** `<type> <logical name>`. */
    resource: string;
    rule: string;
    message: string;
    source: string;
}

export const resourceLabel = (r: Registered) => `${r.type} ${r.name}`;

/** A value unknown during a preview, as the mock runtime records it. */
const isUnknown = (value: unknown) =>
    value === "04da6b54-80e4-46f7-96ec-b56ff0331ba9" ||
    (typeof value === "object" &&
        value !== null &&
        (value as Record<string, unknown>).__pulumiUnknown === true);

/**
 * The value without what is unknown during a preview: a reference only becomes judgeable once
 * known, and the suites build each such cluster known too.
 */
export function knownPart(value: unknown): unknown {
    if (Array.isArray(value)) return value.filter((v) => !isUnknown(v)).map(knownPart);
    if (typeof value !== "object" || value === null) return value;
    return Object.fromEntries(
        Object.entries(value).flatMap(([k, v]) => (isUnknown(v) ? [] : [[k, knownPart(v)]])),
    );
}
