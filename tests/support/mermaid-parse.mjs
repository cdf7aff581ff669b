// Parses Mermaid diagrams with Mermaid's own parser (the one that renders them on GitHub):
// reads a JSON list of diagram texts on stdin, prints a JSON list of results. Mermaid
// sanitizes labels with DOMPurify, which needs a DOM, so jsdom provides one.
import { JSDOM } from "jsdom";

const { window } = new JSDOM("");
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import("mermaid");

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
    try {
        const parsed = await mermaid.parse(text);
        results.push({ ok: true, diagramType: parsed.diagramType });
    } catch (error) {
        results.push({ ok: false, error: String(error.message ?? error) });
    }
}
process.stdout.write(JSON.stringify(results));
