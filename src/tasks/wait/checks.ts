import type { Issue } from "../../diagnostics/issue";
import { durationSeconds } from "../../dsl/duration";
import type { TaskInputOf } from "../../dsl/pipeline";
import { alignSchedules, durationText } from "../../knowledge/schedule-alignment";
import { checkTaskOf, referencedPipeline, runScheduleOf } from "../shared/pipeline-reference";
import type { ProjectCheckContext } from "../project-view";
import type { WaitTaskOptions } from "./options";
import { checkAssetWait } from "./asset-checks";

/** What the schema cannot see of a wait on its own: its settings together, and that an asset wait is not deferred. */
export function checkWaitTask(task: TaskInputOf<"wait", WaitTaskOptions>): Issue[] {
  const options = task.options;
  const issues = checkSensorSettings(options);
  if (options.on === "asset") issues.push(...checkAssetWait(options));
  return issues;
}

/** What only the project shows of a wait for another pipeline: that it exists, has the task, and runs in step. */
export function checkWaitAcrossProject(task: TaskInputOf<"wait", WaitTaskOptions>, context: ProjectCheckContext): Issue[] {
  return task.options.on === "pipeline" ? checkPipelineWait(task.options, context) : [];
}

/** Sensor settings that contradict each other (each alone passed the schema). */
export function checkSensorSettings(options: { readonly timeout?: string; readonly pokeInterval?: string; readonly mode?: string; readonly deferrable?: boolean }): Issue[] {
  const issues: Issue[] = [];
  const timeout = typeof options.timeout === "string" ? durationSeconds(options.timeout) : undefined;
  const poke = typeof options.pokeInterval === "string" ? durationSeconds(options.pokeInterval) : undefined;
  if (timeout !== undefined && poke !== undefined && poke > timeout) {
    issues.push({
      code: "poke-interval-over-timeout",
      field: ["pokeInterval"],
      message: `pokeInterval ${options.pokeInterval} is longer than timeout ${options.timeout}: the wait would time out before its second check`,
      hint: `make pokeInterval shorter than the timeout (e.g. "${durationText(Math.max(1, Math.floor(timeout / 10)))}")`,
    });
  }
  if (options.deferrable === true && options.mode === "reschedule") {
    issues.push({
      code: "mode-ignored-when-deferrable",
      severity: "warning",
      field: ["mode"],
      message: 'mode "reschedule" has no effect on a deferrable wait: the triggerer does the waiting, no worker slot is held',
      hint: "leave mode out, or set deferrable: false to wait on a worker",
    });
  }
  return issues;
}

function checkPipelineWait(options: Extract<WaitTaskOptions, { on: "pipeline" }>, context: ProjectCheckContext): Issue[] {
  const { pipeline, issues } = referencedPipeline(options.pipeline, context, ["pipeline"], "wait for");
  if (!pipeline) return issues;
  if (typeof options.task === "string") issues.push(...checkTaskOf(pipeline, options.task, ["task"]));
  const own = runScheduleOf(context.pipeline);
  const other = runScheduleOf(pipeline.options);
  const given = typeof options.offset === "string" ? durationSeconds(options.offset) : undefined;
  if (!own || !other || (options.offset !== undefined && given === undefined)) return issues;
  const otherId = pipeline.dagId;
  const alignment = alignSchedules(own, other, given);
  if (alignment.kind === "unscheduled") {
    issues.push({
      code: "wait-schedules-misaligned",
      field: ["pipeline"],
      message: `${alignment.what}: the wait looks for the run of "${otherId}" with this run's logical date, and no schedule guarantees one`,
      hint: `wait only between scheduled pipelines; to start "${otherId}" from this pipeline use p.trigger(...)`,
    });
  } else if (alignment.kind === "misaligned") {
    const fix = given === undefined ? undefined : alignSchedules(own, other);
    const suggestion = fix?.kind === "aligned" ? `use offset: "${durationText(fix.offsetSeconds)}"` : `give "${otherId}" a schedule whose runs share this pipeline's logical dates (or a constant offset from them), or wait with a time sensor (p.waitUntil / p.waitFor(delta(...)))`;
    issues.push({
      code: "wait-schedules-misaligned",
      field: given === undefined ? ["pipeline"] : ["offset"],
      message: `the schedules do not line up${given === undefined ? "" : ` with offset ${options.offset}`}: the run of ${alignment.run} would wait for a run of "${otherId}" at ${alignment.waitsFor} (${alignment.timezone}), and "${otherId}" has none then${given === undefined && alignment.offsetSeconds > 0 ? ` (no constant offset works: ${durationText(alignment.offsetSeconds)} fits the first run only)` : ""}`,
      hint: suggestion,
    });
  } else if (given === undefined && alignment.offsetSeconds !== 0) {
    issues.push({
      code: "wait-needs-offset",
      field: ["pipeline"],
      message: `"${otherId}" runs ${durationText(alignment.offsetSeconds)} before this pipeline: without an offset the wait looks for a run of "${otherId}" at this run's logical date, which never comes`,
      hint: `add offset: "${durationText(alignment.offsetSeconds)}"`,
    });
  }
  return issues;
}
