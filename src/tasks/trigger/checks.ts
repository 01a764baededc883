import type { Issue } from "../../diagnostics/issue";
import { closest } from "../../diagnostics/issue";
import type { TaskInputOf } from "../../dsl/pipeline";
import { referencedPipeline } from "../shared/pipeline-reference";
import type { ProjectCheckContext, ProjectPipeline } from "../project-view";
import type { TriggerTaskOptions } from "./options";

/** The trigger's settings agree with each other (what it says of the other pipeline: checkTriggerAcrossProject). */
export function checkTriggerTask(task: TaskInputOf<"trigger", TriggerTaskOptions>): Issue[] {
  const o = task.options;
  const issues: Issue[] = [];
  if (o.waitForCompletion !== true) {
    for (const field of ["pokeInterval", "deferrable"] as const) {
      if (o[field] !== undefined) issues.push({ code: "trigger-option-needs-wait", severity: "warning", field: [field], message: `${field} has no effect without waitForCompletion: true`, hint: `set waitForCompletion: true, or leave ${field} out` });
    }
  }
  return issues;
}

/** The other pipeline is in the project, and its params accept these. */
export function checkTriggerAcrossProject(task: TaskInputOf<"trigger", TriggerTaskOptions>, context: ProjectCheckContext): Issue[] {
  const { pipeline, issues } = referencedPipeline(task.options.pipeline, context, ["pipeline"], "trigger");
  if (pipeline) issues.push(...checkTriggerParams(pipeline, task.options.params ?? {}));
  return issues;
}

/** A value Airflow renders before it reaches the triggered run: its type is only known then. */
function isTemplate(value: unknown): boolean {
  return typeof value === "string" && value.includes("{{");
}

/** Each param against the other pipeline's zod params: unknown names, wrong types, required ones missing. */
export function checkTriggerParams(target: ProjectPipeline, params: Readonly<Record<string, unknown>>): Issue[] {
  const shape = target.params() ?? {};
  const names = Object.keys(shape);
  const dagId = target.dagId;
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
