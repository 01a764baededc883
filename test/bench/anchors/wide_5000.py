"""Hand-written anchor: 5,000 pod tasks, 100 chains of 50, chains 1-99 fanned out from the first task of chain 0."""

from __future__ import annotations

import pendulum
from kubernetes.client import models as k8s

from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

try:
    from airflow.sdk import DAG, CronTriggerTimetable
except ImportError:
    from airflow import DAG
    from airflow.timetables.trigger import CronTriggerTimetable

env_vars = [
    k8s.V1EnvVar(name="DB_PASSWORD", value_from=k8s.V1EnvVarSource(secret_key_ref=k8s.V1SecretKeySelector(name="db", key="password"))),
    k8s.V1EnvVar(name="MODE", value="batch"),
]
raw_volume = k8s.V1Volume(name="raw", persistent_volume_claim=k8s.V1PersistentVolumeClaimVolumeSource(claim_name="raw"))
raw_mount = k8s.V1VolumeMount(name="raw", mount_path="/data", read_only=False)
resources = k8s.V1ResourceRequirements(requests={"cpu": "250m", "memory": "512Mi"}, limits={"memory": "1Gi"})

default_args = {"retries": 2, "on_finish_action": "delete_pod"}

with DAG(
    dag_id="wide_5000",
    schedule=CronTriggerTimetable("0 2 * * *", timezone="UTC"),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    default_args=default_args,
) as dag:
    heads = []
    for c in range(100):
        previous = None
        for t in range(50):
            task = KubernetesPodOperator(
                task_id=f"c{c}_t{t}",
                name=f"c{c}-t{t}",
                image=f"ghcr.io/acme/step:1.{t}",
                arguments=["--date", "{{ ds }}", "--chain", str(c), "--step", str(t)],
                env_vars=list(env_vars),  # the operator extends its env list: one per task
                volumes=[raw_volume],
                volume_mounts=[raw_mount],
                container_resources=resources,
            )
            if previous is not None:
                previous >> task
            else:
                heads.append(task)
            previous = task
    heads[0] >> heads[1:]
