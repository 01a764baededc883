import { captureCallSite, type SourceLocation } from "./call-site";
import type { Duration } from "./duration";
import type { VolumeClaim } from "./kubernetes-refs";
import type { PodTaskOptions, TaskSettings } from "./pod-task";
import { paramRefs, type ParamName, type ParamRefs, type ParamsSchema } from "./params";
import type { Schedule } from "./schedule";

/** A calendar date, or a date and time, in the pipeline's timezone. @example "2026-01-01" | "2026-01-01T06:30" */
export type DateString = `${number}-${number}-${number}` | `${number}-${number}-${number}T${string}`;

export interface PipelineOptions {
  /** The DAG id: letters, digits, `_`, `-`, `.`; also the generated file's name. Required. @example "nightly_sales_etl" */
  readonly id: string;
  /** One line shown in the DAG list. @example "Orders from the shop database into the warehouse" */
  readonly description?: string;
  /** Markdown documentation shown on the DAG's page. @example "## Runbook\nRe-run a day from the grid." */
  readonly docs?: string;
  /** Owner of every task unless a task or `defaults` says otherwise. @default "airflow" @example "data-platform" */
  readonly owner?: string;
  /** Tags to filter by in the UI. @default [] @example ["sales", "etl"] */
  readonly tags?: readonly string[];
  /** When the pipeline runs. Required: Airflow 2 and 3 have different defaults. @example cron("0 2 * * *") */
  readonly schedule: Schedule;
  /** First logical date. Required. @example "2026-01-01" */
  readonly start: DateString;
  /** Last logical date. @default none @example "2026-12-31" */
  readonly end?: DateString;
  /** IANA timezone of `start`, `end` and cron schedules. @default "UTC" @example "Europe/Berlin" */
  readonly timezone?: string;
  /** Create the runs missed since `start` when the DAG is enabled. Required: Airflow 2 and 3 differ. @example false */
  readonly catchup: boolean;
  /** Runs of this pipeline at once. @default Airflow's `[core] max_active_runs_per_dag` (16) @example 1 */
  readonly maxActiveRuns?: number;
  /** Tasks of this pipeline running at once, over all runs. @default Airflow's `[core] max_active_tasks_per_dag` (16) */
  readonly maxActiveTasks?: number;
  /** Fail a run that takes longer than this. @default none @example "6h" */
  readonly runTimeout?: Duration;
  /** Whether a newly deployed DAG starts paused. @default Airflow's `[core] dags_are_paused_at_creation` (true) */
  readonly pausedOnCreation?: boolean;
  /** Settings every task gets unless it sets its own. @example { retries: 3, retryDelay: "5m", namespace: "data" } */
  readonly defaults?: TaskSettings;
  /** Volumes that mounts may name by string (`{ volume: "raw", path: "/data" }`). @default [] */
  readonly volumes?: readonly VolumeClaim[];
  /**
   * Run parameters, as a zod object (`import { z } from "airflow-ts"`): the trigger form in the UI, checked by
   * Airflow. Tasks read them as `p.params.<name>`. A scheduled pipeline's params need defaults (no one fills in
   * the form for a scheduled run).
   * @example z.object({ batchSize: z.number().int().min(100).max(100_000).default(5_000).describe("Rows per insert") })
   */
  readonly params?: ParamsSchema;
}

/** A reference to a task: its handle, or its id as a string. */
export type TaskRef = PodTask | string;

/** A task in a pipeline, returned by `p.pod(...)`. */
export interface PodTask {
  readonly id: string;
  /**
   * Run after these tasks (fan-in when several). Accepts handles, ids and arrays of either.
   * @example load.after(transform)
   * @example report.after(regionTasks) // fan-in
   */
  after(...upstream: readonly (TaskRef | readonly TaskRef[])[]): PodTask;
  /**
   * Run before these tasks (fan-out when several).
   * @example extract.before(cleanOrders, cleanCustomers)
   */
  before(...downstream: readonly (TaskRef | readonly TaskRef[])[]): PodTask;
}

/** The builder a pipeline's body receives; `Params` are the names its params declare. */
export interface PipelineBuilder<Params extends string = never> {
  /**
   * The pipeline's params, as templates Airflow renders for each run: only declared names compile.
   * @example p.pod("load", { image, args: ["--batch-size", p.params.batchSize] })
   */
  readonly params: ParamRefs<Params>;
  /**
   * Add a task that runs one container in its own pod.
   * @example p.pod("extract", { image: "ghcr.io/acme/extract:1.4.2", args: ["--date", "{{ ds }}"] })
   */
  pod(id: string, options: PodTaskOptions): PodTask;
}

/** One end of a dependency: a task id, and whether the handle came from another pipeline. */
export interface TaskEnd {
  readonly id: string;
  readonly foreign: boolean;
}

/** A dependency as the user wrote it: `task.after(...)` or `task.before(...)`, with where they wrote it. */
export interface DependencyInput {
  readonly upstream: TaskEnd;
  readonly downstream: TaskEnd;
  /** The task whose `after`/`before` made it, the method, and the argument's index. */
  readonly declaredOn: string;
  readonly via: "after" | "before";
  readonly index: number;
  readonly location?: SourceLocation;
}

/** One task as the user wrote it; validated later. */
export interface TaskInput {
  readonly kind: "pod";
  readonly id: string;
  readonly options: PodTaskOptions;
  readonly location?: SourceLocation;
}

/** A pipeline as the user wrote it: what `pipeline()` returns and a pipeline module exports. */
export interface PipelineInput {
  readonly [PIPELINE_BRAND]: true;
  readonly options: PipelineOptions;
  readonly tasks: readonly TaskInput[];
  readonly dependencies: readonly DependencyInput[];
  readonly location?: SourceLocation;
}

/** Shared across copies of this module, so the loader recognises pipelines built by any of them. */
export const PIPELINE_BRAND: unique symbol = Symbol.for("airflow-ts.pipeline") as never;

export function isPipelineInput(value: unknown): value is PipelineInput {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[PIPELINE_BRAND] === true;
}

/**
 * Define a pipeline: one Airflow DAG. Export it as the module's default export.
 * @example
 * export default pipeline({ id: "nightly_sales_etl", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false },
 *   (p) => {
 *     const extract = p.pod("extract", { image: "ghcr.io/acme/extract:1.4.2" });
 *     p.pod("load", { image: "ghcr.io/acme/load:2.0.0" }).after(extract);
 *   });
 */
export function pipeline<S extends ParamsSchema | undefined = undefined>(
  options: PipelineOptions & { readonly params?: S },
  body: (p: PipelineBuilder<ParamName<S>>) => void,
): PipelineInput {
  const location = captureCallSite();
  const tasks: TaskInput[] = [];
  const dependencies: DependencyInput[] = [];
  const ownHandles = new Set<PodTask>();
  const end = (ref: TaskRef): TaskEnd =>
    typeof ref === "string" ? { id: ref, foreign: false } : { id: ref.id, foreign: !ownHandles.has(ref) };

  const builder: PipelineBuilder<string> = {
    params: paramRefs(options.params),
    pod(id, taskOptions) {
      const taskLocation = captureCallSite();
      tasks.push({ kind: "pod", id, options: taskOptions, ...(taskLocation && { location: taskLocation }) });
      const self: TaskEnd = { id, foreign: false };
      const link = (via: "after" | "before", refs: readonly (TaskRef | readonly TaskRef[])[]) => {
        const callLocation = captureCallSite();
        refs.flat().forEach((ref, index) => {
          const other = end(ref);
          dependencies.push({
            upstream: via === "after" ? other : self,
            downstream: via === "after" ? self : other,
            declaredOn: id,
            via,
            index,
            ...(callLocation && { location: callLocation }),
          });
        });
        return handle;
      };
      const handle: PodTask = {
        id,
        after: (...upstream) => link("after", upstream),
        before: (...downstream) => link("before", downstream),
      };
      ownHandles.add(handle);
      return handle;
    },
  };

  body(builder);
  return { [PIPELINE_BRAND]: true, options, tasks, dependencies, ...(location && { location }) };
}
