"""Hand-written anchor for examples/nightly-sales-etl.pipeline.ts: as an Airflow engineer would write it."""

from __future__ import annotations

from datetime import timedelta

import pendulum
from kubernetes.client import models as k8s

from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.slack.notifications.slack_webhook import SlackWebhookNotifier

DAILY_SALES_URI = "postgres://warehouse/analytics/daily_sales"
DAILY_SALES_EXTRA = {"grain": "day x product x region", "owner": "data-platform"}

try:
    from airflow.sdk import DAG, Asset, CronDataIntervalTimetable

    daily_sales = Asset(name="analytics.daily_sales", uri=DAILY_SALES_URI, group="warehouse", extra=DAILY_SALES_EXTRA)
except ImportError:
    from airflow import DAG
    from airflow.datasets import Dataset
    from airflow.timetables.interval import CronDataIntervalTimetable

    daily_sales = Dataset(DAILY_SALES_URI, extra=DAILY_SALES_EXTRA)

run_failed = SlackWebhookNotifier(
    slack_webhook_conn_id="slack_sales_alerts",
    text=":red_circle: {{ dag.dag_id }} run {{ run_id }} failed: the warehouse is not loaded for {{ ds }}",
)
task_failed = SlackWebhookNotifier(
    slack_webhook_conn_id="slack_sales_alerts",
    text=":red_circle: {{ dag.dag_id }}.{{ ti.task_id }} failed for {{ ds }} (try {{ ti.try_number }}): {{ exception }}",
)

raw_volume = k8s.V1Volume(name="etl-raw", persistent_volume_claim=k8s.V1PersistentVolumeClaimVolumeSource(claim_name="etl-raw"))
raw_mount = k8s.V1VolumeMount(name="etl-raw", mount_path="/data", read_only=False)
pull_secrets = [k8s.V1LocalObjectReference(name="ghcr-pull")]

default_args = {
    "owner": "data-platform",
    "retries": 3,
    "retry_delay": timedelta(minutes=5),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(hours=1),
    "namespace": "data",
    "service_account_name": "etl-runner",
    "labels": {"pipeline": "nightly-sales-etl", "team": "sales"},
    "image_pull_secrets": pull_secrets,
    "volumes": [raw_volume],
    "on_finish_action": "delete_succeeded_pod",
    "on_failure_callback": [task_failed],
}

with DAG(
    dag_id="nightly_sales_etl",
    description="Orders from the shop database, cleaned and aggregated, loaded into the warehouse",
    schedule=CronDataIntervalTimetable("0 2 * * *", timezone="UTC"),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=True,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=6),
    tags=["sales", "etl"],
    default_args=default_args,
    on_failure_callback=[run_failed],
) as dag:
    extract = KubernetesPodOperator(
        task_id="extract",
        name="extract",
        image="ghcr.io/acme/extract:1.4.2",
        arguments=["--date", "{{ ds }}", "--out", "/data/raw/{{ ds }}"],
        env_vars=[
            k8s.V1EnvVar(
                name="SOURCE_URL",
                value_from=k8s.V1EnvVarSource(config_map_key_ref=k8s.V1ConfigMapKeySelector(name="etl-config", key="source_url")),
            ),
            k8s.V1EnvVar(name="DB_USER", value_from=k8s.V1EnvVarSource(secret_key_ref=k8s.V1SecretKeySelector(name="shop-db", key="username"))),
            k8s.V1EnvVar(name="DB_PASSWORD", value_from=k8s.V1EnvVarSource(secret_key_ref=k8s.V1SecretKeySelector(name="shop-db", key="password"))),
        ],
        volume_mounts=[raw_mount],
        container_resources=k8s.V1ResourceRequirements(requests={"cpu": "500m", "memory": "1Gi"}, limits={"memory": "2Gi"}),
        execution_timeout=timedelta(hours=1),
    )
    transform = KubernetesPodOperator(
        task_id="transform",
        name="transform",
        image="ghcr.io/acme/transform:2.0.1",
        cmds=["python", "-m", "sales.transform"],
        arguments=["--in", "/data/raw/{{ ds }}", "--out", "/data/clean/{{ ds }}", "--aggregate", "daily"],
        env_vars=[k8s.V1EnvVar(name="LOG_LEVEL", value="info")],
        env_from=[k8s.V1EnvFromSource(config_map_ref=k8s.V1ConfigMapEnvSource(name="etl-config"), prefix="ETL_")],
        volume_mounts=[raw_mount],
        container_resources=k8s.V1ResourceRequirements(
            requests={"cpu": "2", "ephemeral-storage": "10Gi", "memory": "4Gi"},
            limits={"cpu": "4", "ephemeral-storage": "20Gi", "memory": "8Gi"},
        ),
        execution_timeout=timedelta(hours=2),
    )
    load = KubernetesPodOperator(
        task_id="load",
        name="load",
        image="ghcr.io/acme/load:3.2.0",
        arguments=["--from", "/data/clean/{{ ds }}", "--table", "analytics.daily_sales", "--partition", "{{ ds }}"],
        env_vars=[
            k8s.V1EnvVar(
                name="WAREHOUSE_HOST",
                value_from=k8s.V1EnvVarSource(config_map_key_ref=k8s.V1ConfigMapKeySelector(name="etl-config", key="warehouse_host")),
            ),
            k8s.V1EnvVar(
                name="WAREHOUSE_PASSWORD",
                value_from=k8s.V1EnvVarSource(secret_key_ref=k8s.V1SecretKeySelector(name="warehouse-db", key="password")),
            ),
        ],
        volume_mounts=[k8s.V1VolumeMount(name="etl-raw", mount_path="/data", read_only=True)],
        container_resources=k8s.V1ResourceRequirements(requests={"cpu": "250m", "memory": "512Mi"}, limits={"memory": "1Gi"}),
        execution_timeout=timedelta(minutes=30),
        pool="warehouse",
        outlets=[daily_sales],
    )

    extract >> transform >> load
