"""Warm parse of a generated DAG file against its hand-written anchor, in one Python process.

    python parse_once.py <generated.py> <anchor.py> <runs> [pod_every]

First proves them equivalent: the same DAG attributes, the same tasks with the same upstream tasks and operator
fields, and the same pod from KubernetesPodOperator.build_pod_request_obj() (hook patched, as in
test/airflow/inspect_dags.py), all but doc_md and the pod name's random suffix; with pod_every = n, the graph of
every task but the fields and pod of every n-th only (5,000 pods take minutes). Exits 1 with the differences if not.
Then imports each file `runs` times as Airflow's DAG processor does (a fresh module each time, bytecode cached),
alternating the two after a warm-up, and prints the medians as JSON.
"""

from __future__ import annotations

import gc
import importlib.util
import json
import os
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
        data = inspect_dags.dag_of(Sampled(dag, full))
        data["graph"] = {t.task_id: sorted(t.upstream_task_ids) for t in dag.tasks}
        for key in ("fileloc", "doc_md"):
            data.pop(key)
        for task in data["tasks"].values():
            task.pop("doc_md")
            meta = task["pod"]["metadata"]
            meta["name"] = meta["name"].rsplit("-", 1)[0]  # the random suffix KPO adds
        out[data["dag_id"]] = data
    return out


def differences(a, b, where=""):
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b)) for d in differences(a.get(k), b.get(k), f"{where}.{k}")]
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
    diffs = differences(described(generated, pod_every), described(anchor, pod_every))
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
