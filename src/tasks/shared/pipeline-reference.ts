import { closest, type Issue } from "../../diagnostics/issue";
import type { FieldPath } from "../../diagnostics/source-location";
import { isPipelineInput } from "../../dsl/pipeline";
import { durationSeconds } from "../../dsl/duration";
import { normalizeCron } from "../../knowledge/cron";
import { parseCron } from "../../knowledge/cron-grammar";
import { parseLocalDateTime } from "../../knowledge/dates";
import type { RunSchedule } from "../../knowledge/schedule-alignment";
import type { ProjectCheckContext, ProjectPipeline, ScheduleOptions } from "../project-view";

const HANDLE: unique symbol = Symbol("airflow-ts.pipeline-handle") as never;

/**
 * How a task's options hold another pipeline: its DAG id, and the handle under a hidden key. The checks that walk
 * a task's options (strings, templates, mapped items) would otherwise walk into the other pipeline's tasks.
 */
export interface PipelineRef {
  readonly dagId: string;
  readonly [HANDLE]?: unknown;
}

export function pipelineRef(handle: unknown): PipelineRef {
  const ref = { dagId: isPipelineInput(handle) ? String(handle.options.id) : "" };
  Object.defineProperty(ref, HANDLE, { value: handle, enumerable: false });
  return ref;
}

/** The handle a ref holds (undefined for anything else). */
export function handleOf(ref: unknown): unknown {
  return typeof ref === "object" && ref !== null ? (ref as PipelineRef)[HANDLE] : undefined;
}

/**
 * Another pipeline a task names (a wait, a trigger), looked up in the project by DAG id: the handle a module
 * imported may be a second evaluation of the same module, so identity cannot be used; the id can. The ref is the
 * task's option as written, made plain data (its `dagId`; the schema already refused anything but a handle).
 * Undefined with an issue when it is not a pipeline of the project, or is the task's own pipeline.
 */
export function referencedPipeline(ref: unknown, context: ProjectCheckContext, field: FieldPath, what: string): { pipeline?: ProjectPipeline; issues: Issue[] } {
  const id = typeof ref === "object" && ref !== null ? (ref as PipelineRef).dagId : undefined;
  if (typeof id !== "string" || id === "") return { issues: [] };
  if (id === context.pipeline.id) {
    return { issues: [{ code: "reference-to-own-pipeline", field, message: `a pipeline cannot ${what} itself ("${id}")`, hint: "use a dependency between its tasks (task.after(...)) instead" }] };
  }
  const pipeline = context.project.get(id);
  if (pipeline) return { pipeline, issues: [] };
  const known = [...context.project.keys()].filter((k) => k !== context.pipeline.id);
  const suggestion = closest(id, known);
  return {
    issues: [{
      code: "pipeline-not-in-project",
      field,
      message: `the pipeline "${id}" is not one of this project's pipelines, so it cannot ${what} it`,
      hint: `add its module to the \`pipelines\` globs of airflow-ts.config.ts${suggestion ? `, or did you mean "${suggestion}"?` : known.length ? ` (the project has ${known.map((k) => `"${k}"`).join(", ")})` : ""}`,
    }],
  };
}

/** An issue when `taskId` is not a task of `pipeline`, with the nearest id as a did-you-mean. */
export function checkTaskOf(pipeline: ProjectPipeline, taskId: string, field: FieldPath): Issue[] {
  const ids = pipeline.taskIds;
  if (ids.includes(taskId)) return [];
  const suggestion = closest(taskId, ids);
  return [{
    code: "unknown-task-of-pipeline",
    field,
    message: `the pipeline "${pipeline.dagId}" has no task "${taskId}"`,
    hint: suggestion ? `did you mean "${suggestion}"?` : `its tasks are ${ids.map((id) => `"${id}"`).join(", ") || "none"}`,
  }];
}

/** A pipeline's schedule as the alignment check reads it; undefined when it is malformed (its own check says so). */
export function runScheduleOf(options: ScheduleOptions): RunSchedule | undefined {
  const { schedule } = options;
  const start = typeof options.start === "string" ? parseLocalDateTime(options.start) : undefined;
  const timezone = typeof options.timezone === "string" ? options.timezone : "UTC";
  if (start === undefined || typeof schedule !== "object" || schedule === null) return undefined;
  if (schedule.kind === "cron") {
    const expression = typeof schedule.expression === "string" ? normalizeCron(schedule.expression) : undefined;
    return expression !== undefined && !("error" in parseCron(expression)) ? { kind: "cron", expression, timezone, start } : undefined;
  }
  if (schedule.kind === "interval") {
    const seconds = typeof schedule.every === "string" ? durationSeconds(schedule.every) : undefined;
    return seconds ? { kind: "interval", seconds, timezone, start } : undefined;
  }
  if (schedule.kind === "preset") return { kind: "unscheduled", what: `"${options.id}" ${schedule.preset === "none" ? "has no schedule (it runs when triggered)" : `runs ${schedule.preset === "@once" ? "once" : "continuously"}`}` };
  return undefined;
}
