import type { PodTask, TaskRecorder, TaskRef } from "../../dsl/pipeline";
import type { ResultField, TypedField } from "../../dsl/result";
import type { BranchCaseInput, BranchMode, BranchOptions, BranchTaskOptions, ContinueIfOptions, SwitchCases, WhenPaths } from "./options";

/** The branch kind's methods on the pipeline builder: the run takes a path decided by a task's typed result. */
export interface BranchBuilder {
  /**
   * Take one of two paths by a boolean field of a task's result (a BranchPythonOperator): the tasks of `then` run
   * when it is true, those of `else` when it is false, and the other path is skipped. A task after both paths (a
   * join) gets the trigger rule `none_failed_min_one_success`, so it runs after whichever path ran.
   * @example
   * const check = p.pod("check", { image, result: z.object({ ok: z.boolean() }) });
   * p.when(check.result.ok, { then: [publish], else: [quarantine] });
   */
  when(field: TypedField<boolean>, paths: WhenPaths, options?: BranchOptions): PodTask;
  /**
   * Take the path of one value of an enum or literal-union field of a task's result (a BranchPythonOperator): one
   * key per value, each with the tasks to run; the other cases' tasks are skipped.
   * @example
   * const check = p.pod("check", { image, result: z.object({ tier: z.enum(["gold", "silver"]) }) });
   * p.switch(check.result.tier, { gold: [loadAll], silver: [loadSample] });
   */
  switch<T extends string | number | boolean>(field: TypedField<T>, cases: SwitchCases<T>, options?: BranchOptions): PodTask;
  /**
   * Go on only when a boolean field of a task's result is true (a ShortCircuitOperator): when it is false, the
   * tasks of `then` and everything after them are skipped, and the run ends there.
   * @example
   * const fresh = p.pod("has_new_data", { image, result: z.object({ any: z.boolean() }) });
   * p.continueIf(fresh.result.any, { then: [transform] });
   */
  continueIf(field: TypedField<boolean>, paths: { readonly then: readonly TaskRef[] }, options?: ContinueIfOptions): PodTask;
}

export function branchBuilder(recorder: TaskRecorder): BranchBuilder {
  const record = (mode: BranchMode, on: unknown, cases: Readonly<Record<string, unknown>>, options: ContinueIfOptions = {}): PodTask => {
    const field = recorder.resultField(on);
    const { id, ...settings } = options;
    const caseInputs: BranchCaseInput[] = Object.entries(cases)
      .filter(([, tasks]) => tasks !== undefined)
      .map(([label, tasks]) => ({ label, ...(Array.isArray(tasks) && { taskIds: refsOf(tasks).map(idOf) }) }));
    const branchOptions: BranchTaskOptions = { ...settings, mode, on: String(on), ...(field && { field }), cases: caseInputs };
    const handle = recorder.task("branch", id ?? defaultId(mode, field), branchOptions);
    // The paths' first tasks are the branch's direct downstream tasks: Airflow follows only ids directly downstream.
    handle.before(Object.values(cases).flatMap(refsOf));
    return handle;
  };
  return {
    when: (field, paths, options) => record("when", field, { then: paths?.then, else: paths?.else }, options),
    switch: (field, cases, options) => record("switch", field, (cases ?? {}) as Readonly<Record<string, unknown>>, options),
    continueIf: (field, paths, options) => record("continueIf", field, { then: paths?.then }, options),
  };
}

/** A path's tasks as written; anything but a list counts as none (validation reports it). */
function refsOf(tasks: unknown): TaskRef[] {
  return Array.isArray(tasks) ? (tasks.flat() as TaskRef[]) : [];
}

function idOf(ref: TaskRef): string {
  return typeof ref === "string" ? ref : ref.id;
}

/** `branch_on_check_ok`: named after what it decides on, so two branches on different fields never clash. */
function defaultId(mode: BranchMode, field: ResultField | undefined): string {
  const prefix = mode === "continueIf" ? "continue_if" : "branch_on";
  const subject = field ? [field.taskId, ...field.path].join("_") : "result";
  return `${prefix}_${subject}`.replace(/[^A-Za-z0-9_-]+/g, "_");
}
