import { literal } from "../../dsl/context";
import { AIRFLOW_LINES } from "../../knowledge/airflow-lines";
import { pyBool, pyDict, pyInt, pyList, pyStr, type PyExpr } from "../../python/python-literals";
import { argViews, baseOperatorArgs } from "../shared/operator-view";
import type { ArgView, TaskNames } from "../task-kind";
import type { BranchTaskModel } from "./model";
import type { CaseValue } from "./values";

/** What `dag-templates/branch-task.py.hbs` sees: one BranchPythonOperator or ShortCircuitOperator call. */
export interface BranchTaskView {
  readonly partial: "branch-task";
  readonly variable: string;
  readonly source: string;
  readonly operator: "BranchPythonOperator" | "ShortCircuitOperator";
  readonly args: readonly ArgView[];
}

/** The module-level functions the operators call: fixed code, the same in every file; each task passes its data. */
export const BRANCH_FUNCTION = "airflow_ts_branch";
export const CONDITION_FUNCTION = "airflow_ts_condition";

/**
 * The functions, written once in every DAG file with a branch. They read the deciding task's result from XCom
 * and compare one field of it with the cases' values, which reach them as data (op_kwargs), never as code.
 */
export const BRANCH_DEFINITIONS = `def airflow_ts_field(ti, source_task_id, field_path):
    """The result field a branch decides on: the source task's XCom, then one key after another."""
    value = ti.xcom_pull(task_ids=source_task_id)
    for key in field_path:
        value = value[key]
    return value


def ${BRANCH_FUNCTION}(ti, source_task_id, field_path, cases):
    """The task ids of the case the field equals (airflow-ts p.when / p.switch); a value no case expects fails."""
    value = airflow_ts_field(ti, source_task_id, field_path)
    for case_value, task_ids in cases:
        # The type too: JSON's true is not the case 1, nor 1 the case true.
        if type(value) is type(case_value) and value == case_value:
            return task_ids
    raise ValueError(f"{source_task_id} returned {value!r} at {field_path}: no case of this branch expects it")


def ${CONDITION_FUNCTION}(ti, source_task_id, field_path):
    """Whether the run goes on (airflow-ts p.continueIf): the field, which must be a boolean."""
    value = airflow_ts_field(ti, source_task_id, field_path)
    if not isinstance(value, bool):
        raise ValueError(f"{source_task_id} returned {value!r} at {field_path}: expected true or false")
    return value`;

/** Names the definitions bind: task variables must not shadow them. */
export const BRANCH_RESERVED = ["BranchPythonOperator", "ShortCircuitOperator", "airflow_ts_field", BRANCH_FUNCTION, CONDITION_FUNCTION];

/**
 * The operators' import, so one file imports on both lines: the standard provider's module on Airflow 3, the
 * module 2.11 has them in as the fallback (knowledge/airflow-lines.ts). Only the operators the file uses: an unused
 * import is a lint error (ruff's F401).
 */
export function branchOperatorImport(tasks: readonly BranchTaskModel[]): string {
  const names = (["BranchPythonOperator", "ShortCircuitOperator"] as const).filter((name) => tasks.some((t) => operatorOf(t) === name));
  // A try block is an import block of its own: the DAG view sets it apart with blank lines (render/dag-view.ts).
  return [
    `try:  # ${AIRFLOW_LINES.airflow3.name}`,
    ...operatorImport(AIRFLOW_LINES.airflow3.imports.pythonOperators, names),
    `except ImportError:  # ${AIRFLOW_LINES.airflow2.name}`,
    ...operatorImport(AIRFLOW_LINES.airflow2.imports.pythonOperators, names),
  ].join("\n");
}

/** One module's import of the operators, in the try or except branch, wrapped as isort wraps a line this long. */
function operatorImport(module: string, names: readonly string[]): string[] {
  const line = `    from ${module} import ${names.join(", ")}`;
  return line.length <= 88 ? [line] : [`    from ${module} import (`, ...names.map((name) => `        ${name},`), "    )"];
}

function operatorOf(task: BranchTaskModel): BranchTaskView["operator"] {
  return task.mode === "continueIf" ? "ShortCircuitOperator" : "BranchPythonOperator";
}

/**
 * A string for op_kwargs: PythonOperator renders op_kwargs with Jinja, so a key or value that looks like a template
 * is escaped to reach the function as written.
 */
function pyData(text: string): string {
  return pyStr(literal(text));
}

function pyCaseValue(value: CaseValue): string {
  if (typeof value === "boolean") return pyBool(value);
  if (typeof value === "number") return Number.isInteger(value) ? pyInt(value) : String(value);
  return pyData(value);
}

export function branchTaskView(task: BranchTaskModel, names: TaskNames): BranchTaskView {
  const shortCircuit = task.mode === "continueIf";
  const data: [string, PyExpr][] = [
    ["source_task_id", pyData(task.sourceTaskId)],
    ["field_path", pyList(task.fieldPath.map(pyData))],
    ...(shortCircuit ? [] : [["cases", pyList(task.cases.map((c) => pyList([pyCaseValue(c.value), pyList(c.taskIds.map(pyData))])))] as [string, PyExpr]]),
  ];
  const args: Record<string, PyExpr | undefined> = {
    task_id: pyStr(task.localId),
    task_group: names.groupVariable,
    python_callable: shortCircuit ? CONDITION_FUNCTION : BRANCH_FUNCTION,
    op_kwargs: pyDict(data),
    ignore_downstream_trigger_rules: task.ignoreDownstreamTriggerRules === undefined ? undefined : pyBool(task.ignoreDownstreamTriggerRules),
    // The ids it follows (or its condition) would be its XCom: nothing reads them, and Airflow's skip bookkeeping
    // has an XCom of its own.
    do_xcom_push: pyBool(false),
    ...baseOperatorArgs(task, names),
  };
  return {
    partial: "branch-task",
    variable: names.variable,
    source: `${task.sourceFile}:${task.sourceLine}`,
    operator: operatorOf(task),
    args: argViews(args),
  };
}
