/**
 * What a template can read on each Airflow line the project targets, copied from the pinned packages
 * (test/airflow/airflow3.lock, airflow2.lock). test/airflow/jinja.test.ts reads the same lists live from each venv
 * and fails when a lock change makes them drift.
 */

export type AirflowLine = "airflow3" | "airflow2";

/** How messages name a line. */
export function lineName(line: AirflowLine): string {
  return line === "airflow3" ? "Airflow 3" : "Airflow 2.11";
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
export const CONTEXT_NAMES: Readonly<Record<AirflowLine, readonly string[]>> = {
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
export const TEMPLATE_GLOBALS: Readonly<Record<AirflowLine, readonly string[]>> = {
  airflow3: ["cycler", "dict", "joiner", "lipsum", "namespace", "range"],
  airflow2: ["cycler", "dict", "joiner", "lipsum", "namespace", "range"],
};

/**
 * Every context key of Airflow 2.11 that Airflow 3 no longer has, with what to write instead. The replacements
 * follow Airflow 2.11's own deprecation table (`Context._DEPRECATION_REPLACEMENTS`) where it names one.
 */
export const REMOVED_IN_AIRFLOW_3: Readonly<Record<string, string>> = {
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
