import type { FieldPath } from "./source-location";

export interface VisitStringsOptions {
  /** The path of `value` itself; the paths given to `visit` start with it. */
  readonly at?: FieldPath;
  /** Visit object keys too (with `isKey`), each before its value. */
  readonly keys?: boolean;
  /** What to walk instead of an object (a zod schema as its JSON Schema), or undefined to walk it as it is. */
  readonly expand?: (node: object) => unknown;
}

/**
 * Calls `visit` with every string of plain data (arrays and objects) and the field path to it. An object met
 * again inside itself is not walked again, so a cycle ends; one used in two places is walked at each. The path is one array, grown and shrunk as the walk goes down and up: `visit` copies it when it
 * keeps it. The checks walk every value of every task and most strings are fine, so no path is built for those.
 */
export function visitStrings(value: unknown, visit: (text: string, path: FieldPath, isKey: boolean) => void, options: VisitStringsOptions = {}): void {
  const ancestors = new Set<object>();
  const path: (string | number)[] = [...(options.at ?? [])];
  const walk = (node: unknown): void => {
    if (typeof node === "string") return visit(node, path, false);
    if (typeof node !== "object" || node === null || ancestors.has(node)) return;
    ancestors.add(node);
    const expanded = options.expand?.(node);
    if (expanded !== undefined) walk(expanded);
    else if (Array.isArray(node)) {
      node.forEach((child, index) => {
        path.push(index);
        walk(child);
        path.pop();
      });
    } else {
      for (const key of Object.keys(node)) {
        path.push(key);
        if (options.keys) visit(key, path, true);
        walk((node as Record<string, unknown>)[key]);
        path.pop();
      }
    }
    ancestors.delete(node);
  };
  walk(value);
}

/** Every string of plain data (values, not keys) with its field path, in the order written. */
export function stringsWithPaths(value: unknown, at: FieldPath = []): [FieldPath, string][] {
  const found: [FieldPath, string][] = [];
  visitStrings(value, (text, path) => found.push([[...path], text]), { at });
  return found;
}
