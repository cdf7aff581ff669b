// The violations today's components still have, each waiting for the fix named beside it.
// The conformance test fails on any violation not listed here, and on any entry that no longer
// matches a violation: remove an entry when its fix lands, until the list is empty.
import { Violation } from "./violations";

export interface KnownDefect {
    rule: string;
    /** Ids of the scenarios (suite test titles, examples, generated clusters) it occurs in. */
    scenarios: RegExp;
    waitsFor: string;
}

export const KNOWN_DEFECTS: KnownDefect[] = [];

export const isKnown = (v: Violation) => KNOWN_DEFECTS.some((d) => d.rule === v.rule && d.scenarios.test(v.scenario));
