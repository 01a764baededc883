"""Hand-written anchor for examples/sales-dashboard.pipeline.ts: as an Airflow engineer would write it."""

from __future__ import annotations

from datetime import time, timedelta

import pendulum
from kubernetes.client import models as k8s

from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

try:
    from airflow.providers.standard.operators.trigger_dagrun import TriggerDagRunOperator
    from airflow.providers.standard.sensors.external_task import ExternalTaskSensor
    from airflow.providers.standard.sensors.time import TimeSensor
    from airflow.sdk import DAG, CronDataIntervalTimetable

    deferrable_time_sensor = {"deferrable": True}
except ImportError:
    from airflow import DAG
    from airflow.operators.trigger_dagrun import TriggerDagRunOperator
    from airflow.sensors.external_task import ExternalTaskSensor
    from airflow.sensors.time_sensor import TimeSensorAsync as TimeSensor  # 2.11's deferrable time sensor
    from airflow.timetables.interval import CronDataIntervalTimetable

    deferrable_time_sensor = {}

IMAGE = "ghcr.io/acme/dashboard:2.3.0"

default_args = {
    "owner": "analytics",
    "retries": 1,
    "retry_delay": timedelta(minutes=5),
    "namespace": "analytics",
}

with DAG(
    dag_id="sales_dashboard",
    description="Refreshes the sales dashboard after the nightly ETL has loaded the warehouse",
    schedule=CronDataIntervalTimetable("30 2 * * *", timezone="UTC"),
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["sales", "dashboard"],
    default_args=default_args,
) as dag:
    # The nightly ETL runs at 02:00, this DAG at 02:30: wait for the load of the ETL run 30 minutes earlier.
    wait_for_load = ExternalTaskSensor(
        task_id="wait_for_load",
        external_dag_id="nightly_sales_etl",
        external_task_id="load",
        execution_delta=timedelta(minutes=30),
        timeout=timedelta(hours=4),
        poke_interval=timedelta(minutes=5),
        mode="reschedule",
    )
    refresh = KubernetesPodOperator(
        task_id="refresh",
        name="refresh",
        image=IMAGE,
        arguments=["refresh", "--day", "{{ ds }}"],
        env_vars=[
            k8s.V1EnvVar(
                name="WAREHOUSE_PASSWORD",
                value_from=k8s.V1EnvVarSource(secret_key_ref=k8s.V1SecretKeySelector(name="warehouse-db", key="password")),
            )
        ],
    )
    not_before_six = TimeSensor(task_id="not_before_six", target_time=time(6, 0), timeout=timedelta(hours=12), **deferrable_time_sensor)
    publish = KubernetesPodOperator(task_id="publish", name="publish", image=IMAGE, arguments=["publish", "--day", "{{ ds }}"])
    reprocess_emea = TriggerDagRunOperator(
        task_id="reprocess_emea",
        trigger_dag_id="partitioned_sales",
        conf={"regions": ["emea"], "fullRefresh": True},
    )

    wait_for_load >> refresh >> [not_before_six, reprocess_emea]
    not_before_six >> publish
