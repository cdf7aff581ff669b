// `--format json`: the whole plan as one document with sorted keys and sorted resources, so
// that two runs of one program are byte-identical and a pull request shows a readable diff.
import { ClusterView, plain } from "./view";

export function renderJson(clusters: ClusterView[]): string {
    return JSON.stringify(plain({ clusters }), null, 2) + "\n";
}
