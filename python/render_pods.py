"""The pods Airflow would create for one run of a DAG: `airflow-ts render` runs this in the virtualenv that
`airflow-ts env setup` made from the committed lock.

    python render_pods.py < request.json > pods.json

request: {"dag_id": ..., "tasks": [task_id, ...] or null (all), "date": logical date, "params": {name: value},
"xcom": {task_id: the result it pushed}}
answer (last line of stdout): {"airflow_version", "run": {...}, "pods": {task_id or task_id[i]: pod JSON},
"skipped": {task_id: why},
"error": message or null}

Each task is rendered as `airflow tasks render` renders it (the CLI's task_command._get_ti with an in-memory run,
the template context, render_template_fields), the run's params merged with the given ones and validated as a
trigger's conf is (ParamsDict.update, then validate), then the operator's own build_pod_request_obj() builds the pod (the Kubernetes hook
patched: no cluster is needed). A task mapped over a list written in the pipeline is rendered once per item (its map
index, unmapped with the item's arguments). The results of upstream tasks come from the request's "xcom" (a render
has no earlier run to pull them from): a task mapped over a given result is rendered once per item of it (the
pipeline's item function applied, as Airflow applies it), and a template's `ti.xcom_pull(task_ids=...)` reads it. A
task that needs a result not given is skipped, with the result it needs. Needs AIRFLOW_HOME with a migrated metadata
DB and AIRFLOW__CORE__DAGS_FOLDER.
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


def plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return repr(value)


def pod_of(operator, context):
    from kubernetes.client import ApiClient

    with mock.patch("airflow.providers.cncf.kubernetes.operators.pod.KubernetesHook") as hook_class:
        hook = hook_class.return_value
        hook.is_in_cluster = False
        hook.get_namespace.return_value = None
        hook.get_xcom_sidecar_container_image.return_value = None
        hook.get_xcom_sidecar_container_resources.return_value = None
        pod = operator.build_pod_request_obj(context)
    return ApiClient().sanitize_for_serialization(pod)


def load(dag_id):
    if AIRFLOW_3:
        from airflow.utils.cli import get_bagged_dag, get_db_dag

        return get_bagged_dag(None, dag_id), get_db_dag(None, dag_id)
    from airflow.utils.cli import get_dag

    return get_dag(None, dag_id), None


class MissingResult(Exception):
    """A render needs the result of an upstream task that the request does not give."""

    def __init__(self, task_id):
        super().__init__(task_id)
        self.task_id = task_id


def mapped_items(task, xcom):
    """The argument lists of a mapped task: the list written in the pipeline, or the given upstream result with the
    item functions applied (`upstream.output.map(fn)`), as Airflow applies them to each element."""
    arguments = task.expand_input.value.get("arguments")
    if isinstance(arguments, (list, tuple)):
        return [list(item) for item in arguments]
    source = getattr(arguments, "arg", arguments)  # MapXComArg(arg=PlainXComArg, callables) or the PlainXComArg
    callables = getattr(arguments, "callables", ())
    upstream = source.operator.task_id
    if upstream not in xcom:
        raise MissingResult(upstream)
    items = []
    for value in xcom[upstream]:
        for function in callables:
            value = function(value)
        items.append(list(value))
    return items


def given_results(xcom):
    """`ti.xcom_pull` for a render: the request's results by task id, never the metadata DB or the task runner."""

    def xcom_pull(self=None, task_ids=None, key="return_value", *args, **kwargs):
        if key != "return_value":
            raise MissingResult(f"{task_ids} (XCom key {key})")
        ids = [task_ids] if isinstance(task_ids, str) else list(task_ids or [])
        for task_id in ids:
            if task_id not in xcom:
                raise MissingResult(task_id)
        return xcom[task_ids] if isinstance(task_ids, str) else [xcom[t] for t in ids]

    return xcom_pull


def with_results(context, xcom):
    """The context with its task instance's xcom_pull answering from the given results."""
    pull = given_results(xcom)
    for name in ("ti", "task_instance"):
        ti = context.get(name)
        if ti is not None:
            try:
                object.__setattr__(ti, "xcom_pull", pull)
            except (AttributeError, TypeError, ValueError):
                context[name] = ResultsProxy(ti, pull)
    return context


class ResultsProxy:
    """A task instance whose xcom_pull answers from the given results; everything else is the real one."""

    def __init__(self, ti, pull):
        self._ti = ti
        self.xcom_pull = pull

    def __getattr__(self, name):
        return getattr(self._ti, name)


def render_pod(dag, scheduler_dag, task_id, date, params, xcom, map_index=-1, item=None):
    """One pod; for a mapped task, the instance `map_index`, unmapped with its item's arguments."""
    dag = copy.deepcopy(dag)  # rendering changes the task in place
    task = dag.get_task(task_id)
    if item is not None:
        task = task.unmap({"arguments": item})
    if AIRFLOW_3:
        from airflow.cli.commands.task_command import _get_template_context, _get_ti

        ti, _ = _get_ti(scheduler_dag.get_task(task_id), map_index, logical_date_or_run_id=date, create_if_necessary="memory")
        context = with_results(_get_template_context(ti, task), xcom)
        context["params"] = run_params(dag, params)
        task.render_template_fields(context)
        return pod_of(context["task"], context), ti.dag_run
    from airflow.cli.commands.task_command import _get_ti
    from airflow.models.taskinstance import set_current_task_instance_session
    from airflow.utils.session import create_session

    ti, _ = _get_ti(dag.get_task(task_id), map_index, exec_date_or_run_id=date, create_if_necessary="memory")
    ti.task = task
    with create_session() as session, set_current_task_instance_session(session=session):
        context = with_results(ti.get_template_context(session=session), xcom)
        context["params"] = run_params(dag, params)
        ti.render_templates(context=context)
    return pod_of(ti.task, context), ti.dag_run


def run_params(dag, given):
    """The run's params as a trigger with this conf gets them: the DAG's Params updated, then validated."""
    params = copy.deepcopy(dag.params)
    if hasattr(params, "deep_merge"):  # the scheduler's (serialized) params
        params = params.deep_merge(given)
    else:  # the SDK's ParamsDict: setting a value validates it against its Param
        params.update(given)
    return params.validate()


def needs(missing, how):
    return f"{how} the result of {missing.task_id}, which a render has no run to pull from: give it with --xcom {missing.task_id}=<json>"


def run_of(dag_run):
    logical = dag_run.logical_date if AIRFLOW_3 else dag_run.execution_date
    return {"run_id": dag_run.run_id, "logical_date": plain(logical), "data_interval_start": plain(dag_run.data_interval_start), "data_interval_end": plain(dag_run.data_interval_end)}


def main(request):
    answer = {"airflow_version": airflow.__version__, "run": None, "pods": {}, "skipped": {}, "error": None}
    dag, scheduler_dag = load(request["dag_id"])
    task_ids = request.get("tasks") or list(dag.task_ids)
    params = request.get("params") or {}
    xcom = request.get("xcom") or {}
    for task_id in task_ids:
        task = dag.get_task(task_id)
        # (key in the answer, map index, the item's arguments)
        instances = [(task_id, -1, None)]
        if type(task).__name__ == "MappedOperator":
            try:
                items = mapped_items(task, xcom)
            except MissingResult as missing:
                answer["skipped"][task_id] = needs(missing, "is mapped over")
                continue
            instances = [(f"{task_id}[{i}]", i, item) for i, item in enumerate(items)]
        for key, map_index, item in instances:
            try:
                pod, dag_run = render_pod(dag, scheduler_dag, task_id, request["date"], params, xcom, map_index, item)
            except MissingResult as missing:
                answer["skipped"][key] = needs(missing, "reads")
                continue
            except Exception as error:  # a param Airflow refuses, a template that fails: Airflow's own message
                answer["error"] = f"{key}: {type(error).__name__}: {error}"
                return answer
            answer["pods"][key] = pod
            answer["run"] = run_of(dag_run)
    return answer


if __name__ == "__main__":
    logging.disable(logging.WARNING)
    warnings.simplefilter("ignore")
    print(json.dumps(main(json.load(sys.stdin)), sort_keys=True))
