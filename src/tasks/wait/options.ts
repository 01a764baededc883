import type { Duration } from "../../dsl/duration";
import type { PipelineRef } from "../shared/pipeline-reference";
import type { OperatorSettings } from "../shared/operator-settings";

/**
 * How a wait behaves while it waits: Airflow's BaseSensorOperator settings.
 * @example { timeout: "2h", pokeInterval: "5m", mode: "reschedule" }
 */
export interface SensorSettings extends OperatorSettings {
  /** Give up (fail, or skip with `softFail`) after waiting this long. @default Airflow's 7 days @example "2h" */
  readonly timeout?: Duration;
  /** Time between two checks. @default "60s" @example "5m" */
  readonly pokeInterval?: Duration;
  /**
   * `"poke"` keeps a worker slot for the whole wait; `"reschedule"` frees it between checks (better for waits of
   * minutes or more). Ignored when `deferrable` hands the wait to the triggerer.
   * @default "poke"
   */
  readonly mode?: "poke" | "reschedule";
  /** Mark the task skipped, not failed, when the wait times out. @default false */
  readonly softFail?: boolean;
  /**
   * Wait in Airflow's triggerer instead of a worker (no slot held at all). The deployment needs a triggerer
   * (the official chart runs one). @default false
   */
  readonly deferrable?: boolean;
}

/** The options of a wait for another pipeline: `p.waitFor(otherPipeline, { ... })`. */
export interface PipelineWaitOptions extends SensorSettings {
  /** The task id; default `wait_for_<dag id>` (with `_<task id>` when `task` is given). @example "wait_for_load" */
  readonly id?: string;
  /**
   * The task of the other pipeline to wait for, by its id (with its group prefix): checked at compile time.
   * Left out, the wait is for the other pipeline's whole run.
   * @example "load"
   */
  readonly task?: string;
  /**
   * How much earlier the other pipeline's run is than this one's: the run waited for has logical date = this
   * run's logical date - offset (Airflow's `execution_delta`). Compile checks that the two schedules line up and
   * says which offset to use when they line up with another one.
   * @default "0s" (the run with the same logical date)
   * @example "1h" // this pipeline runs at 03:00, the other at 02:00
   */
  readonly offset?: Duration;
}

/** The options of a time wait: `p.waitUntil("06:00")`, `p.waitFor(delta("30m"))`. */
export interface TimeWaitOptions extends SensorSettings {
  /** The task id; default `wait_until_<hhmm>` or `wait_<delta>`. @example "wait_for_business_hours" */
  readonly id?: string;
}

/** A length of time to wait after a run's data interval ends: `p.waitFor(delta("30m"))`. */
export interface WaitDelta {
  readonly kind: "wait-delta";
  readonly delta: Duration;
}

/**
 * A delta for `p.waitFor`: the wait ends this long after the run's data interval ends (Airflow's TimeDeltaSensor).
 * @example p.waitFor(delta("30m"))
 */
export function delta(length: Duration): WaitDelta {
  return { kind: "wait-delta", delta: length };
}

/** What the wait kind records (the builder turns each method into one of these). */
export type WaitTaskOptions =
  | ({ readonly on: "pipeline"; readonly pipeline: PipelineRef } & Omit<PipelineWaitOptions, "id">)
  | ({ readonly on: "time"; readonly time: string } & Omit<TimeWaitOptions, "id">)
  | ({ readonly on: "delta"; readonly delta: Duration } & Omit<TimeWaitOptions, "id">);
