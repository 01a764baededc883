import { z } from "zod";
import { freeText } from "./free-text";

/** One param as Airflow gets it: its default (absent: the trigger form must fill it in) and its JSON Schema. */
export interface ParamJson {
  readonly name: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly hasDefault: boolean;
  /** Draft-7 JSON Schema of the value, without `default` and `description` (Param's own arguments). */
  readonly schema: Readonly<Record<string, unknown>>;
}

/**
 * The params' JSON Schemas, as zod writes them for draft 7 (what Airflow validates with). An optional param
 * without a default becomes nullable with default None: the form may leave it empty.
 */
export function paramsJson(schema: z.ZodObject): ParamJson[] {
  const json = z.toJSONSchema(schema, { target: "draft-7", unrepresentable: "throw", io: "input" }) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { default: value, description, ...rest } = property;
    const required = (json.required ?? []).includes(name);
    const hasDefault = "default" in property;
    const optional = !required && !hasDefault;
    return {
      name,
      ...(typeof description === "string" && freeText(description) !== undefined && { description }),
      ...(hasDefault ? { default: value } : optional ? { default: null } : {}),
      hasDefault: hasDefault || optional,
      schema: optional ? nullable(rest) : rest,
    };
  });
}

function nullable(schema: Record<string, unknown>): Record<string, unknown> {
  if (typeof schema.type === "string") return { ...schema, type: [schema.type, "null"] };
  return { anyOf: [schema, { type: "null" }] };
}
