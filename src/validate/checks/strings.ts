import type { FieldPath } from "../../load/locate-field";
import type { Issue } from "../issue";

/**
 * Strings that neither Kubernetes nor a UTF-8 Python file can carry unchanged: NUL bytes and unpaired UTF-16
 * surrogates. Rejected rather than silently altered. Walks plain data only (not functions or symbols).
 */
export function checkCarryableStrings(value: unknown, at: FieldPath = [], seen = new Set<object>()): Issue[] {
  if (typeof value === "string") {
    if (value.includes("\u0000")) {
      return [{ code: "unrepresentable-string", field: at, message: "the value contains a NUL character, which Kubernetes cannot carry", hint: "remove the \\0 from the string" }];
    }
    if (!value.isWellFormed()) {
      return [{ code: "unrepresentable-string", field: at, message: "the value contains an unpaired UTF-16 surrogate, which UTF-8 cannot encode", hint: "check how the string was built (a cut emoji?)" }];
    }
    return [];
  }
  if (typeof value !== "object" || value === null || seen.has(value)) return [];
  seen.add(value);
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([key, child]) => {
    const keyIssues = typeof key === "string" ? checkCarryableStrings(key, [...at, key], seen) : [];
    return [...keyIssues, ...checkCarryableStrings(child, [...at, key], seen)];
  });
}
