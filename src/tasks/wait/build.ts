import type { TaskInputOf } from "../../dsl/pipeline";
import { airflowSettingsModel } from "../shared/airflow-settings";
import { definedOnly } from "../shared/records";
import type { BuildContext } from "../task-kind";
import type { SensorModel, WaitTarget, WaitTaskModel } from "./model";
import type { ValidWaitTaskOptions } from "./schema";

export function buildWaitTask(task: TaskInputOf<"wait", ValidWaitTaskOptions>, context: BuildContext): WaitTaskModel {
  const o = task.options;
  const waitsFor: WaitTarget =
    o.on === "pipeline"
      ? { kind: "pipeline", dagId: o.pipeline.dagId, ...definedOnly({ taskId: o.task, offsetSeconds: o.offset }) }
      : o.on === "time"
        ? { kind: "time", time: o.time }
        : { kind: "delta", seconds: o.delta };
  return {
    kind: "wait",
    ...context.base,
    pushesResult: false,
    ...airflowSettingsModel(o, context),
    waitsFor,
    sensor: sensorModel(o),
  };
}

/** The sensor settings of any wait's validated options. */
export function sensorModel(o: { readonly timeout?: number; readonly pokeInterval?: number; readonly mode?: "poke" | "reschedule"; readonly softFail?: boolean; readonly deferrable?: boolean }): SensorModel {
  return { ...definedOnly({ timeoutSeconds: o.timeout, pokeIntervalSeconds: o.pokeInterval, mode: o.mode, softFail: o.softFail }), deferrable: o.deferrable ?? false };
}
