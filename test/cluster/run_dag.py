"""Run one DAG with real Airflow's dag.test() and report each task instance's state from the metadata DB, as JSON.

    python run_dag.py <dag_folder> <dag_id> <logical date, ISO> <output.json>

dag.test() runs the tasks one by one in this process, in dependency order, with the retries and retry delays the
DAG sets (a task up for retry waits for its delay). KubernetesPodOperator tasks reach the cluster through the
`kubernetes_default` connection (AIRFLOW_CONN_KUBERNETES_DEFAULT). The states are read back from the database,
never inferred from an exit code.
"""

from __future__ import annotations

import json
import os
import sys

import pendulum

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "airflow"))

from inspect_dags import load_dag_bag  # noqa: E402


def shorten_log_wait():
    """kwok's fake kubelet keeps a followed log stream open, silent, after the container ends: the operator's
    reader would block until its 5-minute read timeout. The logs are still read through the API server (pods/log,
    as the worker account), but unfollowed: the operator then re-reads each second until the container stops,
    its own path for an interrupted stream."""
    import functools

    from airflow.providers.cncf.kubernetes.utils.pod_manager import PodManager

    original = PodManager.read_pod_logs

    @functools.wraps(original)
    def read_pod_logs(self, *args, **kwargs):
        kwargs["follow"] = False
        return original(self, *args, **kwargs)

    PodManager.read_pod_logs = read_pod_logs


def main(folder, dag_id, logical_date, output):
    from airflow.models.dagrun import DagRun
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session

    shorten_log_wait()
    bag = load_dag_bag(folder)
    if bag.import_errors:
        raise SystemExit(f"import errors: {bag.import_errors}")
    dag = bag.get_dag(dag_id)
    dag.test(logical_date=pendulum.parse(logical_date))
    with create_session() as session:
        runs = session.query(DagRun).filter(DagRun.dag_id == dag_id).all()
        tis = session.query(TaskInstance).filter(TaskInstance.dag_id == dag_id).all()
        result = {
            "runs": [{"run_id": r.run_id, "state": str(getattr(r.state, "value", r.state))} for r in runs],
            "tasks": {
                ti.task_id + ("" if ti.map_index < 0 else f"[{ti.map_index}]"): {
                    "state": str(getattr(ti.state, "value", ti.state)),
                    "try_number": ti.try_number,
                    "max_tries": ti.max_tries,
                }
                for ti in tis
            },
        }
    with open(output, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(*sys.argv[1:5])
