"""Airflow 3 only: an asset produced by one pipeline queues a run of the pipeline scheduled on it.

    python assets_trigger.py <producer dag_id> <consumer dag_id>

Runs in an AIRFLOW_HOME whose SQLite DB is migrated and holds the serialized DAGs (`airflow dags reserialize`), with
the consumer unpaused. The producer runs through `dag.test()` (Airflow's own task runner, in process), with the pod and Spark
operators' execute replaced by a no-op: no cluster. Then the scheduler's asset step creates the consumer's run.
Prints, as JSON: the asset events recorded, the consumer's queue entries before the scheduler step, and its runs
(with the events each consumed) after it.
"""

from __future__ import annotations

import json
import sys
from unittest import mock


def main(producer_id, consumer_id):
    from sqlalchemy import select

    from airflow.models.asset import AssetDagRunQueue, AssetEvent, AssetModel
    from airflow.models.dagrun import DagRun
    from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
    from airflow.utils.session import create_session

    sys.path.insert(0, __import__("os").path.dirname(__file__))
    from inspect_dags import load_dag_bag

    bag = load_dag_bag(__import__("os").environ["AIRFLOW__CORE__DAGS_FOLDER"])
    producer = bag.dags[producer_id]
    from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import (
        SparkKubernetesOperator,
    )

    with (
        mock.patch.object(KubernetesPodOperator, "execute", autospec=True, return_value=None),
        mock.patch.object(SparkKubernetesOperator, "execute", autospec=True, return_value=None),
    ):
        producer_run = producer.test()
    with create_session() as session:
        events = [
            {"uri": e.asset.uri, "source_dag_id": e.source_dag_id, "source_task_id": e.source_task_id}
            for e in session.scalars(select(AssetEvent).join(AssetModel, AssetEvent.asset_id == AssetModel.id)).all()
        ]
        queued = sorted(
            session.scalars(select(AssetModel.uri).join(AssetDagRunQueue, AssetDagRunQueue.asset_id == AssetModel.id).where(AssetDagRunQueue.target_dag_id == consumer_id)).all()
        )

    from airflow.jobs.job import Job
    from airflow.jobs.scheduler_job_runner import SchedulerJobRunner

    runner = SchedulerJobRunner(job=Job(), num_runs=1)
    with create_session() as session:
        runner._create_dagruns_for_dags(guard=mock.MagicMock(), session=session)
    with create_session() as session:
        runs = [
            {"run_type": str(getattr(r.run_type, "value", r.run_type)), "consumed": sorted(e.asset.uri for e in r.consumed_asset_events)}
            for r in session.scalars(select(DagRun).where(DagRun.dag_id == consumer_id)).all()
        ]
    print(json.dumps({"producer_state": str(getattr(producer_run.state, "value", producer_run.state)), "events": sorted(events, key=lambda e: e["uri"]), "queued": queued, "consumer_runs": runs}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
