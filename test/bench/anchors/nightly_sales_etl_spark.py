"""Hand-written anchor for examples/nightly-sales-etl-spark.pipeline.ts: as an Airflow engineer would write it."""

from __future__ import annotations

from datetime import timedelta

import pendulum
from kubernetes.client import models as k8s

from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator

try:
    from airflow.sdk import DAG, CronDataIntervalTimetable
except ImportError:
    from airflow import DAG
    from airflow.timetables.interval import CronDataIntervalTimetable

raw_volume = k8s.V1Volume(name="etl-raw", persistent_volume_claim=k8s.V1PersistentVolumeClaimVolumeSource(claim_name="etl-raw"))
pull_secrets = [k8s.V1LocalObjectReference(name="ghcr-pull")]

# Settings of the two pod tasks; the Spark application gets its account and pull secrets in its spec.
pod_args = {
    "namespace": "data",
    "service_account_name": "etl-runner",
    "image_pull_secrets": pull_secrets,
    "volumes": [raw_volume],
    "on_finish_action": "delete_pod",
}

spark_env = {
    "env": [{"name": "LOG_LEVEL", "value": "info"}],
    "envFrom": [{"configMapRef": {"name": "etl-config"}, "prefix": "ETL_"}],
    "volumeMounts": [{"name": "etl-raw", "mountPath": "/data"}],
}

default_args = {
    "owner": "data-platform",
    "retries": 2,
    "retry_delay": timedelta(minutes=5),
}

with DAG(
    dag_id="nightly_sales_etl_spark",
    description="Orders from the shop database, cleaned and aggregated by Spark, loaded into the warehouse",
    schedule=CronDataIntervalTimetable("30 2 * * *", timezone="UTC"),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["sales", "etl", "spark"],
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
            k8s.V1EnvVar(name="DB_USER", value_from=k8s.V1EnvVarSource(secret_key_ref=k8s.V1SecretKeySelector(name="shop-db", key="username"))),
            k8s.V1EnvVar(name="DB_PASSWORD", value_from=k8s.V1EnvVarSource(secret_key_ref=k8s.V1SecretKeySelector(name="shop-db", key="password"))),
        ],
        volume_mounts=[k8s.V1VolumeMount(name="etl-raw", mount_path="/data", read_only=False)],
        container_resources=k8s.V1ResourceRequirements(requests={"cpu": "500m", "memory": "1Gi"}, limits={"memory": "2Gi"}),
        **pod_args,
    )
    transform = SparkKubernetesOperator(
        task_id="transform",
        name="transform",
        namespace="data",
        template_spec={
            "apiVersion": "sparkoperator.k8s.io/v1beta2",
            "kind": "SparkApplication",
            "metadata": {"name": "transform", "namespace": "data"},
            "spec": {
                "type": "Python",
                "sparkVersion": "3.5.5",
                "image": "ghcr.io/acme/sales-spark:3.5.5-2",
                "imagePullSecrets": ["ghcr-pull"],
                "mainApplicationFile": "local:///opt/app/sales/transform.py",
                "arguments": ["--in", "/data/raw/{{ ds }}", "--out", "/data/clean/{{ ds }}", "--format=parquet"],
                "sparkConf": {"spark.sql.shuffle.partitions": "64", "spark.sql.sources.partitionOverwriteMode": "dynamic"},
                "deps": {"pyFiles": ["local:///opt/app/sales/lib.zip"]},
                "restartPolicy": {"type": "Never"},
                "timeToLiveSeconds": 86400,
                "dynamicAllocation": {"enabled": True, "minExecutors": 1, "maxExecutors": 8, "initialExecutors": 2},
                "volumes": [{"name": "etl-raw", "persistentVolumeClaim": {"claimName": "etl-raw"}}],
                "driver": {"cores": 1, "memory": "2g", "serviceAccount": "spark-operator-spark", **spark_env, "labels": {"role": "driver"}},
                "executor": {"cores": 2, "memory": "4g", "memoryOverhead": "1g", "serviceAccount": "spark-operator-spark", **spark_env},
            },
        },
        execution_timeout=timedelta(hours=2),
        pool="spark",
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
        pool="warehouse",
        **pod_args,
    )

    extract >> transform >> load
