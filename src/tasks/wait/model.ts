import type { TaskModelBase } from "../task-kind";
import type { TimeOfDayParts } from "./schema";

/** What a wait waits for. */
export type WaitTarget =
  /** A run (or one task of it) of another pipeline of the project: ExternalTaskSensor. */
  | { readonly kind: "pipeline"; readonly dagId: string; readonly taskId?: string; /** execution_delta, seconds. */ readonly offsetSeconds?: number }
  /** A time of day in the pipeline's timezone: TimeSensor. */
  | { readonly kind: "time"; readonly time: TimeOfDayParts }
  /** A length of time after the run's data interval ends: TimeDeltaSensor. */
  | { readonly kind: "delta"; readonly seconds: number };

/** BaseSensorOperator's settings, as given (Airflow's defaults apply to what is left out). */
export interface SensorModel {
  readonly timeoutSeconds?: number;
  readonly pokeIntervalSeconds?: number;
  readonly mode?: "poke" | "reschedule";
  readonly softFail?: boolean;
  readonly deferrable: boolean;
}

/** A wait task: no container, one of Airflow's sensors. */
export interface WaitTaskModel extends TaskModelBase<"wait"> {
  readonly waitsFor: WaitTarget;
  readonly sensor: SensorModel;
}
