// A cloud-neutral account of a plan: every name it gives and every opening its rules make.
// The property tests hold every cloud's plan to the same laws through it (unique names
// within the cloud's limits, stable under edits, least privilege).
import { NameRule } from "./naming";

export interface PlannedName {
    /** What the resource is, in the cloud's vocabulary, e.g. "target group". */
    kind: string;
    logicalName: string;
    /** The name the cloud sees, when the component sets one. */
    cloudName?: string;
    rule?: NameRule;
    /** Names that only need to be unique within a parent (an Azure LB's rules). */
    scope?: string;
}

interface PlannedOpening {
    logicalName: string;
    protocol: "tcp" | "udp";
    ports: number[];
    /** CIDRs, or a symbol for a cloud source: "load-balancer", a service tag, a probe range. */
    sources: string[];
}

export interface PlanInventory {
    names: PlannedName[];
    openings: PlannedOpening[];
    /** The sources the cloud itself uses for probes or proxies, allowed besides the inputs. */
    cloudSources: string[];
}
