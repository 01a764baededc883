/**
 * Everything that differs between the Airflow lines airflow-ts targets, one descriptor per line: the stages read
 * `AIRFLOW_LINES[line]` instead of comparing version strings. Facts are copied from the pinned packages
 * (test/airflow/airflow3.lock, airflow2.lock) and the vendored chart (src/validate/chart); the tests named at each
 * field read the same facts live from each venv or chart and fail when a lock or chart change makes them drift.
 *
 * Not here: the Airflow plugin (dag-templates/plugins/), which is Python and picks its Flask or FastAPI side at
 * import time on the Airflow it runs in.
 */

export type AirflowLine = "airflow3" | "airflow2";

/** Every line, newest first: what a project without a deployment targets (the DAG files import on both). */
export const ALL_LINES: readonly AirflowLine[] = ["airflow3", "airflow2"];

export interface AirflowLineDescriptor {
  /** How messages name the line. */
  readonly name: string;
  /** The task context's keys a template can read (test/airflow/jinja.test.ts). */
  readonly contextNames: readonly string[];
  /** The Jinja environment's globals (test/airflow/jinja.test.ts). */
  readonly templateGlobals: readonly string[];
  /** Context keys of the other line that this one removed, with what to write instead. */
  readonly removedContext: Readonly<Record<string, string>>;
  /** The croniter both Airflow and airflow-ts's cron port follow (test/airflow/cron.test.ts). */
  readonly croniterVersion: string;
  /** Modules a DAG file imports its authoring names from (test/airflow: the goldens import on both lines). */
  readonly imports: {
    readonly DAG: string;
    readonly Param: string;
    readonly TaskGroup: string;
    /** BranchPythonOperator and ShortCircuitOperator: the standard provider on 3, core's module on 2.11 (test/airflow/branches.test.ts). */
    readonly pythonOperators: string;
    /** Where the timetables live: `airflow.sdk` from 3.2 on; 3.0 and 3.1 still have them where 2.11 does. */
    readonly timetables: Readonly<Record<TimetableName, string>>;
  };
  /** The official chart's keys for this line (chart 1.19; test/deploy/helm-template.test.ts renders both). */
  readonly chart: {
    /** The UI's component: its resources and extra containers sit under this key. */
    readonly uiComponent: "apiServer" | "webserver";
    /** The UI's key under `ingress`. */
    readonly uiIngress: "apiServer" | "web";
    /** The values key naming the Secret of the UI's secret key, the key the chart reads in it, and what it is. */
    readonly uiSecretKey: { readonly valuesKey: string; readonly secretKey: string; readonly purpose: string };
    /** The JWT signing Secret, on lines that have one. */
    readonly jwtSecret?: { readonly valuesKey: string; readonly secretKey: string; readonly purpose: string };
  };
  /** Executors: those the line removed, and whether it runs several at once (`executor: [..]`). */
  readonly executors: { readonly removed: readonly string[]; readonly several: boolean };
  /** Assets (Airflow 3) or datasets (2.11): docs/assets.md, proven by test/airflow/assets.test.ts. */
  readonly assets: AssetsOfLine;
  /** The wait and trigger operators (docs/waits-and-triggers.md; test/airflow/waits.test.ts loads them). */
  readonly waits: WaitOperators;
  /**
   * Deadline alerts (the DAG's `deadline=`): the module `DeadlineAlert`, `DeadlineReference` and `AsyncCallback`
   * are imported from, or why the line has none and what to do (test/airflow/alerts.test.ts).
   */
  readonly deadlineAlerts: { readonly module: string } | { readonly missing: string; readonly hint: string };
}

/**
 * What assets are called and how they are built on one line. Airflow 3: `airflow.sdk.Asset(name, uri, group=,
 * extra=)` (task-sdk/src/airflow/sdk/definitions/asset/__init__.py); 2.11: `airflow.datasets.Dataset(uri, extra=)`,
 * which has no name or group (airflow/datasets/__init__.py).
 */
export interface AssetsOfLine {
  /** How messages name them: "asset", "dataset". */
  readonly noun: string;
  /** The module of the classes below. */
  readonly module: string;
  /** The asset class and the conditions `all` and `any` build (what `&` and `|` make). */
  readonly classes: { readonly asset: string; readonly all: string; readonly any: string };
  /** Whether the asset class takes a name and a group besides the URI. */
  readonly namesAndGroups: boolean;
  /** The asset-or-time timetable: its module, class, and the keyword its condition is given as. */
  readonly orTime: { readonly module: string; readonly name: string; readonly conditionKeyword: string };
  /** The timetable of a pipeline scheduled on partitioned assets; none on lines without partitions (3.2+). */
  readonly partitioned?: { readonly module: string; readonly name: string };
  /** The template context's mapping of the events that triggered the run, and how it is keyed. */
  readonly triggeringEvents: { readonly name: string; readonly keyedBy: "asset" | "uri" };
  /** The longest URI the asset class accepts (`_validate_identifier`: 1500; 2.11's `max_len`: 3000). */
  readonly maxUriLength: number;
  /** Whether a URI outside ASCII is refused (2.11 always; Airflow 3 only on a MySQL metadata database). */
  readonly asciiOnlyUri: boolean;
  /** Names the asset class refuses (Airflow 3's `_validate_asset_name`). */
  readonly reservedNames: readonly string[];
}

export const WAIT_OPERATOR_NAMES = ["ExternalTaskSensor", "TimeSensor", "TimeDeltaSensor", "TriggerDagRunOperator"] as const;
export type WaitOperatorName = (typeof WAIT_OPERATOR_NAMES)[number];

export interface WaitOperators {
  /** The module each operator is imported from: the standard provider on Airflow 3, the core on 2.11. */
  readonly modules: Readonly<Record<WaitOperatorName, string>>;
  /**
   * How a time wait is made deferrable. Airflow 3 (standard provider 1.21): `TimeSensor(deferrable=True)`,
   * `TimeDeltaSensor(deferrable=True)`; its `TimeSensorAsync`/`TimeDeltaSensorAsync` are deprecated. Airflow 2.11:
   * the sensors take no `deferrable` (BaseOperator refuses it as an invalid argument); the deferrable forms are the
   * separate classes `TimeSensorAsync` and `TimeDeltaSensorAsync` in the same modules.
   */
  readonly deferrableTime: "argument" | "async-class";
}

export const TIMETABLE_NAMES = ["CronTriggerTimetable", "DeltaTriggerTimetable", "CronDataIntervalTimetable", "DeltaDataIntervalTimetable"] as const;
export type TimetableName = (typeof TIMETABLE_NAMES)[number];

/** The line an `airflowVersion` ("3.1.7", "2.11.2") belongs to; the deployment schema has checked the version. */
export function lineOfVersion(version: string): AirflowLine {
  return Number(version.split(".")[0]) >= 3 ? "airflow3" : "airflow2";
}

/** The lines generated DAGs must work on: the deployment's, or every line without a deployment. */
export function targetLines(airflowVersion: string | undefined): readonly AirflowLine[] {
  return airflowVersion === undefined || !/^\d+\./.test(airflowVersion) ? ALL_LINES : [lineOfVersion(airflowVersion)];
}

/** How messages name a line. */
export function lineName(line: AirflowLine): string {
  return AIRFLOW_LINES[line].name;
}

/**
 * The task context's keys.
 * - airflow3 (3.3.2): `KNOWN_CONTEXT_KEYS` of `airflow.sdk.definitions.context`, the keys of its `Context` TypedDict
 *   (task-sdk/src/airflow/sdk/definitions/context.py). The task runner (`RuntimeTaskInstance.get_template_context`
 *   in airflow/sdk/execution_time/task_runner.py) sets most of them; `exception` and `reason` exist only in
 *   callbacks, `templates_dict` only for PythonOperator, `asset_state_store` only for tasks with asset inlets or
 *   outlets, and the logical-date keys (`ds`, `ts`, `logical_date`, `data_interval_*`...) only for runs that have a
 *   logical date (not asset-triggered runs or manual runs without one).
 *   `prev_data_interval_start_success` is listed and set, but `airflow tasks render` crashes on it in 3.3.2; it is
 *   kept because scheduled runs render it.
 * - airflow2 (2.11.2): `KNOWN_CONTEXT_KEYS` of `airflow.utils.context` (airflow/utils/context.py).
 */
const CONTEXT_NAMES: Readonly<Record<AirflowLine, readonly string[]>> = {
  airflow3: [
    "asset_state_store", "conn", "dag", "dag_run", "data_interval_end", "data_interval_start", "ds", "ds_nodash",
    "exception", "expanded_ti_count", "inlet_events", "inlets", "logical_date", "macros", "map_index_template",
    "outlet_events", "outlets", "params", "partition_date", "partition_key", "prev_data_interval_end_success",
    "prev_data_interval_start_success", "prev_end_date_success", "prev_start_date_success", "reason", "run_id",
    "task", "task_instance", "task_instance_key_str", "task_reschedule_count", "task_state_store", "templates_dict",
    "test_mode", "ti", "triggering_asset_events", "try_number", "ts", "ts_nodash", "ts_nodash_with_tz", "var",
  ],
  airflow2: [
    "conf", "conn", "dag", "dag_run", "data_interval_end", "data_interval_start", "ds", "ds_nodash", "exception",
    "execution_date", "expanded_ti_count", "inlet_events", "inlets", "logical_date", "macros", "map_index_template",
    "next_ds", "next_ds_nodash", "next_execution_date", "outlet_events", "outlets", "params",
    "prev_data_interval_end_success", "prev_data_interval_start_success", "prev_ds", "prev_ds_nodash",
    "prev_end_date_success", "prev_execution_date", "prev_execution_date_success", "prev_start_date_success",
    "reason", "run_id", "task", "task_instance", "task_instance_key_str", "templates_dict", "test_mode", "ti",
    "tomorrow_ds", "tomorrow_ds_nodash", "triggering_dataset_events", "try_number", "ts", "ts_nodash",
    "ts_nodash_with_tz", "var", "yesterday_ds", "yesterday_ds_nodash",
  ],
};

/**
 * The `globals` of the Jinja environment `DAG.get_template_env()` builds (Jinja's defaults; Airflow adds none,
 * only a DAG's `user_defined_macros` would). The same on both lines. Airflow's `macros` is a context key, above.
 */
const TEMPLATE_GLOBALS: Readonly<Record<AirflowLine, readonly string[]>> = {
  airflow3: ["cycler", "dict", "joiner", "lipsum", "namespace", "range"],
  airflow2: ["cycler", "dict", "joiner", "lipsum", "namespace", "range"],
};

/**
 * Every context key of Airflow 2.11 that Airflow 3 no longer has, with what to write instead. The replacements
 * follow Airflow 2.11's own deprecation table (`Context._DEPRECATION_REPLACEMENTS`) where it names one.
 */
const REMOVED_IN_AIRFLOW_3: Readonly<Record<string, string>> = {
  conf: "Airflow's configuration is not in the template context any more; pass the value as a param or read a Variable ({{ var.value.<key> }})",
  execution_date: "use {{ logical_date }} (or {{ data_interval_start }} for the start of the run's data interval)",
  next_ds: "use {{ data_interval_end | ds }}",
  next_ds_nodash: "use {{ data_interval_end | ds_nodash }}",
  next_execution_date: "use {{ data_interval_end }}",
  prev_ds: "no direct replacement: {{ macros.ds_add(ds, -1) }} for a daily schedule, or {{ prev_data_interval_start_success | ds }} for the last successful run",
  prev_ds_nodash: "no direct replacement: {{ macros.ds_add(ds, -1) | replace('-', '') }} for a daily schedule, or {{ prev_data_interval_start_success | ds_nodash }} for the last successful run",
  prev_execution_date: "no direct replacement: {{ prev_data_interval_start_success }} is the start of the last successful run's interval",
  prev_execution_date_success: "use {{ prev_data_interval_start_success }}",
  tomorrow_ds: "use {{ macros.ds_add(ds, 1) }}",
  tomorrow_ds_nodash: "use {{ macros.ds_add(ds, 1) | replace('-', '') }}",
  triggering_dataset_events: "renamed {{ triggering_asset_events }} (datasets are assets in Airflow 3)",
  yesterday_ds: "use {{ macros.ds_add(ds, -1) }}",
  yesterday_ds_nodash: "use {{ macros.ds_add(ds, -1) | replace('-', '') }}",
};

const LEGACY_TIMETABLES: Readonly<Record<TimetableName, string>> = {
  CronTriggerTimetable: "airflow.timetables.trigger",
  DeltaTriggerTimetable: "airflow.timetables.trigger",
  CronDataIntervalTimetable: "airflow.timetables.interval",
  DeltaDataIntervalTimetable: "airflow.timetables.interval",
};

export const AIRFLOW_LINES: Readonly<Record<AirflowLine, AirflowLineDescriptor>> = {
  airflow3: {
    name: "Airflow 3",
    contextNames: CONTEXT_NAMES.airflow3,
    templateGlobals: TEMPLATE_GLOBALS.airflow3,
    removedContext: REMOVED_IN_AIRFLOW_3,
    croniterVersion: "7.0.0",
    imports: {
      DAG: "airflow.sdk",
      Param: "airflow.sdk",
      TaskGroup: "airflow.sdk",
      pythonOperators: "airflow.providers.standard.operators.python",
      timetables: { CronTriggerTimetable: "airflow.sdk", DeltaTriggerTimetable: "airflow.sdk", CronDataIntervalTimetable: "airflow.sdk", DeltaDataIntervalTimetable: "airflow.sdk" },
    },
    chart: {
      uiComponent: "apiServer",
      uiIngress: "apiServer",
      uiSecretKey: { valuesKey: "apiSecretKeySecretName", secretKey: "api-secret-key", purpose: "the API server's secret key" },
      jwtSecret: { valuesKey: "jwtSecretName", secretKey: "jwt-secret", purpose: "the JWT signing secret" },
    },
    executors: { removed: ["CeleryKubernetesExecutor", "LocalKubernetesExecutor"], several: true },
    assets: {
      noun: "asset",
      module: "airflow.sdk",
      classes: { asset: "Asset", all: "AssetAll", any: "AssetAny" },
      namesAndGroups: true,
      orTime: { module: "airflow.sdk", name: "AssetOrTimeSchedule", conditionKeyword: "assets" },
      partitioned: { module: "airflow.sdk", name: "PartitionedAssetTimetable" },
      triggeringEvents: { name: "triggering_asset_events", keyedBy: "asset" },
      maxUriLength: 1500,
      asciiOnlyUri: false,
      reservedNames: ["self", "context"],
    },
    waits: {
      modules: {
        ExternalTaskSensor: "airflow.providers.standard.sensors.external_task",
        TimeSensor: "airflow.providers.standard.sensors.time",
        TimeDeltaSensor: "airflow.providers.standard.sensors.time_delta",
        TriggerDagRunOperator: "airflow.providers.standard.operators.trigger_dagrun",
      },
      deferrableTime: "argument",
    },
    // Added in 3.1; a 3.0 deployment is not told apart here (the DAG file would fail to import there).
    deadlineAlerts: { module: "airflow.sdk" },
  },
  airflow2: {
    name: "Airflow 2.11",
    contextNames: CONTEXT_NAMES.airflow2,
    templateGlobals: TEMPLATE_GLOBALS.airflow2,
    removedContext: {},
    croniterVersion: "7.0.0",
    imports: { DAG: "airflow", Param: "airflow.models.param", TaskGroup: "airflow.utils.task_group", pythonOperators: "airflow.operators.python", timetables: LEGACY_TIMETABLES },
    chart: {
      uiComponent: "webserver",
      uiIngress: "web",
      uiSecretKey: { valuesKey: "webserverSecretKeySecretName", secretKey: "webserver-secret-key", purpose: "the webserver's secret key" },
    },
    executors: { removed: [], several: false },
    assets: {
      noun: "dataset",
      module: "airflow.datasets",
      classes: { asset: "Dataset", all: "DatasetAll", any: "DatasetAny" },
      namesAndGroups: false,
      orTime: { module: "airflow.timetables.datasets", name: "DatasetOrTimeSchedule", conditionKeyword: "datasets" },
      triggeringEvents: { name: "triggering_dataset_events", keyedBy: "uri" },
      maxUriLength: 3000,
      asciiOnlyUri: true,
      reservedNames: [],
    },
    waits: {
      modules: {
        ExternalTaskSensor: "airflow.sensors.external_task",
        TimeSensor: "airflow.sensors.time_sensor",
        TimeDeltaSensor: "airflow.sensors.time_delta",
        TriggerDagRunOperator: "airflow.operators.trigger_dagrun",
      },
      deferrableTime: "async-class",
    },
    // 2.11's SLAs (`sla=` on a task, `sla_miss_callback` on the DAG) are not a stand-in: they are checked against
    // the end of the data interval, per task, by the scheduler's SLA loop, and Airflow 3 removed them.
    deadlineAlerts: {
      missing: "Airflow 2.11 has no deadline alerts (they came in Airflow 3.1; its SLAs measure something else and were removed in Airflow 3)",
      hint: 'target Airflow 3.1 or later (deployment: { airflowVersion: "3.1.7" }), or alert on the run\'s failure with runTimeout and notify.failure instead',
    },
  },
};
