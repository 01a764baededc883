"""
Branches in real Airflow (stdin: JSON {"folder": ..., "runs": [{"dag_id", "results": {task_id: result}}]}).

For every DAG of the folder: each task's operator, trigger rule and direct downstream ids as the loaded DAG holds
them and as the serialized DAG (what the scheduler and UI read) holds them; a branch's function and data too.
Then each run: `dag.test()` with every KubernetesPodOperator replaced by the result it would push (its execute
returns `results[task_id]`, which the task runner pushes as its XCom), and the state each task ended in.
Prints one JSON line: {"dags": {...}, "runs": [...]}.
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


def run(dag, results):
    from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator

    def execute(self, context, **_sentinel):  # 2.11's execute guard passes a sentinel keyword
        return results.get(self.task_id)

    original = KubernetesPodOperator.execute
    KubernetesPodOperator.execute = execute
    try:
        when = pendulum.datetime(2026, 1, 2, tz="UTC")
        # The run's date is `logical_date` on Airflow 3, `execution_date` on 2.11.
        dag_run = dag.test(logical_date=when) if "logical_date" in dag.test.__code__.co_varnames else dag.test(execution_date=when)
    finally:
        KubernetesPodOperator.execute = original
    return {ti.task_id: str(value(ti.state)) for ti in dag_run.get_task_instances()}


def main():
    request = json.load(sys.stdin)
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
    for r in request["runs"]:
        runs.append(run(bag.dags[r["dag_id"]], r["results"]))
    print(json.dumps({"import_errors": {k: str(v) for k, v in bag.import_errors.items()}, "dags": dags, "runs": runs}, default=str))


if __name__ == "__main__":
    main()
