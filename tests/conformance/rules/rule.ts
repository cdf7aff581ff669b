// A documented cloud rule that the published validators cannot express: a function of one
// scenario's registrations, with the page that states it.
import { Registered } from "../../support/harness";
import { resourceLabel } from "../violations";

export interface Finding {
    resource: string;
    message: string;
}

export interface Rule {
    id: string;
    source: string;
    check(resources: Registered[]): Finding[];
}

export const finding = (r: Registered, message: string): Finding => ({
    resource: resourceLabel(r),
    message,
});

export const ofType = (resources: Registered[], type: string) =>
    resources.filter((r) => r.type === type);

/** Items grouped by key, in first-seen order. */
export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
    const groups = new Map<string, T[]>();
    for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
    return groups;
}
