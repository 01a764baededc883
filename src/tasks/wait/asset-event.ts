/**
 * The Python an asset wait calls. Neither Airflow line has a sensor for "the asset has an event" (Airflow 3.3.2's
 * standard provider 1.21 and 2.11.2's core ship none; AssetWatcher triggers schedules, it waits in no task), so
 * the wait is a PythonSensor whose `inlets` is the asset and whose callable, fixed here, reads Airflow's
 * `inlet_events` for it: the events Airflow has recorded for the asset, from the metadata database (2.11) or the
 * API server (Airflow 3). The asset reaches the function through the task's `inlets` context key, never as code.
 */

/** The function's name in the DAG file: task variables must not shadow it. */
export const ASSET_EVENT_FUNCTION = "airflow_ts_asset_updated";

/**
 * "An event for this run": at or after the start of the run's data interval. That is the interval start of a
 * data-interval timetable and the logical date (the run's fire time) of a trigger timetable, on both lines.
 * Airflow 3 runs without a data interval (manual runs of an unscheduled pipeline, asset-triggered runs) count from
 * `dag_run.run_after`, the time the run was created; 2.11 gives every run a data interval.
 *
 * The two lines' accessors differ: Airflow 3's `InletEventsAccessor` asks the API server (`.after()` selects
 * `timestamp >= after`, `.limit(1)` keeps the answer to one event); 2.11's is a lazy sequence of the asset's events
 * oldest first, whose `[-1:]` reads only the newest row.
 */
export const ASSET_EVENT_DEFINITION = `def ${ASSET_EVENT_FUNCTION}(inlets, inlet_events, data_interval_start=None, dag_run=None):
    """Whether the wait's asset (its one inlet) has an event at or after the run's data interval start."""
    since = data_interval_start if data_interval_start is not None else dag_run.run_after
    events = inlet_events[inlets[0]]
    if hasattr(events, "after"):  # Airflow 3: the API server selects the events at or after \`since\`
        return len(events.after(since).limit(1)) > 0
    latest = events[-1:]  # Airflow 2.11: the newest event (the sequence is oldest first)
    return len(latest) > 0 and latest[0].timestamp >= since`;
