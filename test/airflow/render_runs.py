"""Render templated fields and list backfill runs with Airflow's own code, as JSON.

    python render_runs.py <output.json> --render-at <date> [--dags <id,id,...>] [--backfill <dag_id> <from> <to>]

--render-at: every task of every DAG in the DAGs folder is rendered as `airflow tasks render <dag> <task> <date>`
    renders it: the CLI's own helpers (task_command._get_ti with create_if_necessary="memory", then the
    template context and render_template_fields), one process for all tasks instead of one CLI start per task.
--backfill: Airflow's backfill dry run for one DAG, through the function the CLI calls
    (3.x: models.backfill._do_dry_run, as `airflow backfill create --dry-run`; 2.x: DAG.iter_dagrun_infos_between,
    as `airflow dags backfill --dry-run`), and every task rendered for every run with that run's own data
    interval and run id, as a backfilled run renders it.

Needs AIRFLOW_HOME with a migrated metadata DB and AIRFLOW__CORE__DAGS_FOLDER; Airflow 2.11 and 3.x.
"""

from __future__ import annotations

import copy
import json
import logging
import sys
import warnings

import airflow

AIRFLOW_3 = int(airflow.__version__.split(".")[0]) >= 3


def plain(value):
    """A rendered value as JSON: Kubernetes models in API form (camelCase), datetimes in ISO 8601."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    if hasattr(value, "openapi_types"):
        from kubernetes.client import ApiClient

        return ApiClient().sanitize_for_serialization(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return repr(value)


def run_of(dag_run):
    logical = dag_run.logical_date if AIRFLOW_3 else dag_run.execution_date
    return {
        "run_id": dag_run.run_id,
        "logical_date": plain(logical),
        "data_interval_start": plain(dag_run.data_interval_start),
        "data_interval_end": plain(dag_run.data_interval_end),
    }


def load(dag_id, dagfile_path=None):
    """The DAG as the CLI loads it; on 3.x also the scheduler's (serialized) DAG, which this writes to the DB.

    dagfile_path: parse only this file (the CLI's `--subdir`/bundle file path), not the whole DAGs folder, which the
    CLI parses (and on 3.x syncs to the DB) again for every DAG it loads.
    """
    if AIRFLOW_3:
        from airflow.utils.cli import get_bagged_dag, get_db_dag

        return get_bagged_dag(None, dag_id, dagfile_path), get_db_dag(None, dag_id)
    from airflow.utils.cli import get_dag

    return get_dag(dagfile_path, dag_id), None


def render(dag, scheduler_dag, task_id, *, date=None, run_info=None):
    """One task's templated fields, rendered for `date` (as `tasks render`) or for a backfill run."""
    dag = copy.deepcopy(dag)  # rendering changes the task (and its Kubernetes objects) in place
    task = dag.get_task(task_id)
    if AIRFLOW_3:
        from airflow.cli.commands.task_command import _get_template_context, _get_ti

        if run_info is None:
            ti, _ = _get_ti(scheduler_dag.get_task(task_id), -1, logical_date_or_run_id=date, create_if_necessary="memory")
        else:
            ti = backfill_task_instance_3(scheduler_dag, task_id, run_info)
        context = _get_template_context(ti, task)
        task.render_template_fields(context)
        rendered, dag_run = context["task"], ti.dag_run
    else:
        from airflow.cli.commands.task_command import _get_ti
        from airflow.models.taskinstance import set_current_task_instance_session
        from airflow.utils.session import create_session

        if run_info is None:
            ti, _ = _get_ti(task, -1, exec_date_or_run_id=date, create_if_necessary="memory")
        else:
            ti = backfill_task_instance_2(dag, task, run_info)
        with create_session() as session, set_current_task_instance_session(session=session):
            context = ti.get_template_context(session=session)
            context["triggering_dataset_events"] = triggering_dataset_events(ti.dag_run)
            ti.render_templates(context=context)
        rendered, dag_run = ti.task, ti.dag_run
    return {"run": run_of(dag_run), "fields": {name: plain(getattr(rendered, name)) for name in rendered.template_fields}}


def triggering_dataset_events(dag_run):
    """Airflow 2.11's `triggering_dataset_events`, built as its task instance builds it (models/taskinstance.py,
    `get_triggering_events`): the run's consumed dataset events by URI, in a defaultdict(list). Airflow first merges
    the run into the session with load=False, which SQLAlchemy refuses for the unpersisted run `tasks render` makes
    (the CLI fails there too); this run's own events are read instead: none, for a run no dataset triggered."""
    from collections import defaultdict

    events = defaultdict(list)
    for event in dag_run.consumed_dataset_events:
        if event.dataset:
            events[event.dataset.uri].append(event)
    return events


def backfill_task_instance_3(scheduler_dag, task_id, info):
    """The task instance of a backfill run: _get_ti's in-memory run, with the run's own interval and id."""
    from airflow.models.dag_version import DagVersion
    from airflow.models.dagrun import DagRun
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session
    from airflow.utils.state import DagRunState
    from airflow.utils.types import DagRunType

    run = DagRun(
        dag_id=scheduler_dag.dag_id,
        run_id=DagRun.generate_run_id(run_type=DagRunType.BACKFILL_JOB, logical_date=info.logical_date, run_after=info.run_after),
        run_type=DagRunType.BACKFILL_JOB,
        logical_date=info.logical_date,
        data_interval=info.data_interval,
        run_after=info.run_after,
        state=DagRunState.RUNNING,
    )
    task = scheduler_dag.get_task(task_id)
    with create_session() as session:
        version = DagVersion.get_latest_version(scheduler_dag.dag_id, session=session)
        ti = TaskInstance(task, run_id=run.run_id, map_index=-1, dag_version_id=version.id)
        ti.dag_run = run
        ti.refresh_from_task(task)
        ti.dag_model  # noqa: B018 -- loaded eagerly, as the CLI does
        session.expunge_all()
    return ti


def backfill_task_instance_2(dag, task, info):
    """As `airflow dags backfill --dry-run` builds it, with the run id a backfill run gets (the CLI passes None)."""
    from airflow.models import DagRun, TaskInstance
    from airflow.utils.types import DagRunType

    run_id = DagRun.generate_run_id(DagRunType.BACKFILL_JOB, info.logical_date)
    run = DagRun(dag.dag_id, run_id=run_id, execution_date=info.logical_date, data_interval=info.data_interval, run_type=DagRunType.BACKFILL_JOB)
    ti = TaskInstance(task, run_id=run_id)
    ti.dag_run = run
    return ti


def backfill_runs(dag, start, end):
    from airflow.utils import timezone

    start, end = timezone.parse(start), timezone.parse(end)  # as the CLIs parse --from-date/--to-date
    if AIRFLOW_3:
        from airflow.models.backfill import ReprocessBehavior, _do_dry_run
        from airflow.utils.session import create_session

        with create_session() as session:
            return list(_do_dry_run(dag_id=dag.dag_id, from_date=start, to_date=end, reverse=False, reprocess_behavior=ReprocessBehavior.NONE, session=session))
    return list(dag.iter_dagrun_infos_between(earliest=start, latest=end))


def main(output, args):
    result = {"airflow_version": airflow.__version__, "rendered": {}, "backfill": None}
    render_at = args[args.index("--render-at") + 1]
    from airflow.models import DagBag

    only = set(args[args.index("--dags") + 1].split(",")) if "--dags" in args else None
    for dag_id in sorted(DagBag().dag_ids):
        if only is not None and dag_id not in only:
            continue
        dag, scheduler_dag = load(dag_id)
        result["rendered"][dag_id] = {task_id: render(dag, scheduler_dag, task_id, date=render_at) for task_id in dag.task_ids}
    if "--backfill" in args:
        at = args.index("--backfill")
        dag_id, start, end = args[at + 1 : at + 4]
        dag, scheduler_dag = load(dag_id)
        runs = backfill_runs(scheduler_dag or dag, start, end)
        result["backfill"] = {
            "logical_dates": [plain(info.logical_date) for info in runs],
            "runs": [{task_id: render(dag, scheduler_dag, task_id, run_info=info) for task_id in dag.task_ids} for info in runs],
        }
    with open(output, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=1, sort_keys=True)


if __name__ == "__main__":
    logging.disable(logging.WARNING)
    warnings.simplefilter("ignore")
    main(sys.argv[1], sys.argv[2:])
