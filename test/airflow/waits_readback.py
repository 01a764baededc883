"""The waits and triggers of a DAG folder as Airflow holds them, from the loaded and the serialized DAG, as JSON.

    python waits_readback.py <dag folder> <output.json>

For every sensor (ExternalTaskSensor, TimeSensor, TimeDeltaSensor and their deferrable forms) and every
TriggerDagRunOperator of every DAG: its class, and the attributes airflow-ts sets, read from the operator object of
the DagBag's DAG ("loaded") and of that DAG serialized to JSON and back ("serialized", what the scheduler and the UI
get). An attribute the serialized operator does not keep is reported as absent there (Airflow serializes only the
operator's template fields and BaseOperator's own fields), so the test compares what survives. Airflow 2.11 and 3.x.
"""

from __future__ import annotations

import datetime
import json
import sys

WAIT_CLASSES = {
    "ExternalTaskSensor",
    "TimeSensor",
    "TimeSensorAsync",
    "TimeDeltaSensor",
    "TimeDeltaSensorAsync",
    "TriggerDagRunOperator",
}

FIELDS = [
    "external_dag_id",
    "external_task_id",
    "external_task_ids",
    "execution_delta",
    "allowed_states",
    "failed_states",
    "deferrable",
    "mode",
    "poke_interval",
    "timeout",
    "soft_fail",
    "target_time",
    "delta",
    "trigger_dag_id",
    "conf",
    "wait_for_completion",
    "reset_dag_run",
    "logical_date",
    "retries",
    "owner",
    "trigger_rule",
]

MISSING = object()


def plain(value):
    """JSON for what an operator holds: timedeltas as seconds, times as HH:MM:SS, sets sorted."""
    if isinstance(value, datetime.timedelta):
        return {"seconds": value.total_seconds()}
    if isinstance(value, datetime.time):
        return {"time": value.strftime("%H:%M:%S")}
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(plain(v) for v in value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "value") and type(value).__module__.startswith("airflow"):  # enums (TriggerRule)
        return value.value
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def fields_of(task, dag):
    out = {}
    for name in FIELDS:
        value = getattr(task, name, MISSING)
        if value is not MISSING:
            out[name] = plain(value)
    # Airflow 2.11's TriggerDagRunOperator keeps its deferrable argument as `_defer`.
    if "deferrable" not in out and type(task).__name__ == "TriggerDagRunOperator" and hasattr(task, "_defer"):
        out["deferrable"] = task._defer
    # Airflow 3's TimeSensor keeps no target_time: only the UTC datetime it made of it (today, in the DAG's
    # timezone) when the operator was built. Its wall-clock time in that timezone is the target time.
    target = getattr(task, "target_datetime", None)
    if "target_time" not in out and isinstance(target, datetime.datetime):
        out["target_time"] = {"time": target.astimezone(dag.timezone).strftime("%H:%M:%S")}
    return out


def serialized(dag):
    try:
        from airflow.serialization.serialized_objects import (
            DagSerialization as Serialization,
        )
    except ImportError:
        from airflow.serialization.serialized_objects import (
            SerializedDAG as Serialization,
        )
    return Serialization.from_dict(json.loads(json.dumps(Serialization.to_dict(dag))))


def main(folder, output):
    from inspect_dags import (
        load_dag_bag,  # this folder: the same DagBag the other real-Airflow tests load
    )

    import airflow

    bag = load_dag_bag(folder)
    tasks = {}
    for dag_id, dag in sorted(bag.dags.items()):
        scheduler_dag = serialized(dag)
        for task in dag.tasks:
            if type(task).__name__ not in WAIT_CLASSES:
                continue
            stored = scheduler_dag.get_task(task.task_id)
            tasks[f"{dag_id}.{task.task_id}"] = {
                "class": type(task).__name__,
                "module": type(task).__module__,
                "loaded": fields_of(task, dag),
                "serialized_class": getattr(stored, "task_type", type(stored).__name__),
                "serialized": fields_of(stored, dag),
                "upstream": sorted(task.upstream_task_ids),
            }
    result = {
        "airflow_version": airflow.__version__,
        "import_errors": {k: str(v) for k, v in bag.import_errors.items()},
        "tasks": tasks,
    }
    with open(output, "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
