import type { Duration } from "../../dsl/duration";
import type { PipelineRef } from "../shared/pipeline-reference";
import type { OperatorSettings } from "../shared/operator-settings";

/** The options of `p.trigger(otherPipeline, { ... })`; `Params` is what the other pipeline's params accept. */
export interface TriggerOptions<Params = Record<string, unknown>> extends OperatorSettings {
  /** The task id; default `trigger_<dag id>`. @example "start_training" */
  readonly id?: string;
  /**
   * The run's params (Airflow's `conf`), checked against the other pipeline's params schema: an unknown name, a
   * wrong type or a missing required param does not compile. A value may be a template (`ctx.ds`), rendered when
   * this task runs.
   * @example { params: { region: "emea", since: ctx.ds } }
   */
  readonly params?: Params;
  /** Wait until the triggered run ends; the task fails when it fails. @default false */
  readonly waitForCompletion?: boolean;
  /** With `waitForCompletion`: time between two checks of the triggered run. @default "60s" */
  readonly pokeInterval?: Duration;
  /** With `waitForCompletion`: wait in the triggerer instead of a worker. @default false */
  readonly deferrable?: boolean;
  /**
   * The triggered run's logical date, a template rendered when this task runs; default: the time it runs.
   * @example ctx.logicalDate // the same logical date as this run
   */
  readonly logicalDate?: string;
  /** When a run with that logical date (or run id) exists already: clear it and run it again instead of failing. @default false */
  readonly resetRun?: boolean;
}

/** What the trigger kind records. */
export type TriggerTaskOptions = Omit<TriggerOptions, "id"> & { readonly pipeline: PipelineRef };
