"""
The extra links of every task, as the Airflow UI server computes them: each DAG file is loaded through DagBag,
serialized and deserialized (the UI server only sees serialized DAGs; deserializing is where Airflow attaches a
plugin's links to KubernetesPodOperator tasks), then each link is asked for its URL with a task-instance key.

usage: python plugin_links.py <out.json> <run_id> <try_number>   (AIRFLOW__CORE__DAGS_FOLDER / PLUGINS_FOLDER set)
"""

from __future__ import annotations

import json
import sys
from types import SimpleNamespace

from airflow import __version__ as airflow_version
from airflow.configuration import conf
from airflow.models.dagbag import DagBag
from airflow.models.taskinstancekey import TaskInstanceKey

try:  # Airflow 3
    from airflow.serialization.serialized_objects import DagSerialization as Serializer
except ImportError:  # Airflow 2.11
    from airflow.serialization.serialized_objects import SerializedDAG as Serializer


def main(out: str, run_id: str, try_number: int) -> None:
    bag = DagBag(conf.get("core", "dags_folder"))  # examples are off: AIRFLOW__CORE__LOAD_EXAMPLES=False
    result: dict = {"airflow_version": airflow_version, "import_errors": dict(bag.import_errors), "tasks": {}}
    for dag_id, dag in sorted(bag.dags.items()):
        served = Serializer.from_dict(Serializer.to_dict(dag))
        for task in served.tasks:
            key = TaskInstanceKey(dag_id, task.task_id, run_id, try_number, -1)
            ti = SimpleNamespace(key=key)
            result["tasks"][f"{dag_id}.{task.task_id}"] = {
                "doc_md": dag.get_task(task.task_id).doc_md,
                "links": {name: task.get_extra_links(ti, name) for name in task.extra_links},
            }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
