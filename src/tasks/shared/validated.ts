import type { VolumeClaim } from "../../dsl/kubernetes-refs";
import type { DependencyInput, GroupInput, PipelineOptions, TaskInputOf } from "../../dsl/pipeline";
import type { PresetSchedule } from "../../dsl/schedule";
import type { AssetCondition } from "../../dsl/asset";
import type { TaskSettings } from "../../dsl/task-settings";
import type { SourceLocation } from "../../diagnostics/source-location";
import type { LocalDateTime } from "../../knowledge/dates";
import type { ValidDeadline, ValidPipelineNotify, ValidTaskNotify } from "./notify-schema";

/**
 * What validation returns: the options as written, with every text that has a meaning parsed (durations in
 * seconds, dates as local date-times, cron expressions normalized). The model is built from these, never from
 * the raw input.
 */
export type DurationKey = "retryDelay" | "maxRetryDelay" | "executionTimeout" | "startupTimeout";

/** Durations as seconds (and `notify`, where there is one, as lists of notifiers). */
export type WithSeconds<T, K extends keyof T> = Omit<T, K | "notify"> & { readonly [P in K]?: number } & ("notify" extends keyof T ? { readonly notify?: ValidTaskNotify } : unknown);

/** A pipeline's `defaults`, or the settings part of a task, validated. */
export type ValidTaskSettings = WithSeconds<TaskSettings, DurationKey>;

export type ValidSchedule =
  | { readonly kind: "cron"; /** Presets expanded, whitespace collapsed. */ readonly expression: string; readonly dataInterval: boolean }
  | { readonly kind: "interval"; /** Seconds. */ readonly every: number; readonly dataInterval: boolean }
  | PresetSchedule
  | { readonly kind: "assets"; readonly condition: AssetCondition; readonly orCron?: ValidCronSchedule; readonly partitioned?: boolean };

export type ValidCronSchedule = Extract<ValidSchedule, { kind: "cron" }>;

/** A volume claim's data, without the DSL's `at()`. */
export type ValidVolumeClaim = Pick<VolumeClaim, "kind" | "claimName" | "name" | "create">;

/** A mount as validated: the claim's data, or the name of one the pipeline declares. */
export interface ValidMount {
  readonly volume: string | ValidVolumeClaim;
  readonly path: string;
  readonly subPath?: string;
  readonly readOnly?: boolean;
}

export interface ValidPipelineOptions extends Omit<PipelineOptions, "start" | "end" | "runTimeout" | "schedule" | "defaults" | "volumes" | "notify" | "deadline"> {
  readonly notify?: ValidPipelineNotify;
  /** Each deadline's `after` in seconds. */
  readonly deadline?: readonly ValidDeadline[];
  readonly volumes?: readonly ValidVolumeClaim[];
  readonly schedule: ValidSchedule;
  readonly start: LocalDateTime;
  readonly end?: LocalDateTime;
  /** Seconds. */
  readonly runTimeout?: number;
  readonly defaults?: ValidTaskSettings;
}

/** A pipeline that passed validation: what `buildModel` takes. `Task` is the registry's union of valid tasks. */
export interface ValidPipelineOf<Task extends TaskInputOf> {
  /** The module that exported it. */
  readonly file: string;
  readonly options: ValidPipelineOptions;
  readonly tasks: readonly Task[];
  readonly groups: readonly GroupInput[];
  readonly dependencies: readonly DependencyInput[];
  readonly location?: SourceLocation;
}
