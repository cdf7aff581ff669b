import { createHash } from "crypto";

/** The outputs a cloud would report for a resource, beyond its inputs. */
export type StateFn = (name: string, inputs: Record<string, unknown>) => Record<string, unknown>;

export const hex = (text: string, n = 8): string => createHash("sha256").update(text).digest("hex").slice(0, n);

/** What a cloud answers to an invoke. */
export type CallFn = (inputs: Record<string, unknown>) => Record<string, unknown>;
