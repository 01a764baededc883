import type { z } from "zod";

/** A value a branch compares a result field with: what JSON gives Python for a boolean, text or number. */
export type CaseValue = string | number | boolean;

/**
 * The values a field's schema allows, when it allows a closed set of them (a boolean, an enum, a literal or a union
 * of those): the cases a branch on it must cover. Undefined for an open type (any string, any number).
 */
export function closedValues(schema: z.ZodType): CaseValue[] | undefined {
  const def = defOf(schema);
  switch (def.type) {
    case "boolean":
      return [true, false];
    case "enum":
      return Object.values(def.entries as Record<string, CaseValue>);
    case "literal":
      return (def.values as unknown[]).every(isCaseValue) ? (def.values as CaseValue[]) : undefined;
    case "union": {
      const parts = (def.options as z.ZodType[]).map(closedValues);
      return parts.every((part) => part !== undefined) ? [...new Set(parts.flat())] : undefined;
    }
    default:
      return undefined;
  }
}

/** Whether the field may be absent or null in the JSON: a branch on it would have no value to compare. */
export function mayBeAbsent(schema: z.ZodType): boolean {
  const def = defOf(schema);
  if (def.type === "readonly") return mayBeAbsent(def.innerType as z.ZodType);
  return ["optional", "nullable", "default", "prefault", "catch"].includes(def.type);
}

/** The schema a field's value has, under `readonly` (the only wrapper that keeps a value always present). */
export function valueSchema(schema: z.ZodType): z.ZodType {
  const def = defOf(schema);
  return def.type === "readonly" ? valueSchema(def.innerType as z.ZodType) : schema;
}

/** How a case is written as an object key: `true`, `gold`, `3`. */
export function caseLabel(value: CaseValue): string {
  return String(value);
}

function isCaseValue(value: unknown): value is CaseValue {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function defOf(schema: z.ZodType): { type: string } & Record<string, unknown> {
  return (schema as unknown as { def: { type: string } & Record<string, unknown> }).def;
}
