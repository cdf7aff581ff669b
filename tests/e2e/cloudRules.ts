// What the fake clouds need to know about the real providers: which input changes the real
// provider can only make by replacing the resource (from the generated table, nothing
// hand-picked), and which outputs it reports on create.
import * as fs from "fs";
import * as path from "path";
import { hex } from "../support/states/common";
import { cloudStates } from "../support/states";
import { AZURE_SUBSCRIPTION } from "../support/states/azure";
import { isDeepStrictEqual } from "util";
import type { Entry, Table } from "./replacements/generate";

/**
 * The replacement rules of the pinned providers, generated from their sources with the
 * repository, path and commit of each (tests/e2e/replacements/generate.ts).
 */
const table = JSON.parse(
    fs.readFileSync(path.join(__dirname, "replacements/table.json"), "utf8"),
) as Table;
const rulesOf = new Map<string, Entry[]>();
for (const e of table.entries) rulesOf.set(e.type, [...(rulesOf.get(e.type) ?? []), e]);

type Inputs = Record<string, unknown>;

/** How the engine marks a value that is not known yet. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The values at a dotted input path, through lists (`backends.group`). */
function valuesAt(value: unknown, keys: string[]): unknown[] {
    if (!keys.length) return [value];
    if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, keys));
    if (value && typeof value === "object")
        return valuesAt((value as Inputs)[keys[0]], keys.slice(1));
    return [];
}

const differs = (olds: Inputs, news: Inputs, property: string) => {
    const keys = property.split(".");
    return (
        JSON.stringify(news[keys[0]] ?? null).includes(UNKNOWN) ||
        !isDeepStrictEqual(valuesAt(olds, keys), valuesAt(news, keys))
    );
};
const count = (v: unknown) => (Array.isArray(v) ? v.length : 0);
const known = (v: unknown) => !JSON.stringify(v ?? null).includes(UNKNOWN);
const sgRuleSource = (r: Inputs) =>
    ["cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"].find(
        (k) => r[k] !== undefined,
    );

/**
 * The CustomizeDiff functions of the table, each as its source decides whether the change
 * of `property` forces a new resource (the function and condition are named in the entry).
 */
export const customizeDiffs: Record<
    string,
    (olds: Inputs, news: Inputs, property: string) => boolean
> = {
    customizeDiffLoadBalancerNLB: (olds, news, property) => {
        if (news.loadBalancerType !== "network" || !known(news[property])) return false;
        const [o, n] = [olds[property] ?? [], news[property] ?? []] as unknown[][];
        if (property === "subnets") return count(n) <= count(o);
        if (property === "subnetMappings") {
            const kept = o.every((m) => n.some((x) => isDeepStrictEqual(x, m)));
            return count(n) <= count(o) || !kept;
        }
        return (count(o) === 0) !== (count(n) === 0);
    },
    ModifyPlan: (olds, news) => sgRuleSource(olds) !== sgRuleSource(news),
    forwardingRuleCustomizeDiff: (olds, news, property) => {
        if (property === "allowGlobalAccess")
            return news.loadBalancingScheme === "INTERNAL_MANAGED";
        const psc = (v: unknown) => typeof v === "string" && v.includes("/serviceAttachments/");
        return property === "target" && psc(olds.target) && psc(news.target);
    },
};

/** The inputs whose change between `olds` and `news` the real provider makes by replacing. */
export function replacedInputs(type: string, olds: Inputs, news: Inputs): string[] {
    const forced = (rulesOf.get(type) ?? []).filter((e) => {
        if (!differs(olds, news, e.property)) return false;
        if (e.rule === "forceNew") return true;
        const decide = customizeDiffs[e.function!];
        if (!decide)
            throw new Error(
                `no evaluator for ${e.function} (${e.source.repository}/${e.source.path})`,
            );
        return decide(olds, news, e.property);
    });
    return [...new Set(forced.map((e) => e.property.split(".")[0]))];
}

/** The outputs the real provider reports after creating a resource of `type`. */
export function createdOutputs(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
): Record<string, unknown> {
    return cloudStates[type]?.(name, inputs) ?? {};
}

/** IDs in each cloud's own shape. */
export function cloudId(type: string, urn: string, inputs: Record<string, unknown>): string {
    const kind = type.split(":")[2];
    if (type.startsWith("aws:")) {
        const prefixes: Record<string, string> = {
            Instance: "i",
            Vpc: "vpc",
            SecurityGroup: "sg",
            Eip: "eipalloc",
        };
        return `${prefixes[kind] ?? kind.toLowerCase()}-${hex(urn, 17)}`;
    }
    if (type.startsWith("gcp:"))
        return `projects/${inputs.project ?? "demo-project"}/${kind.toLowerCase()}s/${inputs.name ?? hex(urn)}`;
    const collection = kind.charAt(0).toLowerCase() + kind.slice(1) + "s";
    const own = (rulesOf.get(type) ?? []).filter(
        (e) => e.upstream === "URL path parameter" && e.property !== "resourceGroupName",
    );
    const name =
        Object.entries(inputs).find(([k]) => own.some((e) => e.property === k))?.[1] ?? hex(urn);
    return `/subscriptions/${AZURE_SUBSCRIPTION}/resourceGroups/${inputs.resourceGroupName}/providers/Microsoft.Network/${collection}/${name}`;
}

/** Types whose `name` the real provider generates when none is given (Pulumi autonaming). */
export function autonames(type: string): boolean {
    return (
        type.startsWith("gcp:compute/") ||
        [
            "aws:lb/targetGroup:TargetGroup",
            "aws:lb/loadBalancer:LoadBalancer",
            "aws:ec2/securityGroup:SecurityGroup",
        ].includes(type)
    );
}
