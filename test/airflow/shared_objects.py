"""Tasks that share Kubernetes objects still build each its own, correct pod, whatever the other tasks did first.

    python shared_objects.py <generated DAG file>

Prints JSON: which objects the tasks share (by identity), whether any task's list is another's, and every task
whose pod changed after all tasks built their pods and rendered their templates (as workers do, in place).
"""

from __future__ import annotations

import importlib.util
import json
import sys
import warnings

sys.path.insert(0, __file__.rsplit("/", 1)[0])
warnings.simplefilter("ignore")

import inspect_dags  # noqa: E402


def main(path):
    spec = importlib.util.spec_from_file_location("shared_dag", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    dag = next(v for v in vars(module).values() if type(v).__name__ == "DAG")
    tasks = [t for t in dag.tasks if type(t).__name__ != "MappedOperator"]
    fields = ("volumes", "volume_mounts", "env_vars", "env_from", "image_pull_secrets", "tolerations")

    shared = sorted({
        f"{field}:{getattr(item, 'name', None) or type(item).__name__}"
        for a in tasks for b in tasks if a is not b
        for field in fields for item in (getattr(a, field) or []) if any(item is other for other in (getattr(b, field) or []))
    } | {"container_resources" for a in tasks for b in tasks if a is not b and a.container_resources is not None and a.container_resources is b.container_resources})
    shared_lists = sorted(f"{a.task_id}.{field}" for a in tasks for b in tasks if a is not b for field in fields if getattr(a, field) and getattr(a, field) is getattr(b, field))

    strip = lambda pod: {**pod, "metadata": {**pod["metadata"], "name": pod["metadata"]["name"].rsplit("-", 1)[0]}}  # noqa: E731
    first = {t.task_id: strip(inspect_dags.pod_of(t)) for t in tasks}
    context = {"ds": "2026-03-04", "run_id": "manual__1", "params": {}, "task": None}
    for t in tasks:  # a worker renders templates in place, then builds the pod; every task in turn, in this process
        t.render_template_fields({**context, "task": t})
        inspect_dags.pod_of(t)
    rendered = {t.task_id: strip(inspect_dags.pod_of(t)) for t in tasks}
    changed = []
    for t in tasks:
        # Only this task's own templates may differ: compare with a pod built from a fresh import of the file.
        fresh = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(fresh)
        alone = next(v for v in vars(fresh).values() if type(v).__name__ == "DAG").get_task(t.task_id)
        alone.render_template_fields({**context, "task": alone})
        if strip(inspect_dags.pod_of(alone)) != rendered[t.task_id]:
            changed.append(t.task_id)
    print(json.dumps({"tasks": len(tasks), "shared": shared, "sharedLists": shared_lists, "changed": changed, "unrenderedPods": len(first)}))


if __name__ == "__main__":
    main(sys.argv[1])
