import { z } from "zod";
import { durationSeconds } from "../../dsl/duration";
import { addIssue, type IssueParams } from "../../diagnostics/issue";
import { checkDns1123Label, checkDns1123Subdomain, parseQuantity, suggestQuantity } from "../../knowledge/kubernetes";
import { hasJinja } from "../../knowledge/jinja/index";

/** A string that must pass `check` (which returns the problem, or undefined). */
export function checkedString(check: (value: string) => string | undefined, params: IssueParams) {
  return z.string().superRefine((value, ctx) => {
    const problem = check(value);
    if (problem) addIssue(ctx, problem, params);
  });
}

/** As {@link checkedString}, but a value holding Jinja is left to Airflow's rendering. */
export function templatedString(check: (value: string) => string | undefined, params: IssueParams) {
  return checkedString((value) => (hasJinja(value) ? undefined : check(value)), params);
}

export const objectName = (what: string) =>
  checkedString(checkDns1123Subdomain, { code: "invalid-name", hint: `${what} names are lower-case, e.g. "etl-raw"` });

export const namespaceName = templatedString(checkDns1123Label, {
  code: "invalid-namespace",
  hint: 'namespaces are DNS-1123 labels, e.g. "data"',
});

export const quantity = z.union([z.string(), z.number()]).superRefine((value, ctx) => {
  const text = String(value);
  const parsed = parseQuantity(text);
  if (parsed === undefined || !Number.isFinite(parsed)) {
    const suggestion = suggestQuantity(text);
    addIssue(ctx, `"${text}" is not a Kubernetes quantity`, {
      code: "invalid-quantity",
      hint: suggestion
        ? `did you mean "${suggestion}"? Kubernetes uses Ki, Mi, Gi (powers of 2) or k, M, G (powers of 10), without "B"`
        : 'write a number with an optional suffix: "500m" CPU, "512Mi" or "2Gi" memory',
    });
  } else if (parsed < 0) {
    addIssue(ctx, `"${text}" is negative`, { code: "invalid-quantity", hint: "resources cannot be negative" });
  }
});

/**
 * A duration such as "1h30m", validated to its number of seconds. Zero is refused unless `allowZero` (an offset may
 * be none; a timeout or an interval may not).
 */
export const duration = (what: string, { allowZero = false }: { readonly allowZero?: boolean } = {}) =>
  z.string().transform((value, ctx) => {
    const seconds = durationSeconds(value);
    if (seconds === undefined) {
      addIssue(ctx, `"${value}" is not a duration`, { code: "invalid-duration", hint: 'write whole numbers with units, largest first: "30s", "5m", "1h30m", "2d"' });
      return z.NEVER;
    } else if (seconds === 0 && !allowZero) {
      addIssue(ctx, `${what} must be longer than 0`, { code: "invalid-duration", hint: "leave it out for no limit" });
      return z.NEVER;
    }
    return seconds;
  });

export const nonNegativeInt = z.number().int().min(0);
export const positiveInt = z.number().int().min(1);

/** Keys an object schema accepts at `path` below `schema`: the known options for an "unknown option" hint. */
export function knownKeysAt(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let current: z.core.$ZodType | undefined = schema;
  for (const step of [...path, undefined]) {
    current = unwrap(current);
    if (!current) return [];
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    if (step === undefined) return def.type === "object" ? Object.keys(def.shape as object) : [];
    if (def.type === "object") current = (def.shape as Record<string, z.core.$ZodType>)[String(step)];
    else if (def.type === "array") current = def.element as z.core.$ZodType;
    else if (def.type === "record") current = def.valueType as z.core.$ZodType;
    else return [];
  }
  return [];
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = schema;
  for (;;) {
    const def = current?._zod.def as unknown as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType; getter?: () => z.core.$ZodType } | undefined;
    if (!def) return current;
    if (def.type === "optional" || def.type === "nullable" || def.type === "readonly") current = def.innerType;
    else if (def.type === "pipe") current = def.in;
    else if (def.type === "lazy" && def.getter) current = def.getter();
    else return current;
  }
}
