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

/** Pulumi's placeholder for a value unknown during a preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
