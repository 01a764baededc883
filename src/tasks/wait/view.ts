import { pyBool, pyCall, pyInt, pyStr, type PyExpr } from "../../python/python-literals";
import { pythonName, type OperatorName } from "../shared/line-imports";
import { operatorViewOf, pyDuration, type OperatorTaskView } from "../shared/operator-view";
import type { TaskNames } from "../task-kind";
import type { SensorModel, WaitTaskModel } from "./model";

/** The operator a wait is, and whether it is the deferrable form. */
export function waitOperator(task: WaitTaskModel): OperatorName {
  const operator = task.waitsFor.kind === "pipeline" ? "ExternalTaskSensor" : task.waitsFor.kind === "time" ? "TimeSensor" : "TimeDeltaSensor";
  return { operator, deferrable: task.sensor.deferrable };
}

export function waitTaskView(task: WaitTaskModel, names: TaskNames): OperatorTaskView {
  const target = task.waitsFor;
  const own: Record<string, PyExpr | undefined> =
    target.kind === "pipeline"
      ? {
          external_dag_id: pyStr(target.dagId),
          // None waits for the whole run (the DagRun's state); a task id for that task instance's state.
          external_task_id: target.taskId === undefined ? "None" : pyStr(target.taskId),
          execution_delta: target.offsetSeconds === undefined ? undefined : pyDuration(target.offsetSeconds),
          // ExternalTaskSensor takes the flag on both lines; the time sensors get their deferrable form by name.
          deferrable: task.sensor.deferrable ? pyBool(true) : undefined,
        }
      : target.kind === "time"
        ? { target_time: pyCall("pendulum.time", { hour: pyInt(target.time.hour), minute: pyInt(target.time.minute), second: pyInt(target.time.second) }) }
        : { delta: pyDuration(target.seconds) };
  return operatorViewOf(pythonName(waitOperator(task)), task, names, { ...own, ...sensorArgs(task.sensor) });
}

/** BaseSensorOperator's arguments that were given (seconds: both lines take numbers). */
function sensorArgs(s: SensorModel): Record<string, PyExpr | undefined> {
  return {
    timeout: s.timeoutSeconds === undefined ? undefined : pyInt(s.timeoutSeconds),
    poke_interval: s.pokeIntervalSeconds === undefined ? undefined : pyInt(s.pokeIntervalSeconds),
    mode: s.mode === undefined ? undefined : pyStr(s.mode),
    soft_fail: s.softFail === undefined ? undefined : pyBool(s.softFail),
  };
}
