// The default, human format: per cluster the resource tree with each resource's inputs (one
// line per input, lists of objects one element per line), then the billable load-balancer
// items beside Typhoon's.
import { styleText } from "util";
import { stringify } from "yaml";
import { ClusterView } from "./view";

export type Paint = (style: "bold" | "dim" | "red" | "cyan" | "green", text: string) => string;

export const plainPaint: Paint = (_, text) => text;
export const ansiPaint: Paint = (style, text) => styleText(style, text);

/** Azure resource IDs from the resource group on: `.../loadBalancers/demo-lb/probes/tcp-6443`. */
function shortIds(value: unknown): unknown {
    if (typeof value === "string")
        return value.replace(
            /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\//,
            ".../",
        );
    if (Array.isArray(value)) return value.map(shortIds);
    if (value !== null && typeof value === "object")
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shortIds(v)]));
    return value;
}

/** One YAML flow line, e.g. `{ port: 6443, protocol: TCP }`. */
const flow = (value: unknown) =>
    stringify(shortIds(value), { collectionStyle: "flow", lineWidth: 0 }).trimEnd();

function inputLines(inputs: Record<string, unknown>): string[] {
    const lines: string[] = [];
    for (const [key, value] of Object.entries(inputs)) {
        if (
            Array.isArray(value) &&
            value.length > 1 &&
            value.some((v) => v !== null && typeof v === "object")
        ) {
            lines.push(`${key}:`, ...value.map((v) => `  - ${flow(v)}`));
        } else lines.push(`${key}: ${flow(value)}`);
    }
    return lines;
}

function summaryLines(view: ClusterView, paint: Paint): string[] {
    const rows = view.summary ?? [];
    const width = Math.max(...rows.map((r) => r.item.length), 30);
    const total = (pick: (r: (typeof rows)[0]) => number | undefined) =>
        rows.reduce((n, r) => n + (pick(r) ?? 0), 0);
    return [
        paint("bold", `  billable load-balancer items`.padEnd(width + 4) + "  this  Typhoon"),
        ...rows.map(
            (r) =>
                `    ${r.item.padEnd(width)}  ${String(r.count).padStart(4)}  ${String(r.typhoon ?? "-").padStart(7)}`,
        ),
        `    ${"total".padEnd(width)}  ${String(total((r) => r.count)).padStart(4)}  ${String(total((r) => r.typhoon)).padStart(7)}`,
        paint("bold", `  addresses`.padEnd(width + 4) + "  this"),
        ...(view.addresses ?? []).map(
            (r) => `    ${r.item.padEnd(width)}  ${String(r.count).padStart(4)}`,
        ),
    ];
}

function renderCluster(view: ClusterView, paint: Paint): string {
    const head = `${paint("bold", view.name)}  ${paint("dim", view.type)}`;
    // The paths only: every path with its fix goes to stderr, as a preview reports it.
    if (view.invalid)
        return [
            head,
            paint(
                "red",
                `  invalid inputs, nothing would be created: ${view.invalid.map((e) => e.path).join(", ")}`,
            ),
        ].join("\n");
    const resources = view.resources ?? [];
    const lines = [`${head}  (${resources.length} resources)`];
    resources.forEach((r, i) => {
        const last = i === resources.length - 1;
        lines.push(`${last ? "└─" : "├─"} ${paint("cyan", r.type)}  ${r.name}`);
        for (const line of inputLines(r.inputs)) lines.push(`${last ? " " : "│"}    ${line}`);
    });
    lines.push("", ...summaryLines(view, paint));
    return lines.join("\n");
}

export function renderText(clusters: ClusterView[], paint: Paint): string {
    return clusters.map((c) => renderCluster(c, paint)).join("\n\n") + "\n";
}
