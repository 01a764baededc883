import type { z } from "zod";
import type { PipelineInput } from "../../tasks";
import { paramsJson, type ParamJson } from "../../knowledge/airflow-params";
import type { Issue } from "../../diagnostics/issue";
import { C_IDENTIFIER } from "../../knowledge/kubernetes";

/**
 * What Airflow would refuse or silently not enforce: names that are not identifiers, schemas JSON Schema cannot
 * express (transforms, dates as objects), required params on a scheduled pipeline (Airflow refuses the DAG:
 * no one fills in the form for a scheduled run), and refinements, which the form and Airflow never check (a warning).
 */
export function checkParams(input: PipelineInput): Issue[] {
  const schema = input.options.params;
  if (schema === undefined) return [];
  const issues: Issue[] = [];
  for (const name of Object.keys(schema.shape)) {
    // Tasks read params as {{ params.<name> }}: names are identifiers.
    if (!C_IDENTIFIER.test(name)) {
      issues.push({ code: "invalid-param-name", field: ["params", name], message: `param name "${name}" is not an identifier`, hint: "tasks read params as {{ params.<name> }}: use letters, digits and _, e.g. batch_size" });
    }
    for (const refinement of refinementsOf(schema.shape[name] as z.ZodType)) {
      issues.push({
        code: "param-refinement-not-enforced",
        severity: "warning",
        field: ["params", name],
        message: `param "${name}" has a refinement${refinement ? ` (${refinement})` : ""} that the trigger form and Airflow do not check`,
        hint: "only the JSON Schema reaches Airflow: express the rule with min/max/regex/enum, or check it in the task",
      });
    }
  }
  let params: ParamJson[];
  try {
    params = paramsJson(schema);
  } catch (thrown) {
    return [...issues, { code: "invalid-params", field: ["params"], message: `the params cannot be written as JSON Schema: ${thrown instanceof Error ? thrown.message : String(thrown)}`, hint: "params are JSON values: strings (with format for dates), numbers, booleans, enums, arrays; no transforms or Date objects" }];
  }
  const scheduled = !(input.options.schedule.kind === "preset" && input.options.schedule.preset === "none");
  for (const p of params) {
    if (scheduled && !p.hasDefault) {
      issues.push({ code: "param-needs-default", field: ["params", p.name], message: `param "${p.name}" has no default, but the pipeline is scheduled`, hint: "a scheduled run has no one to fill in the form, and Airflow refuses such a DAG: add .default(...) or .optional()" });
    }
    if (JSON.stringify(p.schema).includes('"$ref"')) {
      issues.push({ code: "invalid-params", field: ["params", p.name], message: `param "${p.name}" refers to a shared or recursive definition`, hint: "Airflow's form needs each param's schema inline" });
    }
  }
  return issues;
}

/** The custom checks (`.refine`, `.superRefine`) anywhere in a field's schema, by their messages when they have one. */
function refinementsOf(schema: z.ZodType, seen = new Set<unknown>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = schema._zod.def as unknown as Record<string, unknown> & { checks?: { _zod: { def: { check: string; error?: unknown } } }[] };
  const own = (def.checks ?? []).filter((c) => c._zod.def.check === "custom").map(() => "");
  const children = Object.values(def).flatMap((v) => (isZodType(v) ? [v] : Array.isArray(v) ? v.filter(isZodType) : []));
  return [...own, ...children.flatMap((c) => refinementsOf(c, seen))];
}

function isZodType(value: unknown): value is z.ZodType {
  return typeof value === "object" && value !== null && "_zod" in value;
}
