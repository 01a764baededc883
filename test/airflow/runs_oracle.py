"""The first run times Airflow's own timetables give, for test/airflow/runs.test.ts (airflow-ts ls and plan).

stdin: [{"kind": "cron"|"interval", "expression"|"seconds", "dataInterval", "timezone", "start", "count"}]
answer (last line): for each case, the first `count` run_after times as local wall-clock "YYYY-MM-DDTHH:MM:SS" in
the case's timezone, as the scheduler plans them with catchup (next_dagrun_info from the start, then from each
run's data interval).
"""

import json
import sys
from datetime import timedelta

import pendulum
from airflow.timetables.base import TimeRestriction
from airflow.timetables.interval import CronDataIntervalTimetable, DeltaDataIntervalTimetable
from airflow.timetables.trigger import CronTriggerTimetable, DeltaTriggerTimetable


def timetable(case):
    tz = case["timezone"]
    if case["kind"] == "cron":
        return (CronDataIntervalTimetable if case["dataInterval"] else CronTriggerTimetable)(case["expression"], timezone=tz)
    delta = timedelta(seconds=case["seconds"])
    return DeltaDataIntervalTimetable(delta) if case["dataInterval"] else DeltaTriggerTimetable(delta)


def runs(case):
    tt = timetable(case)
    tz = pendulum.timezone(case["timezone"])
    start = pendulum.parse(case["start"], tz=tz)
    restriction = TimeRestriction(earliest=start, latest=None, catchup=True)
    last, out = None, []
    for _ in range(case["count"]):
        info = tt.next_dagrun_info(last_automated_data_interval=last, restriction=restriction)
        if info is None:
            break
        out.append(pendulum.instance(info.run_after).in_timezone(tz).strftime("%Y-%m-%dT%H:%M:%S"))
        last = info.data_interval
    return out


print(json.dumps([runs(case) for case in json.load(sys.stdin)]))
