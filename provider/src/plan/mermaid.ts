// `--format mermaid`: Markdown with one Mermaid flowchart per cluster, clients -> frontends
// -> target groups / backend pools / backend services -> nodes.
import { ClusterRun } from "./run";
import { topologyOf } from "./topology";

const label = (text: string) => `["${text.replace(/"/g, "#quot;")}"]`;

function renderDiagram(run: ClusterRun): string {
    const { name, type } = run.declaration;
    const lines = [
        "---",
        `title: "${name} (${type.split(":").pop()})"`,
        "---",
        "flowchart LR",
        '    clients(("clients"))',
    ];
    if (run.invalid)
        return [
            ...lines,
            `    invalid${label(`invalid inputs: ${run.invalid.errors.map((e) => e.path).join(", ")}`)}`,
            "    clients -.-x invalid",
        ].join("\n");
    const topology = topologyOf(type, run.resources);
    const targetIds = new Map([...topology.targets.keys()].map((key, i) => [key, `t${i}`]));
    const nodeIds = new Map<string, string>();
    topology.frontends.forEach((f, i) => {
        lines.push(`    f${i}${label(f.label)}`, `    clients --> f${i}`);
        if (targetIds.has(f.target)) lines.push(`    f${i} --> ${targetIds.get(f.target)}`);
    });
    for (const [key, target] of topology.targets) {
        const id = targetIds.get(key)!;
        lines.push(`    ${id}${label(target.label)}`);
        for (const node of target.nodes) {
            if (!nodeIds.has(node)) {
                nodeIds.set(node, `n${nodeIds.size}`);
                lines.push(`    ${nodeIds.get(node)}${label(node)}`);
            }
            lines.push(`    ${id} --> ${nodeIds.get(node)}`);
        }
    }
    return lines.join("\n");
}

export function renderMermaid(runs: ClusterRun[]): string {
    return runs.map((run) => "```mermaid\n" + renderDiagram(run) + "\n```\n").join("\n");
}
