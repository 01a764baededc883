"""Every pod real Airflow's KubernetesPodOperator builds for a folder of DAG files, as Kubernetes API JSON.

    python dump_pods.py <dag_folder> <items.json> <output.json>

items.json: {"<dag_id>": {"<task_id>": [upstream result items]}} for tasks mapped over a result.
Output: {"<dag_id>.<task_id>[.<map index>]": pod}. A mapped task is expanded into one pod per instance: over its
literal list, or over the given items through the generated item function (as typed_airflow.py unmaps them).
The pods come from build_pod_request_obj() with the hook patched (inspect_dags.pod_of), so no cluster is needed.
"""

from __future__ import annotations

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "airflow"))

from inspect_dags import load_dag_bag, pod_of  # noqa: E402
from typed_airflow import mapping_of  # noqa: E402


def main(folder, items_path, output):
    items = json.load(open(items_path))
    bag = load_dag_bag(folder)
    if bag.import_errors:
        raise SystemExit(f"import errors: {bag.import_errors}")
    pods = {}
    for dag_id, dag in sorted(bag.dags.items()):
        for task in dag.tasks:
            key = f"{dag_id}.{task.task_id}"
            if type(task).__name__ == "SparkKubernetesOperator":
                continue  # it submits a SparkApplication, not a pod: test/cluster/spark.test.ts gives the server those
            if type(task).__name__ != "MappedOperator" and not hasattr(task, "build_pod_request_obj"):
                continue  # a branch, a wait or a trigger runs inside Airflow and launches no pod
            if type(task).__name__ == "MappedOperator":
                mapping = mapping_of(task, items.get(dag_id, {}).get(task.task_id, []))
                if not mapping["instances"]:
                    raise SystemExit(f"{key} is mapped over a result: give its items in {items_path}")
                for index, arguments in enumerate(mapping["instances"]):
                    pods[f"{key}.{index}"] = pod_of(task.unmap({"arguments": arguments}))
            else:
                pods[key] = pod_of(task)
    with open(output, "w", encoding="utf-8") as out:
        json.dump(pods, out, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
