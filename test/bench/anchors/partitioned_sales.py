"""Hand-written anchor for examples/partitioned-sales.pipeline.ts: as an Airflow engineer would write it."""

from __future__ import annotations

from datetime import timedelta

import pendulum
from kubernetes.client import models as k8s

from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

try:
    from airflow.providers.standard.operators.python import BranchPythonOperator
    from airflow.sdk import DAG, CronDataIntervalTimetable, Param, TaskGroup
except ImportError:
    from airflow import DAG
    from airflow.operators.python import BranchPythonOperator
    from airflow.models.param import Param
    from airflow.timetables.interval import CronDataIntervalTimetable
    from airflow.utils.task_group import TaskGroup

IMAGE = "ghcr.io/acme/partitions:1.3.0"
REGIONS = ["emea", "amer", "apac"]
SUMMARY = "ti.xcom_pull(task_ids='summarize')"
GATE = "ti.xcom_pull(task_ids='publish.quality_gate')"
lake_volume = k8s.V1Volume(name="sales-lake", persistent_volume_claim=k8s.V1PersistentVolumeClaimVolumeSource(claim_name="sales-lake"))
lake_mount_ro = k8s.V1VolumeMount(name="sales-lake", mount_path="/lake", read_only=True)

default_args = {
    "owner": "data-platform",
    "retries": 2,
    "retry_delay": timedelta(minutes=5),
    "namespace": "data",
    "service_account_name": "etl-runner",
    "image_pull_secrets": [k8s.V1LocalObjectReference(name="ghcr-pull")],
    "on_finish_action": "delete_succeeded_pod",
}


def transform_arguments(item):
    return ["transform", "--region", str(item["region"]), "--in", str(item["path"])]


def route_by_quality(ti):
    """Load on pass or warn, quarantine on fail; any other verdict fails the task."""
    verdict = ti.xcom_pull(task_ids="publish.quality_gate")["verdict"]
    routes = {"pass": ["publish.load"], "warn": ["publish.load"], "fail": ["publish.quarantine"]}
    if verdict not in routes:
        raise ValueError(f"unexpected quality verdict {verdict!r}")
    return routes[verdict]


with DAG(
    dag_id="partitioned_sales",
    description="Each day's orders per region partition: listed, transformed in parallel, checked, then loaded or quarantined",
    schedule=CronDataIntervalTimetable("30 3 * * *", timezone="UTC"),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=True,
    max_active_runs=3,
    tags=["sales", "partitions"],
    params={
        "regions": Param(REGIONS, description="Regions to process", minItems=1, type="array", items={"type": "string", "enum": REGIONS}),
        "fullRefresh": Param(False, description="Rebuild the day's partitions instead of appending", type="boolean"),
        "batchSize": Param(5000, description="Rows per warehouse insert", type="integer", minimum=100, maximum=100000),
    },
    default_args=default_args,
) as dag:
    list_partitions = KubernetesPodOperator(
        task_id="list_partitions",
        name="list-partitions",
        image=IMAGE,
        arguments=["list", "--day", "{{ ds }}", "--regions", "{{ params.regions | tojson }}", "--out", "/airflow/xcom/return.json"],
        volumes=[lake_volume],
        volume_mounts=[lake_mount_ro],
        do_xcom_push=True,
    )
    transform = KubernetesPodOperator.partial(
        task_id="transform",
        name="transform",
        image=IMAGE,
        env_vars=[
            k8s.V1EnvVar(name="DAY", value="{{ ds }}"),
            k8s.V1EnvVar(name="FULL_REFRESH", value="{{ params.fullRefresh | tojson }}"),
            k8s.V1EnvVar(name="RUN_ID", value="{{ run_id }}"),
        ],
        volumes=[lake_volume],
        volume_mounts=[k8s.V1VolumeMount(name="sales-lake", mount_path="/lake", read_only=False)],
        container_resources=k8s.V1ResourceRequirements(requests={"cpu": "1", "memory": "2Gi"}, limits={"memory": "4Gi"}),
        max_active_tis_per_dagrun=2,
    ).expand(arguments=list_partitions.output.map(transform_arguments))
    summarize = KubernetesPodOperator(
        task_id="summarize",
        name="summarize",
        image=IMAGE,
        arguments=["summarize", "--day", "{{ ds }}", "--since", "{{ macros.ds_add(ds, -7) }}"],
        volumes=[lake_volume],
        volume_mounts=[lake_mount_ro],
        do_xcom_push=True,
    )

    with TaskGroup(group_id="publish", tooltip="Quality checks and gate, then the warehouse load and the notification, or the quarantine"):
        check = KubernetesPodOperator.partial(
            task_id="check",
            name="publish-check",
            image=IMAGE,
            volumes=[lake_volume],
            volume_mounts=[lake_mount_ro],
            max_active_tis_per_dagrun=2,
        ).expand(arguments=[["check", name, "--day", "{{ ds }}"] for name in ("row_counts", "null_rates", "freshness")])
        quality_gate = KubernetesPodOperator(
            task_id="quality_gate",
            name="publish-quality-gate",
            image=IMAGE,
            arguments=["gate", "--day", "{{ ds }}"],
            volumes=[lake_volume],
            volume_mounts=[lake_mount_ro],
            do_xcom_push=True,
        )
        route = BranchPythonOperator(task_id="route_by_quality", python_callable=route_by_quality, do_xcom_push=False)
        load = KubernetesPodOperator(
            task_id="load",
            name="publish-load",
            image=IMAGE,
            arguments=[
                "load", "--day", "{{ ds }}",
                "--expected-rows", "{{ " + SUMMARY + "['rows'] }}",
                "--regions", "{{ " + SUMMARY + "['regions'] | tojson }}",
                "--batch-size", "{{ params.batchSize }}",
            ],
            env_vars=[
                k8s.V1EnvVar(
                    name="WAREHOUSE_PASSWORD",
                    value_from=k8s.V1EnvVarSource(secret_key_ref=k8s.V1SecretKeySelector(name="warehouse-db", key="password")),
                ),
            ],
            volumes=[lake_volume],
            volume_mounts=[lake_mount_ro],
            pool="warehouse",
        )
        notify = KubernetesPodOperator(
            task_id="notify",
            name="publish-notify",
            image=IMAGE,
            arguments=[
                "notify",
                "--template", "{% raw %}Loaded {{rows}} rows for {{day}}{% endraw %}",
                "--rows", "{{ " + SUMMARY + "['rows'] }}",
                "--day", "{{ data_interval_start.strftime('%d %b %Y') }}",
            ],
        )
        quarantine = KubernetesPodOperator(
            task_id="quarantine",
            name="publish-quarantine",
            image=IMAGE,
            arguments=["quarantine", "--day", "{{ ds }}", "--failed", "{{ " + GATE + "['failedChecks'] | tojson }}"],
            volumes=[lake_volume],
            volume_mounts=[k8s.V1VolumeMount(name="sales-lake", mount_path="/lake", read_only=False)],
        )
        # Runs after either path: the branch skips the other one.
        record_outcome = KubernetesPodOperator(
            task_id="record_outcome",
            name="publish-record-outcome",
            image=IMAGE,
            arguments=["record", "--day", "{{ ds }}", "--verdict", "{{ " + GATE + "['verdict'] }}"],
            trigger_rule="none_failed_min_one_success",
        )

    list_partitions >> transform >> summarize
    check >> quality_gate >> route >> [load, quarantine]
    summarize >> load >> notify
    summarize >> notify
    quality_gate >> [quarantine, record_outcome]
    [notify, quarantine] >> record_outcome
