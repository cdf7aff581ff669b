// Typed reads of raw component inputs. Inputs arrive from TypeScript, Python, Go and YAML,
// so types are checked here, not trusted. Two kinds of values:
// - structural ones (ports, names, protocols, CIDRs) decide which resources exist and must
//   be known while the program runs;
// - references (IDs, addresses, self links) pass through to resource inputs and may be
//   unknown until deployment.
import { Problems } from "./problems";
import { Problem } from "./problems";
import { Expectation, expecting, isUnknown, Maybe } from "./unknown";

export type Raw = unknown;

export const keyPath = (path: string, key: string): string => (path ? `${path}.${key}` : key);
export const indexPath = (path: string, i: number): string => `${path}[${i}]`;

function show(value: Raw): string {
    if (typeof value === "string") return JSON.stringify(value);
    if (Array.isArray(value)) return "a list";
    if (typeof value === "object" && value !== null) return "an object";
    return String(value);
}

export interface IntRange {
    min: number;
    max: number;
    /** What the range means, e.g. "a port (1-65535)". */
    what: string;
}

export const PORT: IntRange = { min: 1, max: 65535, what: "a port (1-65535)" };

export class Reader {
    constructor(readonly problems = new Problems()) {}

    private absent(value: Raw): value is undefined | null {
        return value === undefined || value === null;
    }

    private known(value: Raw, path: string): boolean {
        if (!isUnknown(value)) return true;
        this.problems.add(
            path,
            "is not known while the program runs (it is the output of another resource)",
            "pass a plain value: it decides which resources the component creates",
        );
        return false;
    }

    private wrongType(value: Raw, path: string, expected: string): undefined {
        this.problems.add(path, `expected ${expected}, got ${show(value)}`, `pass ${expected}`);
        return undefined;
    }

    object(value: Raw, path: string): Record<string, Raw> | undefined {
        if (this.absent(value) || !this.known(value, path)) return undefined;
        if (typeof value !== "object" || Array.isArray(value))
            return this.wrongType(value, path, "an object");
        return value as Record<string, Raw>;
    }

    list(value: Raw, path: string): Raw[] | undefined {
        if (this.absent(value) || !this.known(value, path)) return undefined;
        if (!Array.isArray(value)) return this.wrongType(value, path, "a list");
        return value;
    }

    bool(value: Raw, path: string): boolean | undefined {
        if (this.absent(value) || !this.known(value, path)) return undefined;
        if (typeof value !== "boolean") return this.wrongType(value, path, "true or false");
        return value;
    }

    string(value: Raw, path: string): string | undefined {
        if (this.absent(value) || !this.known(value, path)) return undefined;
        if (typeof value !== "string") return this.wrongType(value, path, "a string");
        return value;
    }

    int(value: Raw, path: string, range: IntRange): number | undefined {
        if (this.absent(value) || !this.known(value, path)) return undefined;
        if (typeof value !== "number" || !Number.isInteger(value))
            return this.wrongType(value, path, "an integer");
        if (value < range.min || value > range.max) {
            this.problems.add(
                path,
                `${value} is not ${range.what}`,
                `use an integer from ${range.min} to ${range.max}`,
            );
            return undefined;
        }
        return value;
    }

    oneOf<T extends string>(value: Raw, path: string, values: readonly T[]): T | undefined {
        const s = this.string(value, path);
        if (s === undefined) return undefined;
        if (!values.includes(s as T)) {
            this.problems.add(
                path,
                `${JSON.stringify(s)} is not allowed`,
                `use one of ${values.map((v) => JSON.stringify(v)).join(", ")}`,
            );
            return undefined;
        }
        return s as T;
    }

    /** A reference (ID, address, self link): a non-empty string, or unknown until deployment. */
    ref(value: Raw, path: string): Maybe<string> | undefined {
        if (this.absent(value)) return undefined;
        if (isUnknown(value)) return expecting(value, path, "ref");
        if (typeof value !== "string") return this.wrongType(value, path, "a string");
        if (value.trim() === "") {
            this.problems.add(path, "is empty", "pass the value, or leave the property out");
            return undefined;
        }
        return value;
    }

    /** A list of references; the list itself may be unknown until deployment. */
    refs(value: Raw, path: string): Maybe<Maybe<string>[]> | undefined {
        if (this.absent(value)) return undefined;
        if (isUnknown(value)) return expecting(value, path, "refs");
        if (!Array.isArray(value)) return this.wrongType(value, path, "a list of strings");
        return value.flatMap((v, i) => {
            const itemPath = indexPath(path, i);
            // An entry left unset would silently drop a node or a group.
            if (this.absent(v))
                this.problems.add(itemPath, `is ${v}`, "pass the value, or remove the entry");
            const ref = this.ref(v, itemPath);
            return ref === undefined ? [] : [ref];
        });
    }

    stringMap(value: Raw, path: string): Record<string, Maybe<string>> | undefined {
        const obj = this.object(value, path);
        if (!obj) return undefined;
        const out: Record<string, Maybe<string>> = {};
        for (const [k, v] of Object.entries(obj)) {
            if (isUnknown(v)) out[k] = expecting(v, keyPath(path, k), "text");
            else if (typeof v === "string") out[k] = v;
            else this.wrongType(v, keyPath(path, k), "a string");
        }
        return out;
    }

    /** A required structural value: reports it when absent. */
    required<T>(value: T | undefined, raw: Raw, path: string, fix: string): T | undefined {
        if (value === undefined && (raw === undefined || raw === null))
            this.problems.add(path, "is required", fix);
        return value;
    }
}

/**
 * Problems of a deploy-time value once it is known (issue 17, defect 14), by the rule the
 * reader applied to it: outputs that resolve to nothing would otherwise reach a resource
 * constructor ("Missing required property") or, for optional inputs such as a security
 * group's VPC, silently pick the cloud's default.
 */
export function deployTimeProblems(expect: Expectation, value: unknown): Problem[] {
    const out: Problem[] = [];
    const check = (path: string, v: unknown, kind: Expectation["kind"]): void => {
        if (v === undefined || v === null) {
            const what = path.endsWith("]") ? "entry" : "property";
            out.push({
                path,
                message: "has no value once known (the output passed here resolved to undefined)",
                fix: `pass an output that holds the value, or leave the ${what} out`,
            });
            return;
        }
        if (kind === "refs" && Array.isArray(v))
            return v.forEach((item, i) => check(indexPath(path, i), item, "ref"));
        const r = new Reader();
        if (kind === "text") r.string(v, path);
        else if (kind === "ref") r.ref(v, path);
        else r.refs(v, path);
        out.push(...r.problems.list.map((p) => ({ ...p, message: `once known, ${p.message}` })));
    };
    check(expect.path, value, expect.kind);
    return out;
}
