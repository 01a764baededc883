"""Hand-written anchor: the README's 3-task ETL as an Airflow engineer would write it (objects built once, shared)."""

from __future__ import annotations

from datetime import timedelta

import pendulum
from kubernetes.client import models as k8s

from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

try:
    from airflow.sdk import DAG, CronDataIntervalTimetable
except ImportError:
    from airflow import DAG
    from airflow.timetables.interval import CronDataIntervalTimetable

raw_volume = k8s.V1Volume(name="etl-raw", persistent_volume_claim=k8s.V1PersistentVolumeClaimVolumeSource(claim_name="etl-raw"))
raw_mount = k8s.V1VolumeMount(name="etl-raw", mount_path="/data", read_only=False)
raw_mount_ro = k8s.V1VolumeMount(name="etl-raw", mount_path="/data", read_only=True)

default_args = {
    "retries": 3,
    "retry_delay": timedelta(minutes=5),
    "namespace": "data",
    "on_finish_action": "delete_pod",
}

with DAG(
    dag_id="nightly_sales_etl",
    schedule=CronDataIntervalTimetable("0 2 * * *", timezone="UTC"),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=True,
    default_args=default_args,
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
            k8s.V1EnvVar(
                name="DB_PASSWORD",
                value_from=k8s.V1EnvVarSource(secret_key_ref=k8s.V1SecretKeySelector(name="warehouse-db", key="password")),
            ),
        ],
        volumes=[raw_volume],
        volume_mounts=[raw_mount],
        container_resources=k8s.V1ResourceRequirements(requests={"cpu": "500m", "memory": "1Gi"}, limits={"memory": "2Gi"}),
    )
    transform = KubernetesPodOperator(
        task_id="transform",
        name="transform",
        image="ghcr.io/acme/transform:2.0.1",
        volumes=[raw_volume],
        volume_mounts=[raw_mount],
    )
    load = KubernetesPodOperator(
        task_id="load",
        name="load",
        image="ghcr.io/acme/load:3.2.0",
        volumes=[raw_volume],
        volume_mounts=[raw_mount_ro],
    )

    extract >> transform >> load
