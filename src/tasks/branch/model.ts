import type { TaskInputOf } from "../../dsl/pipeline";
import { airflowSettingsModel } from "../shared/airflow-settings";
import { definedOnly } from "../shared/records";
import type { BuildContext, TaskModelBase } from "../task-kind";
import type { BranchMode, ValidBranchTaskOptions } from "./options";
import { caseLabel, closedValues, valueSchema, type CaseValue } from "./values";

/** One outcome of a branch: the value of the field that selects it, and the tasks that then run. */
export interface BranchCaseModel {
  /** The key the user wrote: `then`, `else`, or the value as text. */
  readonly label: string;
  readonly value: CaseValue;
  /** Ids of the branch's direct downstream tasks this case runs (the others are skipped). */
  readonly taskIds: readonly string[];
}

/**
 * A branch, resolved: `when` and `switch` are a BranchPythonOperator returning the task ids of the case the field's
 * value selects, `continueIf` a ShortCircuitOperator returning the field's value.
 */
export interface BranchTaskModel extends TaskModelBase<"branch"> {
  readonly mode: BranchMode;
  /** The task whose result decides. */
  readonly sourceTaskId: string;
  /** The keys from its result's root to the field (empty: the whole result). */
  readonly fieldPath: readonly string[];
  readonly cases: readonly BranchCaseModel[];
  /** `continueIf` only, when set: false skips only the direct downstream tasks. */
  readonly ignoreDownstreamTriggerRules?: boolean;
}

export function buildBranchTask(task: TaskInputOf<"branch", ValidBranchTaskOptions>, { defaults, owner, base }: BuildContext): BranchTaskModel {
  const own = task.options;
  // Validation refused a branch without a field; the model is only built from valid pipelines.
  const field = own.field!;
  const values = own.mode === "switch" ? (closedValues(valueSchema(field.schema)) ?? []) : [true, false];
  const valueOf = (label: string): CaseValue => (own.mode === "switch" ? values.find((v) => caseLabel(v) === label)! : label === "then");
  return {
    kind: "branch",
    taskId: base.taskId,
    localId: base.localId,
    ...definedOnly({ group: base.group, ignoreDownstreamTriggerRules: own.mode === "continueIf" ? own.ignoreDownstreamTriggerRules : undefined }),
    sourceFile: base.sourceFile,
    sourceLine: base.sourceLine,
    upstream: base.upstream,
    // Its view turns off the XCom of the ids it follows (a short-circuit's condition): no task reads them.
    pushesResult: false,
    ...airflowSettingsModel(own, { defaults, owner }),
    mode: own.mode,
    sourceTaskId: field.taskId,
    fieldPath: field.path,
    cases: own.cases.map((c) => ({ label: c.label, value: valueOf(c.label), taskIds: [...new Set(c.taskIds ?? [])] })),
  };
}
