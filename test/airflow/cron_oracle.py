"""Airflow's verdict on cron expressions, for test/airflow/cron.test.ts.

Reads one JSON object on stdin: {"expressions": [...], "timezone": "Europe/Berlin", "starts": ["2026-03-28T23:00"],
"runs": 4}. Each expression is given to both timetable classes a generated DAG file uses (CronTriggerTimetable
and CronDataIntervalTimetable, imported the way the file imports them), inside a DAG that is validated as the
DagBag validates it before bagging; the scheduler's side (on Airflow 3 the core timetable the serialized DAG
becomes) then plans the first `runs` runs from each start, with catchup, as the scheduler would.

Prints one JSON line: {"version": ..., "croniter": ..., "results": [{"trigger": verdict, "interval": verdict}, ...]} where a
verdict is {"ok": true, "runs": [[run_after, interval_start, interval_end], ...] per start} or
{"ok": false, "stage": "construct" | "validate" | "schedule", "error": "<exception class>: <message>"}.
"""

import json
import sys
import warnings
from importlib.metadata import version

import pendulum

warnings.simplefilter("ignore")

import airflow  # noqa: E402

try:  # Airflow 3.2+: what the generated file imports first
    from airflow.sdk import DAG, CronDataIntervalTimetable, CronTriggerTimetable
except ImportError:  # Airflow 2.11: the generated file's fallback
    from airflow import DAG
    from airflow.timetables.interval import CronDataIntervalTimetable
    from airflow.timetables.trigger import CronTriggerTimetable

from airflow.timetables.base import TimeRestriction  # noqa: E402

try:  # Airflow 3: the scheduler works on the core timetable the serialized DAG decodes to
    from airflow.serialization.encoders import coerce_to_core_timetable
except ImportError:  # Airflow 2: the DAG's timetable is the core one
    def coerce_to_core_timetable(timetable):
        return timetable


def iso(value):
    return None if value is None else pendulum.instance(value).in_timezone("UTC").isoformat()


def plan(timetable, start, runs):
    """The first runs from `start` with catchup, each as [run_after, data interval start, data interval end]."""
    restriction = TimeRestriction(earliest=start, latest=None, catchup=True)
    out, last = [], None
    for _ in range(runs):
        if hasattr(timetable, "next_dagrun_info_v2"):
            info = timetable.next_dagrun_info_v2(last_dagrun_info=last, restriction=restriction)
        else:
            info = timetable.next_dagrun_info(last_automated_data_interval=last and last.data_interval, restriction=restriction)
        if info is None:
            break
        interval = info.data_interval
        out.append([iso(info.run_after), iso(interval and interval.start), iso(interval and interval.end)])
        last = info
    return out


def verdict(cls, expression, timezone, starts, runs):
    stage = "construct"
    try:
        timetable = cls(expression, timezone=timezone)
        stage = "validate"
        dag = DAG("cron_oracle", schedule=timetable, start_date=starts[0], catchup=True)
        dag.validate()
        stage = "schedule"
        core = coerce_to_core_timetable(dag.timetable)
        return {"ok": True, "runs": [plan(core, start, runs) for start in starts]}
    except Exception as e:  # what Airflow raises differs by stage and line; the test compares verdicts, not classes
        return {"ok": False, "stage": stage, "error": f"{type(e).__name__}: {e}"}


request = json.loads(sys.stdin.read())
timezone = request["timezone"]
starts = [pendulum.parse(s, tz=timezone) for s in request["starts"]]
print(json.dumps({
    "version": airflow.__version__,
    "croniter": version("croniter"),
    "results": [
        {
            "trigger": verdict(CronTriggerTimetable, e, timezone, starts, request["runs"]),
            "interval": verdict(CronDataIntervalTimetable, e, timezone, starts, request["runs"]),
        }
        for e in request["expressions"]
    ],
}))
