"""Load generated DAG files with real Airflow and print what Airflow made of them, as JSON.

    python inspect_dags.py <dag_folder> <output.json>

For every DAG: its attributes and timetable; for every task: its BaseOperator attributes, its upstream
tasks, and the pod that KubernetesPodOperator.build_pod_request_obj() builds (the Kubernetes hook is
patched, so no cluster is needed), serialized by the Kubernetes client into API JSON (camelCase).
Works on Airflow 2.11 and 3.x. Import errors are reported, not raised; on Airflow 3 deprecation warnings
(DeprecationWarning, PendingDeprecationWarning, FutureWarning, which Airflow's deprecated imports raise) are errors.
"""

from __future__ import annotations

import json
import sys
import warnings
from datetime import timedelta
from unittest import mock


def seconds(value):
    return value.total_seconds() if isinstance(value, timedelta) else value


def iso(value):
    return value.isoformat() if value is not None else None


def asset_uris(condition):
    """The URIs of an asset (2.11: dataset) condition, however nested."""
    if condition is None or type(condition).__name__.startswith("_Null"):
        return []
    if hasattr(condition, "objects"):
        return sorted({uri for child in condition.objects for uri in asset_uris(child)})
    return [condition.uri] if hasattr(condition, "uri") else []


def timetable_of(dag):
    timetable = dag.timetable
    data = {"class": type(timetable).__name__}
    condition = getattr(timetable, "asset_condition", None) or getattr(timetable, "dataset_condition", None)
    if condition is not None:
        data["asset_uris"] = asset_uris(condition)
    # 2.x (core) timetables serialize themselves; 3.x SDK timetables are attrs classes.
    if hasattr(timetable, "serialize"):
        fields = timetable.serialize()
    else:
        import attrs

        fields = attrs.asdict(timetable) if attrs.has(type(timetable)) else {}
    for key, value in fields.items():
        data[key.lstrip("_")] = seconds(value) if isinstance(value, timedelta) else str(value) if key.endswith("timezone") else value
    return data


def pod_of(operator, context=None):
    """The pod the operator would launch; with a task-instance context, with the labels of that run."""
    from kubernetes.client import ApiClient

    with mock.patch("airflow.providers.cncf.kubernetes.operators.pod.KubernetesHook") as hook_class:
        hook = hook_class.return_value
        hook.is_in_cluster = False
        hook.get_namespace.return_value = None
        hook.get_xcom_sidecar_container_image.return_value = None
        hook.get_xcom_sidecar_container_resources.return_value = None
        pod = operator.build_pod_request_obj(context)
    return ApiClient().sanitize_for_serialization(pod)


def spark_of(task):
    return {
        "name": task.name,
        "namespace": task.namespace,
        "template_spec": task.template_spec,
        "delete_on_termination": task.delete_on_termination,
    }


BRANCH_OPERATORS = ("BranchPythonOperator", "ShortCircuitOperator")


def branch_of(task):
    """A branch's function (by name), the data it is called with, and the tasks directly downstream of it."""
    return {
        "python_callable": task.python_callable.__name__,
        "op_kwargs": task.op_kwargs,
        "downstream": sorted(task.downstream_task_ids),
        "ignore_downstream_trigger_rules": getattr(task, "ignore_downstream_trigger_rules", None),
        "do_xcom_push": task.do_xcom_push,
    }


def sensor_of(task, dag):
    """A wait's or trigger's class, module and attributes (waits_readback.py reads the same, loaded and serialized)."""
    from waits_readback import WAIT_CLASSES, fields_of

    if type(task).__name__ not in WAIT_CLASSES:
        return None
    return {"class": type(task).__name__, "module": type(task).__module__, "fields": fields_of(task, dag)}


def callbacks_of_task(task):
    """A task's notifiers per event, as alerts_oracle.py reads them."""
    from alerts_oracle import EVENTS, callbacks_of

    return {event: callbacks_of(getattr(task, attr, None)) for event, attr in EVENTS.items()}


def unmapped(task):
    """A mapped task as one of its instances: for its first item of a literal list, or with no args over a result."""
    if type(task).__name__ != "MappedOperator":
        return task
    arguments = task.expand_input.value["arguments"]
    return task.unmap({"arguments": list(arguments[0]) if isinstance(arguments, (list, tuple)) else None})


def task_of(task, dag=None):
    task = unmapped(task)
    on_finish = getattr(task, "on_finish_action", None)
    return {
        "task_id": task.task_id,
        "operator": type(task).__name__,
        "upstream": sorted(task.upstream_task_ids),
        "outlets": sorted(o.uri for o in (task.outlets or []) if hasattr(o, "uri")),
        "owner": task.owner,
        "retries": task.retries,
        "retry_delay": seconds(task.retry_delay),
        "retry_exponential_backoff": task.retry_exponential_backoff,
        "max_retry_delay": seconds(task.max_retry_delay),
        "execution_timeout": seconds(task.execution_timeout),
        "pool": task.pool,
        "pool_slots": task.pool_slots,
        "priority_weight": task.priority_weight,
        "trigger_rule": str(getattr(task.trigger_rule, "value", task.trigger_rule)),
        "doc_md": task.doc_md,
        "on_finish_action": getattr(on_finish, "value", on_finish),
        "startup_timeout_seconds": getattr(task, "startup_timeout_seconds", None),
        # A Spark task submits a SparkApplication, not a pod: its template_spec as Airflow holds it (unrendered;
        # spark_readback.py renders it and reads back what the operator submits).
        # Waits and triggers (sensors, TriggerDagRunOperator) launch no pod: waits_readback.py reads them back.
        "pod": pod_of(task) if hasattr(task, "build_pod_request_obj") and type(task).__name__ != "SparkKubernetesOperator" else None,
        "spark": spark_of(task) if type(task).__name__ == "SparkKubernetesOperator" else None,
        "branch": branch_of(task) if type(task).__name__ in BRANCH_OPERATORS else None,
        "sensor": sensor_of(task, dag) if dag is not None else None,
        "callbacks": callbacks_of_task(task),
    }


def dag_of(dag):
    return {
        "dag_id": dag.dag_id,
        "fileloc": dag.fileloc,
        "description": dag.description,
        "doc_md": dag.doc_md,
        "timetable": timetable_of(dag),
        "start_date": iso(dag.start_date),
        "end_date": iso(dag.end_date),
        "catchup": dag.catchup,
        "max_active_runs": dag.max_active_runs,
        "max_active_tasks": dag.max_active_tasks,
        "dagrun_timeout": seconds(dag.dagrun_timeout),
        "is_paused_upon_creation": dag.is_paused_upon_creation,
        "tags": sorted(dag.tags),
        "params": params_of(dag),
        "tasks": with_serialized_sensors(dag, {task.task_id: task_of(task, dag) for task in dag.tasks}),
        "callbacks": callbacks_of_dag(dag),
        "deadlines": deadlines_of_dag(dag),
    }


def with_serialized_sensors(dag, tasks):
    """Each wait's and trigger's class and attributes also as the serialized DAG (the scheduler's, the UI's) holds them."""
    if not any(t["sensor"] for t in tasks.values()):
        return tasks
    from waits_readback import fields_of, serialized

    scheduler_dag = serialized(dag)
    for task_id, task in tasks.items():
        if task["sensor"]:
            stored = scheduler_dag.get_task(task_id)
            task["sensor"]["serialized_class"] = getattr(stored, "task_type", type(stored).__name__)
            task["sensor"]["serialized"] = fields_of(stored, dag)
    return tasks


def callbacks_of_dag(dag):
    """The run's notifiers per event (failure, success), as alerts_oracle.py reads them."""
    from alerts_oracle import EVENTS, callbacks_of

    return {event: callbacks_of(getattr(dag, attr, None)) for event, attr in EVENTS.items() if event != "retry"}


def deadlines_of_dag(dag):
    """The DAG's deadline alerts (Airflow 3.1+), as alerts_oracle.py reads them; None without any."""
    from alerts_oracle import deadlines_of

    return deadlines_of(dag)


def params_of(dag):
    """Each Param as the trigger form gets it: default (if any, checked against its schema by Airflow), schema, description."""
    out = {}
    for name in dag.params:
        param = dag.params.get_param(name)
        entry = {"schema": param.schema, "description": param.description}
        try:  # the default, as Airflow validates it against the schema; a param without one is refused unfilled
            entry["value"] = param.resolve(suppress_exception=False)
        except Exception as e:  # ParamValidationError: its module differs between the lines
            entry["refused_unfilled"] = type(e).__name__
        out[name] = entry
    return out


def load_dag_bag(folder):
    import inspect

    from airflow.models import DagBag

    # Airflow 3.3 dropped include_examples (examples are never bundled); 2.x needs it off.
    if "include_examples" in inspect.signature(DagBag.__init__).parameters:
        return DagBag(dag_folder=folder, include_examples=False, safe_mode=True)
    return DagBag(dag_folder=folder, safe_mode=True)


def main(folder, output):
    import os

    import airflow

    folder = os.path.realpath(folder) + os.sep

    # On Airflow 3 a deprecation raised while a DAG file runs fails that file: DagBag reports it as an import
    # error (its per-file catch_warnings keeps these filters). Airflow 2.11 trips on its own internals here.
    strict = int(airflow.__version__.split(".")[0]) >= 3
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if strict:
            for category in (DeprecationWarning, PendingDeprecationWarning, FutureWarning):
                warnings.filterwarnings("error", category=category)
        bag = load_dag_bag(folder)
    result = {
        "airflow_version": airflow.__version__,
        "deprecations_are_errors": strict,
        "import_errors": {k: str(v) for k, v in bag.import_errors.items()},
        # Warnings raised while executing the DAG files themselves (deprecated imports or arguments).
        "warnings": sorted(
            {f"{os.path.basename(w.filename)}: {w.category.__name__}: {w.message}" for w in caught if str(w.filename).startswith(folder)}
        ),
        "dags": {dag_id: dag_of(dag) for dag_id, dag in sorted(bag.dags.items())},
    }
    # A file, not stdout: Airflow logs to stdout while it parses.
    with open(output, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=1, sort_keys=True, default=str)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
