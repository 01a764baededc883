import { formatPy, pyBool, pyCall, pyInt, pyStr, pyTimedelta, type PyExpr } from "../../python/python-literals";
import type { ArgView, TaskModelBase, TaskNames } from "../task-kind";
import { withProvenance } from "./provenance";

/**
 * What `dag-templates/operator-task.py.hbs` sees: one call of an operator that runs no container (a sensor, a
 * trigger), every value already Python.
 */
export interface OperatorTaskView {
  readonly partial: "operator-task";
  readonly variable: string;
  readonly callee: string;
  readonly source: string;
  readonly args: readonly ArgView[];
}

/** Python arguments start inside `with DAG(...)` and the operator call: two levels deep. */
const INDENT = "        ";

/** `pendulum.duration(seconds=n)`: a timedelta without importing datetime (every DAG file imports pendulum). */
export function pyDuration(seconds: number): PyExpr {
  return pyCall("pendulum.duration", { seconds: pyInt(seconds) });
}

/** An operator call: the task's id and group, the kind's own arguments, then its BaseOperator settings. */
export function operatorViewOf(callee: string, task: TaskModelBase, names: TaskNames, own: Readonly<Record<string, PyExpr | undefined>>): OperatorTaskView {
  const args: Record<string, PyExpr | undefined> = {
    task_id: pyStr(task.localId),
    task_group: names.groupVariable,
    ...own,
    ...baseOperatorArgs(task, names),
  };
  return {
    partial: "operator-task",
    variable: names.variable,
    callee,
    source: `${task.sourceFile}:${task.sourceLine}`,
    args: argViews(args),
  };
}

/**
 * Keyword arguments as the templates print them: those that are set, in order, formatted at the call's depth, each
 * value after its `name=` (so one that would run past the line width with it is wrapped).
 */
export function argViews(args: Readonly<Record<string, PyExpr | undefined>>): ArgView[] {
  return Object.entries(args)
    .filter((entry): entry is [string, PyExpr] => entry[1] !== undefined)
    .map(([name, value]) => ({ name, value: formatPy(value, INDENT, name.length + 1) }));
}

/**
 * BaseOperator's settings as keyword arguments, for every kind: owner, doc, retries, timeouts, pool, priority,
 * trigger rule, then the kind's `beforeCallbacks` (a pod's outlets and XCom push), then the callbacks of its
 * `notify` (or the pipeline defaults'), which no kind may drop.
 */
export function baseOperatorArgs(task: TaskModelBase, names: Pick<TaskNames, "callbacks">, beforeCallbacks: Readonly<Record<string, PyExpr | undefined>> = {}): Record<string, PyExpr | undefined> {
  const str = (value: string | undefined) => (value === undefined ? undefined : pyStr(value));
  const int = (value: number | undefined) => (value === undefined ? undefined : pyInt(value));
  // The DAG file imports timedelta whenever a task has one of these (render/dag-view.ts).
  const delta = (seconds: number | undefined) => (seconds === undefined ? undefined : pyTimedelta(seconds));
  return {
    owner: str(task.owner),
    doc_md: pyStr(withProvenance(task.doc, task.sourceFile, task.sourceLine)),
    retries: int(task.retries),
    retry_delay: delta(task.retryDelaySeconds),
    retry_exponential_backoff: task.retryExponentialBackoff === undefined ? undefined : pyBool(task.retryExponentialBackoff),
    max_retry_delay: delta(task.maxRetryDelaySeconds),
    execution_timeout: delta(task.executionTimeoutSeconds),
    pool: str(task.pool),
    pool_slots: int(task.poolSlots),
    priority_weight: int(task.priorityWeight),
    trigger_rule: str(task.triggerRule),
    ...beforeCallbacks,
    ...names.callbacks,
  };
}
