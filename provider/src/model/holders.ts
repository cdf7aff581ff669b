// The address holders of a plan (load balancers, public IPs, Elastic IPs, addresses,
// forwarding rules, DNS records) with the inputs their cloud fixes at creation, so that the
// component can tell, from the deployed and the new inputs, which edit replaces or deletes
// one and warn at preview time, naming the input (docs/day2.md).
import { isUnknown } from "./unknown";

/** A JSON value, or null where it is not known yet (then nothing is concluded from it). */
export type Known = string | number | boolean | null | Known[] | { [key: string]: Known };

export interface Holder {
    /** What clients know it as, for the warning: "the network load balancer". */
    what: string;
    /** Per input path, the value its cloud fixes at creation: a change replaces it. */
    fixed: Record<string, Known>;
    /** Inputs of `fixed` (lists) the cloud extends in place: only a removal replaces. */
    grows?: string[];
    /** Inputs whose change removes it (their change deletes it); none: its removal is not a holder's loss. */
    removedBy: string[];
}

/** What the component records: the inputs that decide holders, and the holders by logical name. */
export interface HolderWatch {
    inputs: Record<string, Known>;
    holders: Record<string, Holder>;
}

/** A plan value as recorded: null while unknown (a list with an unknown item included). */
export function known(value: unknown): Known {
    if (value === undefined || isUnknown(value)) return null;
    if (Array.isArray(value)) {
        const items = value.map(known);
        return items.includes(null) ? null : items;
    }
    return value as Known;
}

const same = (a: Known, b: Known) => JSON.stringify(a) === JSON.stringify(b);
const isKnown = (v: Known | undefined): v is Known => v !== null && v !== undefined;

/** Only items added (the order kept): what a cloud that extends a list in place accepts. */
const onlyAdded = (old: Known, now: Known) =>
    Array.isArray(old) && Array.isArray(now) && old.every((x) => now.some((y) => same(x, y)));

/**
 * The warnings for going from `old` to `now`: one per input whose change replaces or deletes
 * a holder, naming the input, what goes and what clients see. Values not known on either
 * side conclude nothing.
 */
export function holderWarnings(old: HolderWatch, now: HolderWatch): string[] {
    const byInput = new Map<string, Set<string>>();
    const note = (input: string, what: string) =>
        byInput.set(input, (byInput.get(input) ?? new Set()).add(what));
    for (const [key, was] of Object.entries(old.holders ?? {})) {
        const is = now.holders?.[key];
        if (!is) {
            const changed = was.removedBy.filter(
                (i) =>
                    isKnown(old.inputs?.[i]) &&
                    isKnown(now.inputs?.[i]) &&
                    !same(old.inputs[i], now.inputs[i]),
            );
            for (const input of changed) note(input, `${was.what} is deleted`);
            continue;
        }
        for (const [input, value] of Object.entries(was.fixed)) {
            const next = is.fixed[input];
            if (!isKnown(value) || !isKnown(next) || same(value, next)) continue;
            if (was.grows?.includes(input) && onlyAdded(value, next)) continue;
            note(input, `${was.what} is replaced`);
        }
    }
    return [...byInput].map(
        ([input, whats]) =>
            `changing ${input}: ${[...whats].join(", ")} (the cloud fixes it at creation), ` +
            "so clients see new addresses or a new DNS name. See docs/day2.md.",
    );
}
