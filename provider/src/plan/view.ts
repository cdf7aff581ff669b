// What the plan shows of a resource's inputs: plain data with sorted keys, preview unknowns
// spelled out, and the tags and labels (the same on every resource) left out.
import * as pulumi from "@pulumi/pulumi";
import { ClusterRun } from "./run";
import { summarize, SummaryRow } from "./summary";
import { addressRows } from "./addresses";

export const UNKNOWN_TEXT = "(unknown)";

const HIDDEN = new Set(["tags", "labels", "description"]);

export function plain(value: unknown): unknown {
    if (pulumi.isUnknown(value)) return UNKNOWN_TEXT;
    if (Array.isArray(value)) return value.map(plain);
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value)
            .filter(([k, v]) => v !== undefined && v !== null && !k.startsWith("__"))
            .sort(([a], [b]) => a.localeCompare(b));
        return Object.fromEntries(entries.map(([k, v]) => [k, plain(v)]));
    }
    return value;
}

interface ResourceView {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

export interface ClusterView {
    name: string;
    type: string;
    resources?: ResourceView[];
    summary?: SummaryRow[];
    /** Outbound, kept and pinned addresses: not summed with the billable items. */
    addresses?: SummaryRow[];
    invalid?: { path: string; reason: string }[];
}

export function viewOf(run: ClusterRun): ClusterView {
    const { name, type } = run.declaration;
    if (run.invalid) return { name, type, invalid: run.invalid.errors };
    const resources = run.resources.map((r) => ({
        type: r.type,
        name: r.name,
        inputs: plain(
            Object.fromEntries(Object.entries(r.inputs).filter(([k]) => !HIDDEN.has(k))),
        ) as Record<string, unknown>,
    }));
    return {
        name,
        type,
        resources,
        summary: run.spec && summarize(type, run.resources, run.spec),
        addresses: addressRows(type, run.resources),
    };
}

/** A nested input value, read loosely: the topology picks known fields out of it. */
export type ViewValue = Record<string, unknown>;
