"""Runs an asset wait on a real Airflow (2.11 or 3.x), in process, on the workspace's throwaway SQLite database.

    python asset_wait_runs.py <producer dag_id> <waiter dag_id> <wait task ids, comma separated>

Runs the waiter through `dag.test()` three times, with the pods' execute replaced by a no-op (no cluster):
  1. "no_event": before anything produced the asset: the waits find no event and time out;
  2. "after_event": after the producer's own `dag.test()` recorded its asset event (now), for a run whose data
     interval starts before the event: the waits succeed;
  3. "stale_event": for a run whose data interval starts two days from now: the event is older than the run's
     interval start, so it is not this run's, and the waits time out.
Prints, as JSON: per run, the state of each wait task; and the events of the asset the producer recorded.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from unittest import mock


def test_run(dag, when):
    """dag.test() at the logical date `when`: the keyword is `logical_date` on Airflow 3, `execution_date` on 2.11."""
    import inspect

    keyword = "logical_date" if "logical_date" in inspect.signature(dag.test).parameters else "execution_date"
    return dag.test(**{keyword: when})


def states(run, task_ids):
    return {ti.task_id: str(getattr(ti.state, "value", ti.state)) for ti in run.get_task_instances() if ti.task_id in task_ids}


def main(producer_id, waiter_id, wait_ids):
    import pendulum

    from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

    sys.path.insert(0, os.path.dirname(__file__))
    from inspect_dags import load_dag_bag

    bag = load_dag_bag(os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
    producer, waiter = bag.dags[producer_id], bag.dags[waiter_id]
    task_ids = set(wait_ids.split(","))
    now = pendulum.now("UTC").replace(microsecond=0)
    result = {}
    # Not autospec: 2.11 calls execute with a sentinel keyword its signature does not name.
    with mock.patch.object(KubernetesPodOperator, "execute", new=lambda self, context, **kwargs: None):
        result["no_event"] = states(test_run(waiter, pendulum.datetime(2026, 1, 2, 6, tz="UTC")), task_ids)
        test_run(producer, now - datetime.timedelta(days=1))
        result["after_event"] = states(test_run(waiter, now - datetime.timedelta(hours=1)), task_ids)
        result["stale_event"] = states(test_run(waiter, now + datetime.timedelta(days=2)), task_ids)
    result["events"] = recorded_events()
    print(json.dumps(result, sort_keys=True))


def recorded_events():
    """The asset (dataset) events in the metadata database: URI and the task that produced each."""
    from airflow.utils.session import create_session

    try:
        from airflow.models.asset import AssetEvent as Event
    except ImportError:
        from airflow.models.dataset import DatasetEvent as Event
    with create_session() as session:
        events = session.query(Event).all()
        found = [{"uri": (getattr(e, "asset", None) or getattr(e, "dataset", None)).uri, "source": f"{e.source_dag_id}.{e.source_task_id}"} for e in events]
    return sorted(found, key=lambda e: (e["uri"], e["source"]))


if __name__ == "__main__":
    main(*sys.argv[1:4])
