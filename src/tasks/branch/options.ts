import type { TaskRef } from "../../dsl/pipeline";
import type { ResultField, TypedField } from "../../dsl/result";
import type { TaskSettings, TriggerRule } from "../../dsl/task-settings";
import type { DurationKey, WithSeconds } from "../shared/validated";

/** The Airflow settings a branch takes: it runs no container, so none of the Kubernetes ones. */
export interface BranchOptions
  extends Pick<TaskSettings, "owner" | "retries" | "retryDelay" | "retryExponentialBackoff" | "maxRetryDelay" | "executionTimeout" | "pool" | "poolSlots" | "priorityWeight"> {
  /** The branch task's id. @default "branch_on_<task>_<field>" ("continue_if_<task>_<field>" for `continueIf`) @example "quality_gate" */
  readonly id?: string;
  /** Markdown shown as the task's documentation in the Airflow UI. */
  readonly doc?: string;
  /** When the branch itself runs given its upstream tasks' states. @default "all_success" */
  readonly triggerRule?: TriggerRule;
}

/** What `p.continueIf` takes besides the branch settings. */
export interface ContinueIfOptions extends BranchOptions {
  /**
   * Skip every task downstream whatever its trigger rule (Airflow's default, true), or only the tasks in `then`,
   * letting the trigger rules of the tasks after them decide. @default true
   */
  readonly ignoreDownstreamTriggerRules?: boolean;
}

/** The two paths of `p.when`: the tasks that run when the field is true, and those that run when it is false. */
export interface WhenPaths {
  /** Run when the field is true; the others are skipped. @example [publish] */
  readonly then: readonly TaskRef[];
  /** Run when the field is false (`[]`: nothing runs). Required, so both outcomes are decided where the branch is. */
  readonly else: readonly TaskRef[];
}

/** The cases of a field's literal union, as object keys: `"gold" | "silver"` gives `{ gold: ..., silver: ... }`. */
type CaseLabel<T> = T extends string | number | boolean ? `${T}` : never;

/**
 * The tasks each value of the field leads to: one key per value of its enum or literal union, all of them
 * (a missing or unknown one does not compile, and validation checks it against the result's schema again).
 */
export type SwitchCases<T> = [CaseLabel<T>] extends [never]
  ? Readonly<Record<string, readonly TaskRef[]>>
  : string extends CaseLabel<T>
    ? Readonly<Record<string, readonly TaskRef[]>>
    : { readonly [K in CaseLabel<T>]: readonly TaskRef[] };

/** The kind of decision a branch task makes. */
export type BranchMode = "when" | "switch" | "continueIf";

/** One outcome of a branch as recorded: the key as written (`then`, `else`, a switch key) and its tasks' ids. */
export interface BranchCaseInput {
  readonly label: string;
  /** None when the case's value was not a list of tasks (validation reports it). */
  readonly taskIds?: readonly string[];
}

/** A branch task as the builder records it; the user writes it through `p.when`, `p.switch` and `p.continueIf`. */
export interface BranchTaskOptions extends Omit<ContinueIfOptions, "id"> {
  readonly mode: BranchMode;
  /** The field reference the user passed, as a string (a plain string when it was no result field). */
  readonly on: string;
  /** The result field `on` refers to; none when it is not a scalar result field of a task of this pipeline. */
  readonly field?: ResultField;
  readonly cases: readonly BranchCaseInput[];
}

/** A branch's options as its schema returns them: durations in seconds. */
export type ValidBranchTaskOptions = WithSeconds<BranchTaskOptions, Extract<DurationKey, keyof BranchTaskOptions>>;

export type { TypedField };
