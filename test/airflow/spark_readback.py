"""The SparkApplication each SparkKubernetesOperator task would submit, from the operator's own code, as JSON.

    python spark_readback.py <output.json> --render-at <date> [--dags <id,id,...>]

Needs AIRFLOW_HOME with a migrated metadata DB and AIRFLOW__CORE__DAGS_FOLDER (see airflowWorkspace in
airflow-env.ts); Airflow 2.11 and 3.x. For every Spark task of every DAG: its templates are rendered for <date> as
`airflow tasks render` renders them (render_runs.py's way), then the rendered operator runs what `execute` runs
before it waits: `create_job_name()` and `_setup_spark_configuration(context)`, which build the body through
CustomObjectLauncher (SparkJobSpec) and submit it with `create_namespaced_custom_object`. The Kubernetes clients are
patched (no pods to reattach to, the application reported RUNNING), so no cluster is needed; the body handed to
`create_namespaced_custom_object` is what this prints, with the run it was rendered for. --dags: only these DAGs
(the property round trip's batches hold many without Spark tasks). A task whose rendering or submission raises is
reported with its error, so one bad case does not hide the others.
"""

from __future__ import annotations

import copy
import json
import logging
import sys
import warnings
from unittest import mock

import airflow

AIRFLOW_3 = int(airflow.__version__.split(".")[0]) >= 3


def rendered_task(dag, scheduler_dag, task_id, date):
    """The task rendered for `date`, and its template context."""
    dag = copy.deepcopy(dag)
    task = dag.get_task(task_id)
    if AIRFLOW_3:
        from airflow.cli.commands.task_command import _get_template_context, _get_ti

        ti, _ = _get_ti(scheduler_dag.get_task(task_id), -1, logical_date_or_run_id=date, create_if_necessary="memory")
        context = _get_template_context(ti, task)
        task.render_template_fields(context)
        return context["task"], context
    from airflow.cli.commands.task_command import _get_ti
    from airflow.models.taskinstance import set_current_task_instance_session
    from airflow.utils.session import create_session

    ti, _ = _get_ti(task, -1, exec_date_or_run_id=date, create_if_necessary="memory")
    with create_session() as session, set_current_task_instance_session(session=session):
        context = ti.get_template_context(session=session)
        ti.render_templates(context=context)
    return ti.task, context


def submitted_body(operator, context):
    """What the operator hands the API server, through its own code path."""
    submitted = []

    def create(**kwargs):
        submitted.append({k: v for k, v in kwargs.items() if k != "body"} | {"body": copy.deepcopy(kwargs["body"])})
        body = kwargs["body"]
        return {"metadata": {"name": body["metadata"]["name"]}, "spec": {"driver": {"labels": body["spec"]["driver"].get("labels")}}}

    custom = mock.Mock()
    custom.create_namespaced_custom_object.side_effect = create
    custom.get_namespaced_custom_object_status.return_value = {"status": {"applicationState": {"state": "RUNNING"}}}
    core = mock.Mock()
    core.list_namespaced_pod.return_value.items = []
    # The cached properties the operator reads its clients from.
    operator.__dict__["client"] = core
    operator.__dict__["custom_obj_api"] = custom
    operator.name = operator.create_job_name()
    operator._setup_spark_configuration(context)
    assert len(submitted) == 1, submitted
    return submitted[0]


def main(output, args):
    from airflow.models import DagBag

    from render_runs import load, run_of

    render_at = args[args.index("--render-at") + 1]
    only = set(args[args.index("--dags") + 1].split(",")) if "--dags" in args else None
    result = {"airflow_version": airflow.__version__, "tasks": {}}
    bag = DagBag()
    for dag_id in sorted(bag.dag_ids if only is None else only):
        dag, scheduler_dag = load(dag_id, bag.dags[dag_id].fileloc)
        for task in dag.tasks:
            if type(task).__name__ != "SparkKubernetesOperator":
                continue
            try:
                operator, context = rendered_task(dag, scheduler_dag, task.task_id, render_at)
                submitted = submitted_body(operator, context)
            except Exception as error:  # noqa: BLE001 - reported per task, as the round trip reports per case
                result["tasks"][f"{dag_id}.{task.task_id}"] = {"error": f"{type(error).__name__}: {error}"}
                continue
            result["tasks"][f"{dag_id}.{task.task_id}"] = {
                "run": run_of(context["dag_run"]),
                "call": {k: v for k, v in submitted.items() if k != "body"},
                "body": submitted["body"],
                "operator": {
                    "name": operator.name,
                    "namespace": operator.namespace,
                    "delete_on_termination": operator.delete_on_termination,
                    "startup_timeout_seconds": operator.startup_timeout_seconds,
                    "retries": operator.retries,
                    "pool": operator.pool,
                    "owner": operator.owner,
                },
            }
    with open(output, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=1, sort_keys=True)


if __name__ == "__main__":
    sys.path.insert(0, __import__("os").path.dirname(__file__))
    logging.disable(logging.WARNING)
    warnings.simplefilter("ignore")
    main(sys.argv[1], sys.argv[2:])
