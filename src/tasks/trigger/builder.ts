import type { PipelineInputOf, PodTask, TaskRecorder } from "../../dsl/pipeline";
import type { TRIGGER_PARAMS } from "../../dsl/params";
import { pipelineRef } from "../shared/pipeline-reference";
import type { TriggerOptions } from "./options";

/** The params a pipeline handle says it accepts (any, for a handle typed without them). */
type ParamsOf<P> = P extends { readonly [TRIGGER_PARAMS]?: infer T } ? (unknown extends T ? Record<string, unknown> : T) : Record<string, unknown>;

/** The trigger kind's method on the pipeline builder. */
export interface TriggerBuilder {
  /**
   * Start a run of another pipeline of the project (its handle: the module's default export, imported), with
   * params checked against its params schema, both by TypeScript and at compile (Airflow's TriggerDagRunOperator).
   * @example
   * import training from "./model-training";
   * p.trigger(training, { params: { region: "emea", since: ctx.ds }, waitForCompletion: true }).after(publish);
   */
  trigger<P extends PipelineInputOf>(target: P, options?: TriggerOptions<ParamsOf<P>>): PodTask;
}

export function triggerBuilder(recorder: TaskRecorder): TriggerBuilder {
  return {
    trigger(target, options = {}) {
      const { id, ...rest } = options as TriggerOptions;
      const dagId = String((target as PipelineInputOf | undefined)?.options?.id).replace(/[^A-Za-z0-9_]/g, "_");
      return recorder.task("trigger", id ?? `trigger_${dagId}`, { pipeline: pipelineRef(target), ...rest });
    },
  };
}
