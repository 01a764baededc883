import type { PipelineInputOf, PodTask, TaskRecorder } from "../../dsl/pipeline";
import { pipelineRef } from "../shared/pipeline-reference";
import type { PipelineWaitOptions, TimeWaitOptions, WaitDelta } from "./options";

/** A time of day, 24-hour, in the pipeline's timezone. @example "06:00" | "23:30:15" */
export type TimeOfDay = `${number}:${number}` | `${number}:${number}:${number}`;

/** The wait kind's methods on the pipeline builder. */
export interface WaitBuilder {
  /**
   * Wait for another pipeline of the project (its handle: the module's default export, imported), or for a delta
   * after this run's data interval. For a pipeline, the wait succeeds when the run of the other pipeline with the
   * same logical date (minus `offset`) has succeeded: the whole run, or one `task` of it (Airflow's
   * ExternalTaskSensor). Compile checks that the pipeline is in the project, that the task exists, and that both
   * schedules line up.
   * @example
   * import nightlyEtl from "./nightly-etl";
   * const ready = p.waitFor(nightlyEtl, { task: "load", timeout: "2h", pokeInterval: "5m", mode: "reschedule" });
   * p.pod("rollup", { image }).after(ready);
   * @example p.waitFor(delta("30m")) // 30 minutes after the data interval ends (TimeDeltaSensor)
   */
  waitFor(target: PipelineInputOf | WaitDelta, options?: PipelineWaitOptions): PodTask;
  /**
   * Wait until a time of day in the pipeline's timezone, on the day the task runs (Airflow's TimeSensor).
   * @example p.waitUntil("06:00", { mode: "reschedule" })
   */
  waitUntil(time: TimeOfDay, options?: TimeWaitOptions): PodTask;
}

export function waitBuilder(recorder: TaskRecorder): WaitBuilder {
  return {
    waitFor(target, options = {}) {
      const { id, ...rest } = options;
      if (isDelta(target)) return recorder.task("wait", id ?? `wait_${identifierPart(target.delta)}`, { on: "delta", delta: target.delta, ...rest });
      const dagId = String((target as PipelineInputOf | undefined)?.options?.id);
      const defaultId = `wait_for_${identifierPart(dagId)}${rest.task === undefined ? "" : `_${identifierPart(rest.task)}`}`;
      return recorder.task("wait", id ?? defaultId, { on: "pipeline", pipeline: pipelineRef(target), ...rest });
    },
    waitUntil(time, options = {}) {
      const { id, ...rest } = options;
      return recorder.task("wait", id ?? `wait_until_${identifierPart(String(time))}`, { on: "time", time, ...rest });
    },
  };
}

function isDelta(target: unknown): target is WaitDelta {
  return typeof target === "object" && target !== null && (target as { kind?: unknown }).kind === "wait-delta";
}

/** Text as part of a task id: what is not a letter, digit or `_` dropped ("06:00" -> "0600", "a.b" -> "a_b"). */
function identifierPart(text: string): string {
  return text.replace(/:/g, "").replace(/[^A-Za-z0-9_]/g, "_");
}
