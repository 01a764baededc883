import type { ParamJson } from "../knowledge/airflow-params";
import type { LocalDateTime } from "../knowledge/dates";
import type { TaskModel } from "../tasks";
import type { AssetConditionModel, AssetModel } from "../tasks/shared/assets";

export type { AssetConditionModel, AssetModel } from "../tasks/shared/assets";
import type { ValidDeadline, ValidPipelineNotify } from "../tasks/shared/notify-schema";

export type { TaskModel } from "../tasks";
export type { PodTaskModel } from "../tasks";
export type { ArgTemplate, MappingModel } from "../tasks/shared/mapping";
export type { EnvFromModel, EnvVarModel, MountModel, ResourceListModel, VolumeModel } from "../tasks/container/model";

/**
 * The validated, resolved model: defaults applied, ids resolved, tasks in topological order, durations in
 * seconds, Kubernetes names as the API spells them. Built once, deeply frozen, read by every renderer.
 */
export interface Pipeline {
  readonly dagId: string;
  /** The defining module, relative to the project root with "/" separators. */
  readonly sourceFile: string;
  readonly sourceLine: number;
  readonly description?: string;
  readonly docs?: string;
  readonly tags: readonly string[];
  readonly schedule: ScheduleModel;
  readonly timezone: string;
  readonly start: LocalDateTime;
  readonly end?: LocalDateTime;
  readonly catchup: boolean;
  readonly maxActiveRuns?: number;
  readonly maxActiveTasks?: number;
  readonly runTimeoutSeconds?: number;
  readonly pausedOnCreation?: boolean;
  /** Run parameters: Airflow `Param`s, in declaration order. */
  readonly params: readonly ParamJson[];
  /** Task groups, enclosing groups before the groups they hold. */
  readonly groups: readonly GroupModel[];
  /**
   * Every asset the pipeline's schedule or tasks name, each once, sorted by URI: the DAG file's module-level
   * asset constants.
   */
  readonly assets: readonly AssetModel[];
  /** The DAG's callbacks: notifiers per run event. */
  readonly notify?: ValidPipelineNotify;
  /** Deadline alerts (Airflow 3.1+), `after` in seconds. */
  readonly deadlines?: readonly ValidDeadline[];
  /** In topological order; each of its kind's model (src/tasks/<kind>/model.ts). */
  readonly tasks: readonly TaskModel[];
}

export interface GroupModel {
  /** The full id: enclosing groups' ids and its own, joined by ".". */
  readonly groupId: string;
  readonly localId: string;
  /** The enclosing group's full id; none at the top level. */
  readonly parent?: string;
  readonly tooltip?: string;
}

export type ScheduleModel =
  | { readonly kind: "cron"; readonly expression: string; readonly dataInterval: boolean }
  | { readonly kind: "interval"; readonly seconds: number; readonly dataInterval: boolean }
  | { readonly kind: "once" | "continuous" | "none" }
  | AssetScheduleModel;

/** Runs on asset updates (Airflow 3's assets, 2.11's datasets); with `orCron`, also on a cron. */
export interface AssetScheduleModel {
  readonly kind: "assets";
  readonly condition: AssetConditionModel;
  readonly orCron?: { readonly expression: string; readonly dataInterval: boolean };
  readonly partitioned: boolean;
}

