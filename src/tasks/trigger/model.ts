import type { TaskModelBase } from "../task-kind";

/** A trigger task: no container, TriggerDagRunOperator. */
export interface TriggerTaskModel extends TaskModelBase<"trigger"> {
  readonly targetDagId: string;
  /** The params passed as the run's conf, as written (strings are templates, rendered when the task runs). */
  readonly conf: Readonly<Record<string, unknown>>;
  readonly waitForCompletion: boolean;
  readonly pokeIntervalSeconds?: number;
  readonly deferrable: boolean;
  readonly logicalDate?: string;
  readonly resetRun?: boolean;
}
