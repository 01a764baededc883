import { captureCallSite, type SourceLocation } from "./call-site";
import type { Deadline, PipelineNotify } from "./alerts";
import type { Duration } from "./duration";
import type { VolumeClaim } from "./kubernetes-refs";
import { paramRefs, type ParamRefs, type ParamsSchema } from "./params";
import { isResultList, resultFields, resultRefs, type ResultField } from "./result";
import type { TaskSettings } from "./task-settings";
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
  /**
   * Who hears about a run's failure or success (the DAG's callbacks). Tasks' own alerts go in `defaults.notify`
   * or on the task. docs/alerts.md
   * @example { failure: slack({ connection: "slack_alerts", text: "{{ dag.dag_id }} failed" }) }
   */
  readonly notify?: PipelineNotify;
  /**
   * When a run must be done by, and who hears when it is not (Airflow 3.1+ deadline alerts). docs/alerts.md
   * @example { from: "queued", after: "2h", notify: slack({ connection: "slack_alerts", text: "{{ dag_run.dag_id }} is late" }) }
   */
  readonly deadline?: Deadline | readonly Deadline[];
}

/** A reference to a task: its handle, or its id as a string (with its group prefix: `"regions.extract"`). */
export type TaskRef = PodTask | string;

/**
 * A task in a pipeline, returned by `p.pod(...)`, `p.map(...)` and every other kind's builder method. (Named after
 * the first kind; every kind's handle is one.)
 */
export interface PodTask {
  /** The task's Airflow id, prefixed by its groups' ids: `"regions.extract"`. */
  readonly id: string;
  /**
   * Run after these tasks (fan-in when several). Accepts handles, ids and arrays of either.
   * @example load.after(transform)
   * @example report.after(regionTasks) // fan-in
   */
  after(...upstream: readonly (TaskRef | readonly TaskRef[])[]): this;
  /**
   * Run before these tasks (fan-out when several).
   * @example extract.before(cleanOrders, cleanCustomers)
   */
  before(...downstream: readonly (TaskRef | readonly TaskRef[])[]): this;
}

/** A task group: its tasks show as one collapsible box in the Airflow graph. */
export interface TaskGroupOptions {
  /** Shown when hovering over the group in the graph. @example "One pod per region" */
  readonly tooltip?: string;
}

/**
 * What every pipeline builder has, whatever the task kinds: params and groups. `Self` is the whole builder
 * (src/tasks/index.ts adds each kind's methods), which a group's body receives.
 */
export interface PipelineBuilderCore<Params extends string, Self> {
  /**
   * The pipeline's params, as templates Airflow renders for each run: only declared names compile.
   * @example p.pod("load", { image, args: ["--batch-size", p.params.batchSize] })
   */
  readonly params: ParamRefs<Params>;
  /**
   * Group tasks: their ids get the group's id as a prefix (`"regions.extract"`) and the Airflow graph shows
   * them as one box. Groups nest.
   * @example p.group("regions", (g) => { g.pod("emea", {...}); g.pod("amer", {...}); })
   */
  group(id: string, body: (group: Self) => void, options?: TaskGroupOptions): void;
}

/** How a task kind's builder methods (`p.pod`, `p.map`) record their tasks: see src/tasks/task-kind.ts. */
export interface TaskRecorder {
  /** Records a task of `kind` in the current group; its handle (with `result` refs when the options declare one). */
  task(kind: string, localId: string, options: object, mapping?: MappingInput): PodTask;
  /** What `over` of a mapped task is: a list written in the pipeline or a list result, and its items' fields. */
  mapSource(over: unknown): { readonly over: MappingInput["over"]; readonly fields: readonly string[] | undefined };
  /** The scalar result field of a task of this pipeline that `ref` (`check.result.ok`) refers to; none for any other value. */
  resultField(ref: unknown): ResultField | undefined;
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

/** One task of kind `Kind` as the user wrote it; validated later. src/tasks/index.ts has the union over the kinds. */
export interface TaskInputOf<Kind extends string = string, Options extends object = object> {
  readonly kind: Kind;
  /** The Airflow task id: the groups' ids and the local id, joined by ".". */
  readonly id: string;
  /** The id as written in `p.pod(id, ...)`. */
  readonly localId: string;
  /** The ids of the groups the task is in, outermost first. */
  readonly groupPath: readonly string[];
  readonly options: Options;
  readonly mapping?: MappingInput;
  readonly location?: SourceLocation;
}

/** What a mapped task expands over. */
export interface MappingInput {
  readonly over: { readonly kind: "static"; readonly items: readonly unknown[] } | { readonly kind: "result"; readonly task: TaskEnd };
  readonly maxParallel?: number;
}

/** A task group as the user wrote it. */
export interface GroupInput {
  /** The group's full id: enclosing groups' ids and its own, joined by ".". */
  readonly id: string;
  readonly localId: string;
  readonly groupPath: readonly string[];
  readonly tooltip?: string;
  readonly location?: SourceLocation;
}

/** A pipeline as the user wrote it: what `pipeline()` returns and a pipeline module exports. */
export interface PipelineInputOf<Task extends TaskInputOf = TaskInputOf> {
  readonly [PIPELINE_BRAND]: true;
  readonly options: PipelineOptions;
  readonly tasks: readonly Task[];
  readonly groups: readonly GroupInput[];
  readonly dependencies: readonly DependencyInput[];
  readonly location?: SourceLocation;
}

/** Shared across copies of this module, so the loader recognises pipelines built by any of them. */
export const PIPELINE_BRAND: unique symbol = Symbol.for("airflow-ts.pipeline") as never;

export function isPipelineInput(value: unknown): value is PipelineInputOf {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[PIPELINE_BRAND] === true;
}

/**
 * Runs a pipeline's body with a builder made of the core (params, groups) and `kindMethods` (each task kind's
 * methods, given the recorder): what `pipeline()` in src/tasks/index.ts calls.
 */
export function recordPipeline<Builder>(
  options: PipelineOptions,
  body: (p: Builder) => void,
  kindMethods: (recorder: TaskRecorder) => object,
): PipelineInputOf {
  const location = captureCallSite();
  const tasks: TaskInputOf[] = [];
  const groups: GroupInput[] = [];
  const dependencies: DependencyInput[] = [];
  const ownHandles = new Set<PodTask>();
  const ownResults = new Set<unknown>();
  const ownFields = new Map<string, ResultField>();
  const end = (ref: TaskRef): TaskEnd =>
    typeof ref === "string" ? { id: ref, foreign: false } : { id: ref.id, foreign: !ownHandles.has(ref) };
  const params = paramRefs(options.params);

  const addTask = (groupPath: readonly string[], kind: string, localId: string, taskOptions: object, mapping?: MappingInput): PodTask => {
    const taskLocation = captureCallSite();
    const id = [...groupPath, localId].join(".");
    tasks.push({ kind, id, localId, groupPath, options: taskOptions, ...(mapping && { mapping }), ...(taskLocation && { location: taskLocation }) });
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
    const handle: PodTask & { result?: unknown } = {
      id,
      after: (...upstream) => link("after", upstream),
      before: (...downstream) => link("before", downstream),
    };
    const result = (taskOptions as { result?: unknown }).result;
    if (result !== undefined && typeof result === "object" && result !== null) {
      handle.result = resultRefs(id, result as never);
      ownResults.add(handle.result);
      for (const field of resultFields(id, result as never)) ownFields.set(field.ref, field);
    }
    ownHandles.add(handle);
    return handle;
  };

  const mapSource: TaskRecorder["mapSource"] = (over) => {
    const source: MappingInput["over"] = isResultList(over)
      ? { kind: "result", task: { id: over.taskId, foreign: !ownResults.has(over) } }
      : { kind: "static", items: Array.isArray(over) ? over : [] };
    return { over: source, fields: isResultList(over) ? over.itemFields : objectFields(source.kind === "static" ? source.items : []) };
  };

  const builderIn = (groupPath: readonly string[]): PipelineBuilderCore<string, unknown> => ({
    params,
    ...kindMethods({
      task: (kind, localId, taskOptions, mapping) => addTask(groupPath, kind, localId, taskOptions, mapping),
      mapSource,
      resultField: (ref) => (typeof ref === "string" ? ownFields.get(ref) : undefined),
    }),
    group(id, body, groupOptions) {
      const groupLocation = captureCallSite();
      const path = [...groupPath, id];
      groups.push({ id: path.join("."), localId: id, groupPath, ...(groupOptions?.tooltip !== undefined && { tooltip: groupOptions.tooltip }), ...(groupLocation && { location: groupLocation }) });
      body(builderIn(path));
    },
  });

  body(builderIn([]) as never);
  return { [PIPELINE_BRAND]: true, options, tasks, groups, dependencies, ...(location && { location }) };
}

/** The fields of object items (every field any item has, in first-seen order); undefined for scalar items. */
function objectFields(items: readonly unknown[]): string[] | undefined {
  if (!items.some((item) => typeof item === "object" && item !== null)) return undefined;
  return [...new Set(items.flatMap((item) => (typeof item === "object" && item !== null ? Object.keys(item) : [])))];
}
