import type { z } from "zod";
import type { Issue } from "../../diagnostics/issue";
import { closest } from "../../diagnostics/issue";
import type { PipelineInputOf, TaskInputOf } from "../../dsl/pipeline";
import { referencedPipeline } from "../shared/pipeline-reference";
import type { CheckContext } from "../task-kind";
import type { TriggerTaskOptions } from "./options";

/** The other pipeline is in the project, its params accept these, and the settings agree with each other. */
export function checkTriggerTask(task: TaskInputOf<"trigger", TriggerTaskOptions>, context: CheckContext): Issue[] {
  const o = task.options;
  const issues: Issue[] = [];
  if (o.waitForCompletion !== true) {
    for (const field of ["pokeInterval", "deferrable"] as const) {
      if (o[field] !== undefined) issues.push({ code: "trigger-option-needs-wait", severity: "warning", field: [field], message: `${field} has no effect without waitForCompletion: true`, hint: `set waitForCompletion: true, or leave ${field} out` });
    }
  }
  const { pipeline, issues: found } = referencedPipeline(o.pipeline, context, ["pipeline"], "trigger");
  issues.push(...found);
  if (pipeline) issues.push(...checkTriggerParams(pipeline, o.params ?? {}));
  return issues;
}

/** A value Airflow renders before it reaches the triggered run: its type is only known then. */
function isTemplate(value: unknown): boolean {
  return typeof value === "string" && value.includes("{{");
}

/** Each param against the other pipeline's zod params: unknown names, wrong types, required ones missing. */
export function checkTriggerParams(target: PipelineInputOf, params: Readonly<Record<string, unknown>>): Issue[] {
  const shape = (target.options.params?.shape ?? {}) as Record<string, z.ZodType>;
  const names = Object.keys(shape);
  const dagId = String(target.options.id);
  const issues: Issue[] = [];
  for (const [name, value] of Object.entries(params)) {
    const field = shape[name];
    if (!field) {
      const suggestion = closest(name, names);
      issues.push({
        code: "unknown-trigger-param",
        field: ["params", name],
        message: `"${dagId}" has no param "${name}"`,
        hint: suggestion ? `did you mean "${suggestion}"?` : names.length ? `its params are ${names.map((n) => `"${n}"`).join(", ")}` : `"${dagId}" declares no params`,
      });
      continue;
    }
    if (isTemplate(value)) continue;
    const parsed = field.safeParse(value);
    if (!parsed.success) {
      issues.push({
        code: "invalid-trigger-param",
        field: ["params", name],
        message: `${JSON.stringify(value)} is not a valid "${name}" for "${dagId}": ${parsed.error.issues.map((i) => i.message).join("; ")}`,
        hint: `pass what "${dagId}"'s params schema accepts for "${name}" (or a template, checked when the run starts)`,
      });
    }
  }
  for (const name of names) {
    if (name in params) continue;
    if (!shape[name]!.safeParse(undefined).success) {
      issues.push({
        code: "missing-trigger-param",
        field: ["params"],
        message: `"${dagId}" requires the param "${name}", which this trigger does not pass`,
        hint: `add ${name}: ... to params (or give "${name}" a default in "${dagId}")`,
      });
    }
  }
  return issues;
}
