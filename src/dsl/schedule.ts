import type { AssetCondition } from "./asset";
import type { Duration } from "./duration";

/**
 * When a pipeline runs. Build one with {@link cron}, {@link every} or a preset of {@link schedules}.
 *
 * Every kind is emitted as an explicit Airflow timetable, so `{{ ds }}` means the same on Airflow 2 and 3.
 */
export type Schedule = CronSchedule | IntervalSchedule | PresetSchedule | AssetSchedule;

export interface CronSchedule {
  readonly kind: "cron";
  readonly expression: string;
  readonly dataInterval: boolean;
}

export interface IntervalSchedule {
  readonly kind: "interval";
  readonly every: Duration;
  readonly dataInterval: boolean;
}

export interface PresetSchedule {
  readonly kind: "preset";
  readonly preset: "@once" | "@continuous" | "none";
}

export interface TimetableOptions {
  /**
   * `false`: a run starts at the scheduled time and its logical date (`{{ ds }}`) is that time:
   * Airflow 3's `CronTriggerTimetable` / `DeltaTriggerTimetable`.
   * `true`: a run covers the interval that just ended and starts at its end; `{{ ds }}` is the
   * interval's start (the day before, for a daily run): Airflow 2's classic
   * `CronDataIntervalTimetable` / `DeltaDataIntervalTimetable`.
   * @default false
   * @example cron("0 2 * * *", { dataInterval: true }) // the 02:00 run on Jan 2 has ds = Jan 1
   */
  readonly dataInterval?: boolean;
}

/**
 * A cron schedule in the pipeline's timezone. Five fields (minute hour day-of-month month day-of-week),
 * with ranges, lists, steps and month/day names.
 * @example cron("0 2 * * *") // every day at 02:00
 * @example cron("*\/15 8-18 * * mon-fri", { dataInterval: true })
 */
export function cron(expression: string, options: TimetableOptions = {}): CronSchedule {
  return { kind: "cron", expression, dataInterval: options.dataInterval ?? false };
}

/**
 * A fixed interval between runs, counted from the start date.
 * @example every("6h")
 * @example every("1d", { dataInterval: true })
 */
export function every(interval: Duration, options: TimetableOptions = {}): IntervalSchedule {
  return { kind: "interval", every: interval, dataInterval: options.dataInterval ?? false };
}

/** Common schedules. Cron presets are emitted as explicit cron timetables. */
export const schedules = {
  /** Only when triggered by hand or through the API. */
  none: { kind: "preset", preset: "none" } as PresetSchedule,
  /** Exactly one run, at the start date. */
  once: { kind: "preset", preset: "@once" } as PresetSchedule,
  /** A new run as soon as the previous one ends (needs `maxActiveRuns: 1`). */
  continuous: { kind: "preset", preset: "@continuous" } as PresetSchedule,
  /** At minute 0 of every hour. */
  hourly: cron("0 * * * *"),
  /** At 00:00 every day. */
  daily: cron("0 0 * * *"),
  /** At 00:00 every Sunday. */
  weekly: cron("0 0 * * 0"),
  /** At 00:00 on the first of every month. */
  monthly: cron("0 0 1 * *"),
  /** At 00:00 on the first of January, April, July and October. */
  quarterly: cron("0 0 1 */3 *"),
  /** At 00:00 on the first of January. */
  yearly: cron("0 0 1 1 *"),
} as const;

export interface AssetScheduleOptions {
  /**
   * Also run on this cron, whether or not the assets were updated: Airflow's `AssetOrTimeSchedule`
   * (2.11: `DatasetOrTimeSchedule`).
   * @default none: only asset updates start runs
   * @example onAssets(salesDaily, { orCron: cron("0 6 * * *") })
   */
  readonly orCron?: CronSchedule;
  /**
   * Runs per partition of the assets (Airflow 3.2+ `PartitionedAssetTimetable`): each run gets the partition key
   * of the event that started it. Not on Airflow 2.11.
   * @default false
   */
  readonly partitioned?: boolean;
}

/** A pipeline scheduled on asset updates. Build it with {@link onAssets}. */
export interface AssetSchedule {
  readonly kind: "assets";
  readonly condition: AssetCondition;
  readonly orCron?: CronSchedule;
  readonly partitioned?: boolean;
}

/**
 * Run the pipeline when assets are updated: one asset, or `all(...)` / `any(...)` of them, nested; with `orCron`,
 * also on a cron. Runs started by an asset have no data interval: read what triggered them with
 * `triggeringEvents(asset)`.
 * @example schedule: onAssets(salesDaily)
 * @example schedule: onAssets(all(orders, any(customersEu, customersUs)), { orCron: cron("0 6 * * *") })
 */
export function onAssets(condition: AssetCondition, options: AssetScheduleOptions = {}): AssetSchedule {
  return { kind: "assets", condition, ...(options.orCron && { orCron: options.orCron }), ...(options.partitioned === true && { partitioned: true }) };
}

