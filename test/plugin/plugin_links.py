"""
The extra links of every task, as the Airflow UI server computes them: each DAG file is loaded through DagBag,
serialized and deserialized (the UI server only sees serialized DAGs; deserializing is where Airflow attaches a
plugin's links to KubernetesPodOperator tasks), then each link is asked for its URL with a task-instance key.

usage: python plugin_links.py <out.json> <run_id> <try_number>   (AIRFLOW__CORE__DAGS_FOLDER / PLUGINS_FOLDER set)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

from airflow import __version__ as airflow_version
from airflow.configuration import conf
from airflow.models.dagbag import DagBag
from airflow.models.taskinstancekey import TaskInstanceKey

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "airflow"))
from inspect_dags import pod_of, unmapped  # noqa: E402

try:  # Airflow 3
    from airflow.serialization.serialized_objects import DagSerialization as Serializer
except ImportError:  # Airflow 2.11
    from airflow.serialization.serialized_objects import SerializedDAG as Serializer


PLUGIN_LINKS = {"TypeScript source", "Pod logs"}


def main(out: str, run_id: str, try_number: int) -> None:
    from airflow import plugins_manager

    plugins = [p.name for p in plugins_manager._get_plugins()[0]] if hasattr(plugins_manager, "_get_plugins") else _plugins_2()
    plugin_errors = plugins_manager.get_import_errors() if hasattr(plugins_manager, "get_import_errors") else plugins_manager.import_errors
    bag = DagBag(conf.get("core", "dags_folder"))  # examples are off: AIRFLOW__CORE__LOAD_EXAMPLES=False
    result: dict = {"airflow_version": airflow_version, "plugins": plugins, "plugin_import_errors": dict(plugin_errors), "import_errors": dict(bag.import_errors), "tasks": {}}
    for dag_id, dag in sorted(bag.dags.items()):
        served = Serializer.from_dict(Serializer.to_dict(dag))
        for task in served.tasks:
            original = dag.get_task(task.task_id)
            map_index = 0 if type(original).__name__ == "MappedOperator" else -1  # a mapped task: its first instance
            key = TaskInstanceKey(dag_id, task.task_id, run_id, try_number, map_index)
            ti = SimpleNamespace(key=key)
            # The pod this task instance launches, built by the operator itself: the labels a log search finds.
            context = {"ti": SimpleNamespace(dag_id=dag_id, task_id=task.task_id, map_index=map_index, try_number=try_number), "run_id": run_id, "dag": dag}
            # Only pod tasks launch a pod of their own: a Spark task's driver is named by the Spark operator, and
            # branches, waits and triggers run inside Airflow.
            operator = unmapped(original)
            pod = pod_of(operator, context) if hasattr(operator, "build_pod_request_obj") and type(operator).__name__ != "SparkKubernetesOperator" else None
            result["tasks"][f"{dag_id}.{task.task_id}"] = {
                "doc_md": original.doc_md,
                "pod_labels": pod and pod["metadata"]["labels"],
                "pod_namespace": pod and pod["metadata"].get("namespace"),
                # The plugin's links only: an operator's own (a trigger's "Triggered DAG", a sensor's "External
                # DAG") reads XCom from a metadata DB this script does not have.
                "links": {name: task.get_extra_links(ti, name) for name in task.extra_links if name in PLUGIN_LINKS},
            }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2, sort_keys=True)


def _plugins_2() -> list[str]:
    from airflow import plugins_manager

    plugins_manager.ensure_plugins_loaded()
    return [p.name for p in plugins_manager.plugins or []]


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
