"""What real Airflow makes of assets (Airflow 3) / datasets (2.11), as JSON: stdin gives the request, the last line
printed is the answer. Works on both lines.

    {"mode": "uris", "uris": [...], "names": [...]}
        each URI given to the line's asset class (and each name, on Airflow 3): the URI it stores, or the error it
        raises, and the warnings it gives.
    {"mode": "inspect", "folder": "<dag folder>"}
        every DAG loaded by DagBag, and again after the scheduler's serialization round trip: its schedule (the
        asset condition tree, and the timetable an asset-or-time schedule wraps) and each task's outlets.
    {"mode": "render", "templates": [...], "events": [{"uri", "name", "extra", "source_dag_id", "source_run_id", "timestamp"}]}
        each template rendered by a DAG's own Jinja environment with the context key of triggering events as the
        line's task runner builds it from these events (Airflow 3: a TriggeringAssetEventsAccessor keyed by asset;
        2.11: a dict keyed by URI), in the order given (the last is the latest).

Runs triggered by assets are assets_trigger.py's.
"""

from __future__ import annotations

import json
import sys
import warnings


def is_airflow3():
    import airflow

    return int(airflow.__version__.split(".")[0]) >= 3


def asset_class():
    if is_airflow3():
        from airflow.sdk import Asset

        return Asset
    from airflow.datasets import Dataset  # noqa: AIR311 (the 2.11 side of the oracle)

    return Dataset  # noqa: AIR311


def check_uris(uris, names):
    cls = asset_class()
    out = []
    for uri in uris:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                made = cls(uri=uri)
                entry = {"uri": made.uri}
            except Exception as e:  # ValueError, TypeError: what Airflow says
                entry = {"error": str(e)}
        entry["warnings"] = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
        out.append(entry)
    named = []
    for name in names:
        if not is_airflow3():
            named.append({"ok": True})
            continue
        try:
            cls(name=name, uri="s3://bucket/key")
            named.append({"ok": True})
        except Exception as e:
            named.append({"error": str(e)})
    return {"uris": out, "names": named}


def condition_of(node):
    """An asset condition as a tree: {"all": [...]}, {"any": [...]}, or the asset's fields."""
    kind = type(node).__name__
    if kind.endswith("All") or kind.endswith("Any"):
        children = getattr(node, "objects", None)
        return {"all" if kind.endswith("All") else "any": [condition_of(child) for child in children]}
    entry = {"uri": node.uri, "extra": dict(getattr(node, "extra", None) or {})}
    if is_airflow3():
        entry["name"] = node.name
        entry["group"] = node.group
    return entry


def schedule_of(dag):
    timetable = dag.timetable
    condition = getattr(timetable, "asset_condition", None) or getattr(timetable, "dataset_condition", None)
    if condition is not None and type(condition).__name__.startswith("_Null"):  # 2.11: a DAG on no dataset
        condition = None
    inner = getattr(timetable, "timetable", None)
    return {
        "class": type(timetable).__name__,
        "condition": condition_of(condition) if condition is not None else None,
        "or_time": None
        if inner is None
        else {"class": type(inner).__name__, "expression": getattr(inner, "_expression", None) or getattr(inner, "expression", None), "timezone": str(getattr(inner, "_timezone", None) or getattr(inner, "timezone", ""))},
    }


def outlets_of(dag):
    return {task.task_id: [condition_of(o) for o in (task.outlets or [])] for task in dag.tasks}


def serialized(dag):
    try:  # Airflow 3
        from airflow.serialization.serialized_objects import (
            DagSerialization as Serialization,
        )
    except ImportError:  # 2.11
        from airflow.serialization.serialized_objects import (
            SerializedDAG as Serialization,
        )
    return Serialization.from_dict(Serialization.to_dict(dag))


def load(folder):
    sys.path.insert(0, __import__("os").path.dirname(__file__))
    from inspect_dags import load_dag_bag

    return load_dag_bag(folder)


def inspect(folder):
    bag = load(folder)
    dags = {}
    for dag_id, dag in sorted(bag.dags.items()):
        scheduler_dag = serialized(dag)
        dags[dag_id] = {
            "loaded": {"schedule": schedule_of(dag), "outlets": outlets_of(dag)},
            "serialized": {"schedule": schedule_of(scheduler_dag), "outlets": outlets_of(scheduler_dag)},
        }
    return {"import_errors": {k: v for k, v in bag.import_errors.items()}, "dags": dags}


def render(templates, events):
    from types import SimpleNamespace

    def event(e):
        asset = SimpleNamespace(name=e["name"], uri=e["uri"], extra={})
        fields = {k: e[k] for k in ("extra", "source_dag_id", "source_run_id", "timestamp")}
        return SimpleNamespace(asset=asset, dataset=asset, source_aliases=[], **fields)

    if is_airflow3():
        from airflow.sdk import DAG
        from airflow.sdk.execution_time.context import TriggeringAssetEventsAccessor

        context = {"triggering_asset_events": TriggeringAssetEventsAccessor.build([event(e) for e in events])}
    else:
        from collections import defaultdict

        from airflow import DAG  # noqa: AIR311 (the 2.11 side of the oracle)

        by_uri = defaultdict(list)
        for e in events:
            by_uri[e["uri"]].append(event(e))
        context = {"triggering_dataset_events": by_uri}
    env = DAG(dag_id="render", schedule=None).get_template_env()  # noqa: AIR311 (airflow.sdk.DAG on Airflow 3)
    return [env.from_string(t).render(**context) for t in templates]


def main():
    request = json.loads(sys.stdin.read())
    mode = request["mode"]
    if mode == "uris":
        answer = check_uris(request["uris"], request.get("names", []))
    elif mode == "render":
        answer = render(request["templates"], request["events"])
    else:
        answer = inspect(request["folder"])
    print(json.dumps(answer, default=str))


if __name__ == "__main__":
    main()
