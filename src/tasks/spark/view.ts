import type { TaskNames } from "../task-kind";
import { pyBool, pyDict, pyInt, pyList, pyStr, type PyExpr } from "../../python/python-literals";
import { argViews, baseOperatorArgs } from "../shared/operator-view";
import type { SparkTaskModel } from "./model";

/** What `dag-templates/spark-task.py.hbs` sees: one SparkKubernetesOperator call, every value already Python. */
export interface SparkTaskView {
  /** The template partial that prints it: dag-templates/spark-task.py.hbs. */
  readonly partial: "spark-task";
  readonly variable: string;
  readonly source: string;
  readonly args: readonly { readonly name: string; readonly value: string }[];
}

/** The import the DAG file needs for Spark tasks, wrapped as isort (ruff's I001) wants a line this long. */
export const SPARK_OPERATOR_IMPORT = "from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import (\n    SparkKubernetesOperator,\n)";


/**
 * SparkKubernetesOperator's `template_ext`: Airflow reads a templated string ending with one of these (no dot:
 * "--format=json" too) as the path of a template file, and fails the task when there is none.
 */
const TEMPLATE_EXT = ["yaml", "yml", "json"];

/**
 * A templated string as Python. One that ends like a template file gets an empty Jinja expression at its end, so
 * Airflow renders it as text to exactly the value written (a literal `{{ '' }}` renders to nothing).
 */
export function pyTemplated(value: string): string {
  return pyStr(TEMPLATE_EXT.some((ext) => value.endsWith(ext)) ? `${value}{{ '' }}` : value);
}

/** The SparkApplication as a Python dict literal: every string through pyTemplated, keys as written. */
function pyApplication(value: unknown): PyExpr {
  if (typeof value === "string") return pyTemplated(value);
  if (typeof value === "number") return pyInt(value);
  if (typeof value === "boolean") return pyBool(value);
  if (Array.isArray(value)) return pyList(value.map(pyApplication));
  if (typeof value === "object" && value !== null) return pyDict(Object.entries(value).map(([k, v]) => [k, pyApplication(v)]));
  throw new Error(`internal: cannot write ${typeof value} into a SparkApplication`);
}

export function sparkTaskView(task: SparkTaskModel, names: Pick<TaskNames, "variable" | "groupVariable" | "callbacks" | "outlets">): SparkTaskView {
  const int = (value: number | undefined) => (value === undefined ? undefined : pyInt(value));
  const args: Record<string, PyExpr | undefined> = {
    task_id: pyStr(task.localId),
    task_group: names.groupVariable,
    // The SparkApplication's name before the operator's random suffix (it replaces metadata.name with it).
    name: pyStr(task.applicationName),
    namespace: pyTemplated(task.namespace),
    template_spec: pyApplication(task.application),
    startup_timeout_seconds: int(task.startupTimeoutSeconds),
    delete_on_termination: task.deleteOnTermination ? undefined : pyBool(false),
    ...baseOperatorArgs(task, names, { outlets: names.outlets }),
  };
  return {
    partial: "spark-task",
    variable: names.variable,
    source: `${task.sourceFile}:${task.sourceLine}`,
    args: argViews(args),
  };
}

/** Whether the DAG file needs `timedelta` for this task. */
export function sparkUsesTimedelta(task: SparkTaskModel): boolean {
  return [task.retryDelaySeconds, task.maxRetryDelaySeconds, task.executionTimeoutSeconds].some((s) => s !== undefined);
}


