"""Hand-written anchor for examples/daily-report.pipeline.ts: as an Airflow engineer would write it."""

from __future__ import annotations

from datetime import timedelta

import pendulum
from kubernetes.client import models as k8s

from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

DAILY_SALES_URI = "postgres://warehouse/analytics/daily_sales"
DAILY_SALES_EXTRA = {"grain": "day x product x region", "owner": "data-platform"}

try:
    from airflow.sdk import DAG, Asset

    daily_sales = Asset(name="analytics.daily_sales", uri=DAILY_SALES_URI, group="warehouse", extra=DAILY_SALES_EXTRA)
except ImportError:
    from airflow import DAG
    from airflow.datasets import Dataset

    daily_sales = Dataset(DAILY_SALES_URI, extra=DAILY_SALES_EXTRA)

# The run id of the ETL run whose event of the table started this run (Airflow 3: triggering_asset_events, keyed by
# asset; 2.11: triggering_dataset_events, keyed by URI).
LOADED_BY = (
    "{{ ((triggering_asset_events.items() | selectattr('0.uri', 'equalto', '" + DAILY_SALES_URI + "') | map(attribute='1')"
    " | sum(start=[])) if triggering_asset_events is defined else triggering_dataset_events['" + DAILY_SALES_URI + "'])"
    " | map(attribute='source_run_id') | list | last | default('', true) }}"
)

with DAG(
    dag_id="daily_sales_report",
    description="The sales report, rendered when analytics.daily_sales has been refreshed",
    schedule=daily_sales,
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    tags=["sales", "report"],
) as dag:
    render_report = KubernetesPodOperator(
        task_id="render_report",
        name="render-report",
        image="ghcr.io/acme/sales-report:1.3.0",
        arguments=["--table", "analytics.daily_sales", "--loaded-by", LOADED_BY],
        container_resources=k8s.V1ResourceRequirements(requests={"cpu": "250m", "memory": "512Mi"}, limits={"memory": "1Gi"}),
        namespace="analytics",
        owner="analytics",
        retries=2,
        retry_delay=timedelta(minutes=10),
    )
