"""What one Airflow line has, for test/airflow/airflow-lines.test.ts: reads {"imports": [[module, name], ...]} on
stdin and prints, as its last line, which of those imports work and the executor names the line knows."""
import importlib
import json
import sys

from airflow.executors import executor_constants

request = json.load(sys.stdin)
importable = []
for module, name in request["imports"]:
    try:
        importable.append(hasattr(importlib.import_module(module), name))
    except ImportError:
        importable.append(False)
print(json.dumps({"importable": importable, "executors": sorted(executor_constants.CORE_EXECUTOR_NAMES)}))
