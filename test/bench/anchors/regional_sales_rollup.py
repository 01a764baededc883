"""Hand-written anchor for examples/regional-rollup.pipeline.ts: as an Airflow engineer would write it."""

from __future__ import annotations

from datetime import timedelta

import pendulum
from kubernetes.client import models as k8s

from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

try:
    from airflow.sdk import DAG, CronTriggerTimetable
except ImportError:
    from airflow import DAG
    from airflow.timetables.trigger import CronTriggerTimetable

IMAGE = "ghcr.io/acme/rollup:5.1.0"
REGIONS = ["emea", "amer", "apac"]
rollup_resources = k8s.V1ResourceRequirements(requests={"cpu": "1", "memory": "2Gi"}, limits={"cpu": "2", "memory": "4Gi"})

default_args = {
    "owner": "analytics",
    "retries": 2,
    "retry_delay": timedelta(minutes=2),
    "namespace": "analytics",
    "node_selector": {"node-pool": "batch"},
    "on_finish_action": "delete_pod",
}

with DAG(
    dag_id="regional_sales_rollup",
    description="Per-region daily rollups in parallel, then one global report",
    schedule=CronTriggerTimetable("0 0 * * *", timezone="Europe/Berlin"),
    start_date=pendulum.datetime(2026, 3, 1, tz="Europe/Berlin"),
    catchup=False,
    max_active_tasks=8,
    tags=["sales", "regions"],
    default_args=default_args,
) as dag:
    snapshot = KubernetesPodOperator(
        task_id="snapshot",
        name="snapshot",
        image=IMAGE,
        arguments=["snapshot", "--date", "{{ ds }}"],
        env_from=[k8s.V1EnvFromSource(secret_ref=k8s.V1SecretEnvSource(name="warehouse-db"), prefix="WAREHOUSE_")],
    )
    rollups = [
        KubernetesPodOperator(
            task_id=f"rollup_{region}",
            name=f"rollup-{region}",
            image=IMAGE,
            arguments=["rollup", "--region", region, "--date", "{{ ds }}"],
            env_vars=[k8s.V1EnvVar(name="REGION", value=region)],
            container_resources=rollup_resources,
            labels={"region": region},
        )
        for region in REGIONS
    ]
    global_report = KubernetesPodOperator(
        task_id="global_report",
        name="global-report",
        image=IMAGE,
        arguments=["report", "--date", "{{ ds }}", "--regions", ",".join(REGIONS)],
        priority_weight=10,
        trigger_rule="all_success",
    )

    snapshot >> rollups >> global_report
