"""
Branches in real Airflow (stdin: JSON {"folder", "modules": [...], "runs": [{"dag_id", "results": {task_id: result}}]}).

For every DAG of the folder: each task's operator, trigger rule and direct downstream ids as the loaded DAG holds
them and as the serialized DAG (what the scheduler and UI read) holds them; a branch's function and data too.
Then each run: `dag.test()` with every KubernetesPodOperator replaced by the result it would push (its execute
returns `results[task_id]`, which the task runner pushes as its XCom), and the state each task ended in.
`modules`: whether each module has both operators (the lines' descriptors name them).
Prints one JSON line: {"modules": {...}, "import_errors": {...}, "dags": {...}, "runs": [...]}.
"""

import json
import sys
import warnings

import pendulum

BRANCH_OPERATORS = ("BranchPythonOperator", "ShortCircuitOperator")


def value(x):
    return getattr(x, "value", x)


def loaded_task(task):
    out = {
        "operator": type(task).__name__,
        "trigger_rule": str(value(task.trigger_rule)),
        "downstream": sorted(task.downstream_task_ids),
    }
    if out["operator"] in BRANCH_OPERATORS:
        out["python_callable"] = task.python_callable.__name__
        out["op_kwargs"] = task.op_kwargs
        out["ignore_downstream_trigger_rules"] = getattr(task, "ignore_downstream_trigger_rules", None)
        out["do_xcom_push"] = task.do_xcom_push
    return out


def serialized_dag(dag):
    """The DAG as the scheduler and UI get it: serialized to JSON and read back."""
    try:  # Airflow 3
        from airflow.serialization.serialized_objects import DagSerialization as Serialization
    except ImportError:  # Airflow 2.11
        from airflow.serialization.serialized_objects import SerializedDAG as Serialization

    data = json.loads(json.dumps(Serialization.to_dict(dag)))
    return Serialization.from_dict(data)


def serialized_task(task):
    return {
        "operator": task.task_type,
        "trigger_rule": str(value(task.trigger_rule)),
        "downstream": sorted(task.downstream_task_ids),
    }


def run(dag, results, day):
    from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

    def execute(self, context, **_sentinel):  # 2.11's execute guard passes a sentinel keyword
        return results.get(self.task_id)

    original = KubernetesPodOperator.execute
    KubernetesPodOperator.execute = execute
    try:
        # A date per run: re-running a date makes 2.11 delete the old run, which trips over its FAB user table.
        when = pendulum.datetime(2026, 1, 1, tz="UTC").add(days=day)
        # The run's date is `logical_date` on Airflow 3, `execution_date` on 2.11.
        dag_run = dag.test(logical_date=when) if "logical_date" in dag.test.__code__.co_varnames else dag.test(execution_date=when)
    finally:
        KubernetesPodOperator.execute = original
    return {ti.task_id: str(value(ti.state)) for ti in dag_run.get_task_instances()}


def has_operators(module):
    """Whether the module (a line descriptor's `pythonOperators`) has both operators."""
    import importlib

    try:
        loaded = importlib.import_module(module)
    except ImportError:
        return False
    return all(hasattr(loaded, name) for name in BRANCH_OPERATORS)


def main():
    request = json.load(sys.stdin)
    modules = {m: has_operators(m) for m in request.get("modules", [])}
    from airflow.models import DagBag

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bag = DagBag(dag_folder=request["folder"], safe_mode=False, **({"include_examples": False} if "include_examples" in DagBag.__init__.__code__.co_varnames else {}))
    dags = {}
    for dag_id, dag in sorted(bag.dags.items()):
        serialized = serialized_dag(dag)
        dags[dag_id] = {
            "loaded": {t.task_id: loaded_task(t) for t in dag.tasks},
            "serialized": {t.task_id: serialized_task(t) for t in serialized.tasks},
        }
    runs = []
    for day, r in enumerate(request["runs"], start=1):
        runs.append(run(bag.dags[r["dag_id"]], r["results"], day))
    print(json.dumps({"modules": modules, "import_errors": {k: str(v) for k, v in bag.import_errors.items()}, "dags": dags, "runs": runs}, default=str))


if __name__ == "__main__":
    main()
