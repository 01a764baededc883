"""What real Airflow makes of groups, mapped tasks, results (XCom) and templates in generated DAGs, as JSON.

    python typed_airflow.py <dag_folder> <input.json> <output.json>

input.json: {"date": "<logical date, ISO>", "interval_end": "<ISO>", "run_id": "...", "xcoms": {"<dag>": {"<task>": value}},
             "items": {"<dag>": {"<task>": [upstream result items]}}}

For every DAG loaded by DagBag (and round-tripped through the scheduler's serialization): its task groups, and for
every task its group, whether it is mapped and over what, do_xcom_push, upstream ids and the parallel cap. Then every
templated field is rendered by the operator's own render_template_fields with Airflow's Jinja environment and a run
context whose `ti.xcom_pull` answers from input.json. A mapped task is unmapped (MappedOperator.unmap) once per
instance: over its literal list, or over the given items passed through the generated item function that the
DAG's expand input holds, and each instance is rendered. Airflow 2.11 and 3.x, no metadata DB needed.
"""

from __future__ import annotations

import collections
import copy
import json
import sys

import pendulum


class RunTaskInstance:
    """The `ti` of a run context: XCom pulls answer from the given results, as the sidecar pushed them."""

    def __init__(self, xcoms):
        self.xcoms = xcoms
        self.map_index = -1
        self.try_number = 1

    def xcom_pull(self, task_ids=None, key="return_value", **_):
        assert key == "return_value", key
        return self.xcoms[task_ids]


def param_value(dag, name):
    """The param's default as a run without conf gets it; None for a param the form must fill in."""
    try:
        return dag.params[name]
    except Exception:  # ParamValidationError: its module differs between the lines
        return None


def plain(value):
    """A rendered value as JSON holds it."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    return str(value)


def context_for(dag, task, run):
    import airflow.macros

    logical = pendulum.parse(run["date"])
    end = pendulum.parse(run["interval_end"])
    ti = RunTaskInstance(run["xcoms"].get(dag.dag_id, {}))
    params = {name: param_value(dag, name) for name in dag.params}
    return {
        "dag": dag,
        "task": task,
        "ti": ti,
        "task_instance": ti,
        "params": params,
        "macros": airflow.macros,
        "run_id": run["run_id"],
        "ds": logical.to_date_string(),
        "ds_nodash": logical.format("YYYYMMDD"),
        "ts": logical.isoformat(),
        "ts_nodash": logical.format("YYYYMMDDTHHmmss"),
        "logical_date": logical,
        "data_interval_start": logical,
        "data_interval_end": end,
        # A run no asset event triggered: the line's triggering-events mapping is there, and empty.
        # (2.11 builds it as a defaultdict(list); Airflow 3's accessor answers an empty list for an asset too).
        ("triggering_asset_events" if int(airflow.__version__.split(".")[0]) >= 3 else "triggering_dataset_events"): collections.defaultdict(list),
    }


def rendered(dag, task, run):
    """The operator's templated fields after Airflow's own rendering, in the pod's terms."""
    task = copy.deepcopy(task)
    task.render_template_fields(context_for(dag, task, run))
    if type(task).__name__ in ("BranchPythonOperator", "ShortCircuitOperator"):
        # A branch's data, as its function receives it: PythonOperator renders op_kwargs.
        return {"op_kwargs": task.op_kwargs}
    if not hasattr(task, "build_pod_request_obj"):
        # A wait or a trigger launches no pod: its own templated fields, rendered (test/airflow/waits.test.ts reads
        # the rest of them back).
        return {"fields": {name: plain(getattr(task, name, None)) for name in task.template_fields}}
    env = {}
    for e in task.env_vars or []:
        env[e.name] = e.value if e.value is not None else "<from " + ("secret" if e.value_from.secret_key_ref else "configMap") + ">"
    return {"image": task.image, "cmds": task.cmds, "arguments": task.arguments, "env": env, "labels": task.labels}


def mapping_of(task, items):
    """Over what a mapped task expands, and the `arguments` of each instance."""
    arguments = task.expand_input.value["arguments"]
    if isinstance(arguments, (list, tuple)):
        return {"kind": "static", "instances": [list(a) for a in arguments]}
    source = arguments.arg
    return {
        "kind": "result",
        "source": source.operator.task_id,
        "key": source.key,
        "instances": [arguments.callables[0](item) for item in items],
    }


def group_of(task):
    group = task.task_group
    return None if group is None or group.group_id is None else group.group_id


def groups_of(dag):
    out = {}
    for group_id, group in dag.task_group.get_task_group_dict().items():
        if group_id is None:
            continue
        parent = group.parent_group
        out[group_id] = {
            "tooltip": group.tooltip,
            "parent": parent.group_id if parent is not None else None,
            "children": sorted(group.children),
        }
    return out


def serialized(dag):
    """The DAG as the scheduler and UI get it: serialized to JSON and back."""
    try:
        from airflow.serialization.serialized_objects import DagSerialization as Serialization
    except ImportError:
        from airflow.serialization.serialized_objects import SerializedDAG as Serialization
    return Serialization.from_dict(json.loads(json.dumps(Serialization.to_dict(dag))))


def inspect(dag, run):
    items = run["items"].get(dag.dag_id, {})
    scheduler_dag = serialized(dag)
    tasks = {}
    for task in dag.tasks:
        mapped = type(task).__name__ == "MappedOperator"
        entry = {
            "group": group_of(task),
            "mapped": mapped,
            "do_xcom_push": task.partial_kwargs.get("do_xcom_push", False) if mapped else task.do_xcom_push,
            "upstream": sorted(task.upstream_task_ids),
            "max_active_tis_per_dagrun": task.max_active_tis_per_dagrun,
            "serialized_upstream": sorted(scheduler_dag.get_task(task.task_id).upstream_task_ids),
        }
        if mapped:
            mapping = mapping_of(task, items.get(task.task_id, []))
            entry["mapping"] = mapping
            entry["instances"] = [rendered(dag, task.unmap({"arguments": arguments}), run) for arguments in mapping["instances"]]
        else:
            entry["rendered"] = rendered(dag, task, run)
        tasks[task.task_id] = entry
    return {"groups": groups_of(dag), "serialized_groups": sorted(k for k in scheduler_dag.task_group.get_task_group_dict() if k), "tasks": tasks}


def main(folder, input_path, output):
    import airflow
    from inspect_dags import load_dag_bag  # this folder: the same DagBag the other real-Airflow tests load

    run = json.load(open(input_path))
    bag = load_dag_bag(folder)
    result = {
        "airflow_version": airflow.__version__,
        "import_errors": {k: str(v) for k, v in bag.import_errors.items()},
        "dags": {dag_id: inspect(dag, run) for dag_id, dag in sorted(bag.dags.items())},
    }
    with open(output, "w") as f:
        json.dump(result, f, indent=1, sort_keys=True, default=str)


if __name__ == "__main__":
    main(*sys.argv[1:4])
