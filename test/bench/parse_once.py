"""Warm parse of a generated DAG file against its hand-written anchor, in one Python process.

    python parse_once.py <generated.py> <anchor.py> <runs> [pod_every]

First proves them equivalent: the same DAG attributes, the same tasks with the same upstream tasks and operator
fields, and the same pod from KubernetesPodOperator.build_pod_request_obj() (hook patched, as in
test/airflow/inspect_dags.py), all but doc_md and the pod name's random suffix; with pod_every = n, the graph of
every task but the fields and pod of every n-th only (5,000 pods take minutes). Besides what inspect_dags.py reads
(written for pods, Spark applications, branches, waits and triggers), every attribute of every DAG and operator object
is compared (attributes_of), so an operator kind inspect_dags.py knows little of (a Spark application's get_logs, a
trigger's wait_for_completion, an asset's extra) is still compared in full. Exits 1 with the differences if not.
Then imports each file `runs` times as Airflow's DAG processor does (a fresh module each time, bytecode cached),
alternating the two after a warm-up, and prints the medians as JSON.
"""

from __future__ import annotations

import gc
import importlib.util
import json
import os
import re
import statistics
import sys
import time
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "airflow"))
warnings.simplefilter("ignore")

import inspect_dags  # noqa: E402

_count = 0


def load(path):
    """The file's DAGs, imported as a fresh module (as DagBag does: spec_from_file_location + exec_module)."""
    global _count
    _count += 1
    name = f"bench_dag_{_count}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return [v for v in vars(module).values() if type(v).__name__ == "DAG"]


class Sampled:
    """The DAG, with only some of its tasks."""

    def __init__(self, dag, tasks):
        self._dag, self.tasks = dag, tasks

    def __getattr__(self, name):
        return getattr(self._dag, name)


def described(path, pod_every):
    """What inspect_dags.py reports of the file's DAGs; every task's upstream, the full task for every pod_every-th."""
    out = {}
    for dag in load(path):
        full = [t for i, t in enumerate(dag.tasks) if i % pod_every == 0]
        # Before inspect_dags builds the pods: that caches a (patched) hook on the operator.
        attributes = {t.task_id: attributes_of(inspect_dags.unmapped(t)) for t in full}
        data = inspect_dags.dag_of(Sampled(dag, full))
        data["graph"] = {t.task_id: sorted(t.upstream_task_ids) for t in dag.tasks}
        data["attributes"] = attributes_of(dag)
        for key in ("fileloc", "doc_md"):
            data.pop(key)
        for task in data["tasks"].values():
            task.pop("doc_md")
            if task["pod"] is not None:
                meta = task["pod"]["metadata"]
                meta["name"] = meta["name"].rsplit("-", 1)[0]  # the random suffix KPO adds
        for task_id, task_attributes in attributes.items():
            data["tasks"][task_id]["attributes"] = task_attributes
        for task in full:
            branch = data["tasks"][task.task_id]["branch"]
            if branch is not None:
                for name in BRANCH_CODE:
                    branch.pop(name, None)
                    data["tasks"][task.task_id]["attributes"].pop(name, None)
                branch["decisions"] = branch_decisions((dag.dag_id, task.task_id), task)
        out[data["dag_id"]] = data
    return out


# Attributes that legitimately differ between two equivalent files, or that are not the object's own settings:
# how it was called (default_args against explicit arguments), the documentation, where the file is, when it was
# loaded, and the links to the DAG and to other tasks (the graph is compared apart, as task ids).
SKIPPED_ATTRIBUTES = {
    "_BaseOperator__init_kwargs",
    "_BaseOperator__instantiated",
    "_BaseOperator__from_mapped",
    "_dag",
    "default_args",
    "doc_md",
    "fileloc",
    "relative_fileloc",
    "_processor_dags_folder",
    "last_loaded",
    "task_dict",
    "task_count",
    "upstream_task_ids",
    "downstream_task_ids",
    "_log",
}


def plain(value, depth=0):
    """A comparable form of any attribute value: Kubernetes objects as API JSON, durations as seconds, enums as their
    value, functions by qualified name, DAGs and task groups by id, other objects by class and attributes."""
    import datetime
    import enum

    if depth > 6:
        return type(value).__name__
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.timedelta):
        return {"seconds": value.total_seconds()}
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if type(value).__module__.startswith("kubernetes.client"):
        from kubernetes.client import ApiClient

        return ApiClient().sanitize_for_serialization(value)
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v, depth + 1) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [plain(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    if type(value).__name__ == "ParamsDict":
        return plain(value.dump(), depth + 1)
    if type(value).__name__ in ("DAG", "SerializedDAG"):
        return {"dag": value.dag_id}
    if hasattr(value, "group_id") and hasattr(value, "children"):  # a TaskGroup (2.11: through a weak proxy)
        return {"task_group": value.group_id}
    if callable(value) and hasattr(value, "__qualname__") and not isinstance(value, type):
        module = getattr(value, "__module__", "") or ""
        # A function of the DAG file itself: its module is this process's name for the file (bench_dag_<n>).
        return {"function": value.__qualname__ if module.startswith("bench_dag_") else f"{module}.{value.__qualname__}"}
    if isinstance(value, type):
        return {"class": f"{value.__module__}.{value.__qualname__}"}
    import attrs

    fields = attrs.asdict(value, recurse=False) if attrs.has(type(value)) else getattr(value, "__dict__", None)
    if not fields:
        slots = [n for c in type(value).__mro__ for n in getattr(c, "__slots__", ()) if n != "__weakref__"]
        fields = {n: getattr(value, n) for n in slots if hasattr(value, n)}
    if not fields:
        return {"class": type(value).__name__, "repr": re.sub(r" at 0x[0-9a-f]+", "", repr(value))}
    return {"class": type(value).__name__, **{k: plain(v, depth + 1) for k, v in fields.items() if k not in SKIPPED_ATTRIBUTES}}


def attributes_of(obj):
    """Every attribute an Airflow DAG or operator object holds, in comparable form, but SKIPPED_ATTRIBUTES."""
    return {k: plain(v) for k, v in sorted(vars(obj).items()) if k not in SKIPPED_ATTRIBUTES}


# A branch's function is code, written differently by hand (a generated file passes its cases as op_kwargs to one
# shared function): what is compared is what it decides. The generated file's branches give the values to try (their
# cases, or true and false for a condition, and one value no case expects), each put where the branch reads it in
# the upstream task's result; both functions are called with a task instance that returns it from XCom, and must ask
# for the same tasks' results and return the same task ids (or both fail).
_BRANCH_PROBES = {}
BRANCH_CODE = ("python_callable", "op_args", "op_kwargs")


class _ProbeTaskInstance:
    def __init__(self, result):
        self.result, self.pulled = result, []

    def xcom_pull(self, task_ids=None, *args, **kwargs):
        self.pulled.append(task_ids)
        return self.result


def branch_probes(key, task):
    """The results to try a branch with, from the generated file's branch (remembered under key for the anchor's)."""
    if key not in _BRANCH_PROBES:
        kwargs = task.op_kwargs or {}
        values = [case[0] for case in kwargs.get("cases", [])] or [True, False]
        probes = []
        for value in [*values, "a value no case expects"]:
            for field in reversed(kwargs.get("field_path", [])):
                value = {field: value}
            probes.append(value)
        _BRANCH_PROBES[key] = probes
    return _BRANCH_PROBES[key]


def branch_decisions(key, task):
    import inspect

    decisions = []
    for probe in branch_probes(key, task):
        ti = _ProbeTaskInstance(probe)
        accepted = inspect.signature(task.python_callable).parameters
        context = {k: ti for k in ("ti", "task_instance") if k in accepted or any(p.kind == p.VAR_KEYWORD for p in accepted.values())}
        try:
            outcome = {"returns": plain(task.python_callable(*(task.op_args or ()), **(task.op_kwargs or {}), **context))}
        except Exception:  # the message is the author's: only that it fails is compared
            outcome = {"fails": True}
        decisions.append({"result": probe, **outcome, "pulled": plain(ti.pulled)})
    return decisions


def differences(a, b, where=""):
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b)) for d in differences(a.get(k), b.get(k), f"{where}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{where}[{i}]")]
    return [] if a == b else [f"{where}: generated {json.dumps(a, default=str)[:200]}, anchor {json.dumps(b, default=str)[:200]}"]


def reset_dag_context():
    """DagBag clears the DAGs auto-registered by the previous file before each one; so do we."""
    for module in ("airflow.sdk.definitions._internal.contextmanager", "airflow.models.dag"):
        context = getattr(sys.modules.get(module), "DagContext", None)
        if context is not None and hasattr(context, "autoregistered_dags"):
            context.autoregistered_dags.clear()


def timed(path):
    reset_dag_context()
    started = time.perf_counter()
    dags = load(path)
    elapsed = time.perf_counter() - started
    assert dags, f"no DAG in {path}"
    return elapsed * 1000


def main(generated, anchor, runs, pod_every):
    generated_description = described(generated, pod_every)  # first: its branches give the values to try
    diffs = differences(generated_description, described(anchor, pod_every))
    if diffs:
        print("\n".join(["not equivalent:", *diffs[:30]]), file=sys.stderr)
        sys.exit(1)
    for _ in range(2):  # warm-up: bytecode written, modules imported, caches filled
        timed(generated)
        timed(anchor)
    # What is alive now (Airflow, the equivalence check) stays out of the collector's way: both files alike.
    gc.collect()
    gc.freeze()
    gen, anc = [], []
    for _ in range(runs):
        gen.append(timed(generated))
        anc.append(timed(anchor))
    print(json.dumps({"generatedMs": statistics.median(gen), "anchorMs": statistics.median(anc), "runs": runs}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 1)
