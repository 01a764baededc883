"""Hand-written anchor for examples/model-training.pipeline.ts: as an Airflow engineer would write it."""

from __future__ import annotations

from datetime import timedelta

import pendulum
from kubernetes.client import models as k8s

from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

try:
    from airflow.sdk import DAG, DeltaTriggerTimetable
except ImportError:
    from airflow import DAG
    from airflow.timetables.trigger import DeltaTriggerTimetable

features_volume = k8s.V1Volume(name="feature-store", persistent_volume_claim=k8s.V1PersistentVolumeClaimVolumeSource(claim_name="feature-store"))
models_volume = k8s.V1Volume(name="models", persistent_volume_claim=k8s.V1PersistentVolumeClaimVolumeSource(claim_name="model-registry"))
gpu_toleration = k8s.V1Toleration(key="nvidia.com/gpu", operator="Exists", effect="NoSchedule")
gpu_node = {"cloud.google.com/gke-accelerator": "nvidia-tesla-a100"}

default_args = {
    "owner": "ml-platform",
    "retries": 1,
    "retry_delay": timedelta(minutes=10),
    "namespace": "ml",
    "service_account_name": "trainer",
    "startup_timeout_seconds": 900,
    "on_finish_action": "delete_pod",
}

with DAG(
    dag_id="churn_model_training",
    description="Retrains the churn model on GPU nodes every 12 hours and evaluates it",
    schedule=DeltaTriggerTimetable(timedelta(hours=12)),
    start_date=pendulum.datetime(2026, 2, 1, tz="UTC"),
    end_date=pendulum.datetime(2026, 12, 31, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["ml", "gpu"],
    default_args=default_args,
) as dag:
    prepare_features = KubernetesPodOperator(
        task_id="prepare_features",
        name="prepare-features",
        image="ghcr.io/acme/features:0.9.3",
        arguments=["--as-of", "{{ data_interval_end }}", "--out", "/features/{{ run_id }}"],
        volumes=[features_volume],
        volume_mounts=[k8s.V1VolumeMount(name="feature-store", mount_path="/features", read_only=False)],
        container_resources=k8s.V1ResourceRequirements(requests={"cpu": "2", "memory": "8Gi"}, limits={"memory": "8Gi"}),
    )
    train = KubernetesPodOperator(
        task_id="train",
        name="train",
        image="ghcr.io/acme/trainer:2.3.0-cuda12",
        cmds=["python", "train.py"],
        arguments=["--features", "/features/{{ run_id }}", "--model-dir", "/models/churn/{{ run_id }}"],
        volumes=[features_volume, models_volume],
        volume_mounts=[
            k8s.V1VolumeMount(name="feature-store", mount_path="/features", read_only=True),
            k8s.V1VolumeMount(name="models", mount_path="/models", sub_path="registry", read_only=False),
        ],
        container_resources=k8s.V1ResourceRequirements(
            requests={"cpu": "8", "memory": "32Gi"},
            limits={"cpu": "8", "memory": "32Gi", "nvidia.com/gpu": "1"},
        ),
        node_selector=gpu_node,
        tolerations=[gpu_toleration],
        affinity={
            "nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {
                    "nodeSelectorTerms": [{"matchExpressions": [{"key": "gpu-memory-gb", "operator": "Gt", "values": ["39"]}]}],
                },
            },
        },
        annotations={"cluster-autoscaler.kubernetes.io/safe-to-evict": "false"},
        execution_timeout=timedelta(hours=4),
        on_finish_action="keep_pod",
    )
    evaluate = KubernetesPodOperator(
        task_id="evaluate",
        name="evaluate",
        image="ghcr.io/acme/trainer:2.3.0-cuda12",
        cmds=["python", "evaluate.py"],
        arguments=["--model-dir", "/models/churn/{{ run_id }}"],
        volumes=[models_volume],
        volume_mounts=[k8s.V1VolumeMount(name="models", mount_path="/models", sub_path="registry", read_only=True)],
        container_resources=k8s.V1ResourceRequirements(limits={"memory": "16Gi", "nvidia.com/gpu": "1"}),
        node_selector=gpu_node,
        tolerations=[gpu_toleration],
    )

    prepare_features >> train >> evaluate
