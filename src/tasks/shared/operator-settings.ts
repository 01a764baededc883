import type { TaskSettings, TriggerRule } from "../../dsl/task-settings";

/**
 * The settings of a task that runs no container of its own (a wait, a trigger): BaseOperator's, without the pod's
 * Kubernetes settings. The same names and meaning as on a pod, and the pipeline's `defaults` apply the same way.
 */
export type OperatorSettings = Pick<
  TaskSettings,
  "owner" | "retries" | "retryDelay" | "retryExponentialBackoff" | "maxRetryDelay" | "executionTimeout" | "pool" | "poolSlots" | "priorityWeight"
> & {
  /** Markdown shown on the task's page in Airflow. @example "Waits for the nightly load" */
  readonly doc?: string;
  /** When the task runs, given its upstream tasks' states. @default "all_success" */
  readonly triggerRule?: TriggerRule;
};
