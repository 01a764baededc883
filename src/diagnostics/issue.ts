import type { z } from "zod";
import type { FieldPath } from "../diagnostics/source-location";
import type { Severity } from "../diagnostics/diagnostic";
import { closest } from "../diagnostics/did-you-mean";

export { closest };

/** What a problem is attached to; the validator later turns it into a file, line and display path. */
export type IssueTarget =
  | { readonly kind: "pipeline" }
  | { readonly kind: "task"; readonly index: number }
  | { readonly kind: "group"; readonly index: number }
  | { readonly kind: "dependency"; readonly index: number };

/** A problem found by a check, before it is located in the source. Paths are relative to the target. */
export interface Issue {
  readonly code: string;
  readonly message: string;
  readonly field: FieldPath;
  readonly hint?: string;
  readonly severity?: Severity;
}

/** Parameters that custom zod checks attach to their issues. */
export interface IssueParams {
  readonly code: string;
  readonly hint?: string;
}

/** Reports a problem from inside a zod refinement; the stable code and hint ride along in the issue's params. */
export function addIssue(ctx: z.RefinementCtx, message: string, params: IssueParams): void {
  ctx.addIssue({ code: "custom", message, params });
}

/**
 * Parses what a user wrote. zod 4 leaves the input out of its issues unless asked, and without it a value of the
 * wrong type cannot be told from a missing one: every parse of user input goes through here.
 */
export function parseReported<T>(schema: z.ZodType<T>, value: unknown): z.ZodSafeParseResult<T> {
  return schema.safeParse(value, { reportInput: true });
}

/** zod's issues as ours: custom checks keep their code; structural ones get codes of their own. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], knownKeys: (path: FieldPath) => readonly string[]): Issue[] {
  return issues.flatMap((issue): Issue[] => {
    const field = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    const last = field[field.length - 1];
    switch (issue.code) {
      case "custom": {
        const params = (issue.params ?? {}) as Partial<IssueParams>;
        return [{ code: params.code ?? "invalid-value", message: issue.message, field, ...(params.hint && { hint: params.hint }) }];
      }
      case "invalid_type":
        // Only a parse with `reportInput` (parseReported) says what was there; without it nothing is called missing.
        if ("input" in issue && issue.input === undefined) {
          return [{ code: `missing-${kebab(String(last ?? "value"))}`, message: `"${String(last)}" is required`, field, hint: `set ${String(last)}` }];
        }
        if (issue.expected === "int" && typeof issue.input === "number") {
          return [{ code: "invalid-type", message: `expected a whole number, got ${issue.input}`, field, hint: `use a whole number, e.g. ${Math.max(1, Math.round(issue.input))}` }];
        }
        return [{ code: "invalid-type", message: "input" in issue ? `expected ${issue.expected}, got ${describe(issue.input)}` : `expected ${issue.expected}`, field }];
      case "unrecognized_keys":
        return issue.keys.map((key) => {
          const suggestion = closest(key, knownKeys(field));
          return {
            code: "unknown-option",
            message: `unknown option "${key}"`,
            field: [...field, key],
            hint: suggestion ? `did you mean "${suggestion}"?` : `known options: ${knownKeys(field).join(", ")}`,
          };
        });
      case "invalid_value":
        return [{ code: "invalid-value", message: `${describe(issue.input)} is not one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`, field }];
      case "invalid_union":
        return [{ code: "invalid-value", message: issue.message, field }];
      default:
        return [{ code: "invalid-value", message: issue.message, field }];
    }
  });
}

function kebab(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
