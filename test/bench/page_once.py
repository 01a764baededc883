"""
Times the Pipelines page's work for a compiled project: read the manifest, hash every DAG file, render the HTML.
Cold (first request after start: every file read and hashed) and warm (files unchanged: hashes cached by mtime).

usage: python page_once.py <generated dir>      (run with the Airflow 3 venv's python)
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

generated = sys.argv[1]
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = os.path.join(generated, "dags")
sys.path.insert(0, os.path.join(generated, "plugins"))

import airflow_ts_plugin as plugin  # noqa: E402


def timed() -> tuple[float, int, int]:
    started = time.perf_counter()
    report = plugin.pipelines_report()
    page = plugin.render_page(report)
    elapsed = (time.perf_counter() - started) * 1000
    assert "error" not in report, report.get("error")
    assert all(p["status"] == plugin.IN_SYNC for p in report["pipelines"])
    return elapsed, len(report["pipelines"]), len(page.encode())


cold, pipelines, size = timed()
warm = min(timed()[0] for _ in range(5))
print(json.dumps({"pipelines": pipelines, "coldMs": round(cold), "warmMs": round(warm), "htmlKb": round(size / 1024), "maxRssMb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
