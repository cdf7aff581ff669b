// Names. Logical (Pulumi) names come from the component name, the role and the service
// name, never from a list position, so that edits to one list entry leave every other
// resource's identity alone. Cloud names follow each cloud's rules; a name over the limit
// keeps a readable prefix and ends in a hash of the whole name, so it is deterministic and
// stays distinct.
import { createHash } from "crypto";

export interface NameRule {
    readonly cloud: string;
    readonly limit: number;
    /** Must start with a letter (RFC 1035). */
    readonly startsWithLetter: boolean;
    /** Prefixes the cloud reserves for its own identifiers; a name starting with one gets `k-` in front. */
    readonly reservedPrefixes?: readonly string[];
}

/** Load balancers and target groups: 32 characters, letters, digits and hyphens. */
export const AWS_LB_NAME: NameRule = { cloud: "AWS", limit: 32, startsWithLetter: false };
/**
 * Security groups: up to 255 characters, not starting with `sg-`, the prefix of group IDs
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html).
 */
export const AWS_GROUP_NAME: NameRule = {
    cloud: "AWS",
    limit: 255,
    startsWithLetter: false,
    reservedPrefixes: ["sg-"],
};
/** Compute resources: RFC 1035 labels of up to 63 characters. */
export const GCP_NAME: NameRule = { cloud: "Google Cloud", limit: 63, startsWithLetter: true };
/** Network resources and load balancer children: 80 characters. */
export const AZURE_NAME: NameRule = { cloud: "Azure", limit: 80, startsWithLetter: false };

const HASH_LENGTH = 7;

export function shortHash(text: string, length = HASH_LENGTH): string {
    return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** Lowercase letters, digits and single hyphens, no hyphen at either end. */
export function slug(text: string): string {
    return text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
}

export function cloudName(rule: NameRule, ...parts: string[]): string {
    let full = slug(parts.filter((p) => p !== "").join("-"));
    const reserved = rule.reservedPrefixes?.some((p) => full.startsWith(p)) ?? false;
    if ((rule.startsWithLetter && !/^[a-z]/.test(full)) || reserved) full = `k-${full}`;
    if (full.length <= rule.limit) return full;
    const keep = full.slice(0, rule.limit - HASH_LENGTH - 1).replace(/-+$/, "");
    return `${keep}-${shortHash(full)}`;
}

export function isValidCloudName(rule: NameRule, name: string): boolean {
    if (name.length === 0 || name.length > rule.limit) return false;
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) return false;
    if (rule.reservedPrefixes?.some((p) => name.startsWith(p))) return false;
    return !rule.startsWithLetter || /^[a-z]/.test(name);
}

/** The logical name of a child resource: the component's name, then its role. */
export function logicalName(component: string, ...role: string[]): string {
    return [component, ...role].join("-");
}

/**
 * A CIDR in a form fit for a logical name (Pulumi URNs use `::` as a separator, so IPv6
 * colons cannot stay).
 */
export function cidrSlug(cidr: string): string {
    return cidr.replace(/:/g, "x").replace(/\//g, "_");
}
