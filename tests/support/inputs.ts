// Recorded inputs are plain data of no declared shape; these read a path in them and check the
// type the test expects, instead of reaching through `any`.

/** A resource's recorded inputs, or any object inside them. */
export type Inputs = Record<string, unknown>;

type Step = string | number;

/**
 * The value at `path` (property names and array indices) under `value`: undefined when the last
 * step is absent, an error when an earlier one is, as plain property access would.
 */
export function at(value: unknown, ...path: Step[]): unknown {
    let here = value;
    path.forEach((step, i) => {
        if (here === null || typeof here !== "object")
            throw new TypeError(`no ${path.slice(0, i).join(".") || "value"} to read ${step} of`);
        here = (here as Record<Step, unknown>)[step];
    });
    return here;
}

function expect<T>(ok: (v: unknown) => v is T, what: string, value: unknown, path: Step[]): T {
    const v = at(value, ...path);
    if (!ok(v))
        throw new TypeError(`${path.join(".") || "value"} is ${JSON.stringify(v)}, not ${what}`);
    return v;
}

const isString = (v: unknown): v is string => typeof v === "string";
const isNumber = (v: unknown): v is number => typeof v === "number";
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
const isObject = (v: unknown): v is Inputs =>
    v !== null && typeof v === "object" && !Array.isArray(v);

/** The string at `path`. */
export const str = (value: unknown, ...path: Step[]): string =>
    expect(isString, "a string", value, path);

/** The number at `path`. */
export const num = (value: unknown, ...path: Step[]): number =>
    expect(isNumber, "a number", value, path);

/** The array at `path`. */
export const list = (value: unknown, ...path: Step[]): unknown[] =>
    expect(isArray, "an array", value, path);

/** The object at `path`. */
export const obj = (value: unknown, ...path: Step[]): Inputs =>
    expect(isObject, "an object", value, path);

/** The array of objects at `path`. */
export const objs = (value: unknown, ...path: Step[]): Inputs[] =>
    list(value, ...path).map((_, i) => obj(value, ...path, i));

/** The array of strings at `path`. */
export const strs = (value: unknown, ...path: Step[]): string[] =>
    list(value, ...path).map((_, i) => str(value, ...path, i));

/** What `read` finds at `path`, or undefined when nothing is there (optional inputs). */
export const maybe = <T>(
    read: (value: unknown, ...path: Step[]) => T,
    value: unknown,
    ...path: Step[]
): T | undefined => (at(value, ...path) === undefined ? undefined : read(value, ...path));
