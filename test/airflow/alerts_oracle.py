"""Load generated DAG files with real Airflow, read back their alerts, and fire them for real.

argv[1]: a JSON file {"folder": <dag folder>, "fail": [[dag_id, task_id], ...]}; prints one JSON line.

For every DAG: the notifiers of its callbacks and of its tasks' callbacks (class and template fields, as the
constructor stored them), its deadline alerts (Airflow 3.1+), and the same read from the serialized DAG (what the
scheduler and the API server see: the callbacks' presence and the deadlines in full). Then, for each [dag_id,
task_id] of "fail", the DAG runs with `dag.test()` (Airflow's own run machinery, in this process) with that task's
`execute` raising: its failure callbacks fire against a Slack-shaped webhook server and an SMTP server started
here on 127.0.0.1 (the connections come from AIRFLOW_CONN_* variables), and what those servers received is
reported. Works on Airflow 2.11 and 3.x.
"""

from __future__ import annotations

import email
import json
import os
import sys
import threading
import warnings
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

received = {"http": [], "smtp": []}


class Recorder(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        received["http"].append({"path": self.path, "contentType": self.headers.get("Content-Type"), "body": json.loads(body) if body else None})
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"ok")  # what Slack's webhook answers

    do_PUT = do_POST

    def log_message(self, *args):
        pass


class SmtpRecorder:
    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        parts = [p for p in message.walk() if p.get_content_type() == "text/html"]
        received["smtp"].append({
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "subject": str(email.header.make_header(email.header.decode_header(message["Subject"]))),
            "html": parts[0].get_payload(decode=True).decode() if parts else None,
        })
        return "250 OK"


def start_servers():
    """Both servers on free ports of 127.0.0.1; the connections' variables point at them."""
    from aiosmtpd.controller import Controller

    http = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    # aiosmtpd connects to its own port to see it is up, so it needs a real one: a port the OS just handed out.
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    smtp = Controller(SmtpRecorder(), hostname="127.0.0.1", port=port)
    smtp.start()
    return http, smtp


def notifier_of(callback):
    """A notifier as its class and template fields hold it (a plain function is named)."""
    fields = getattr(callback, "template_fields", None)
    if fields is None:
        return {"class": getattr(callback, "__name__", type(callback).__name__)}
    data = {"class": type(callback).__name__}
    for field in fields:
        value = getattr(callback, field, None)
        if value is not None:
            data[field] = list(value) if isinstance(value, tuple) else value
    return data


def callbacks_of(value):
    if value is None:
        return []
    return [notifier_of(c) for c in (value if isinstance(value, list) else [value])]


def deadline_of(alert):
    callback = alert.callback
    return {
        "reference": type(alert.reference).__name__,
        "interval": alert.interval.total_seconds() if isinstance(alert.interval, timedelta) else str(alert.interval),
        "callback": type(callback).__name__,
        "path": callback.path,
        "kwargs": callback.kwargs,
    }


def deadlines_of(dag):
    value = getattr(dag, "deadline", None)
    if value is None:
        return None
    return [deadline_of(d) for d in (value if isinstance(value, list) else [value])]


EVENTS = {"failure": "on_failure_callback", "retry": "on_retry_callback", "success": "on_success_callback"}


def loaded_of(dag):
    return {
        "dag": {event: callbacks_of(getattr(dag, attr, None)) for event, attr in EVENTS.items() if event != "retry"},
        "tasks": {t.task_id: {event: callbacks_of(getattr(t, attr, None)) for event, attr in EVENTS.items()} for t in dag.tasks},
        "deadlines": deadlines_of(dag),
    }


def serialized_of(dag):
    """What the serialized DAG keeps: whether each callback is set (the code stays in the file) and the deadlines."""
    try:  # Airflow 3.3
        from airflow.serialization.serialized_objects import DagSerialization as Serialization
    except ImportError:  # Airflow 2.11
        from airflow.serialization.serialized_objects import SerializedDAG as Serialization

    data = json.loads(json.dumps(Serialization.to_dict(dag)))
    Serialization.from_dict(data)  # what the scheduler does with it: must not fail

    def flags(node, events):
        return {e: bool(node.get(f"has_on_{e}_callback", False)) for e in events}

    tasks = [t.get("__var", t) for t in data["dag"]["tasks"]]
    return {
        "dag": flags(data["dag"], ["failure", "success"]),
        "tasks": {t["task_id"]: flags(t, ["failure", "retry", "success"]) for t in tasks},
        "deadlines": None if data["dag"].get("deadline") is None else [serialized_deadline(d) for d in data["dag"]["deadline"]],
    }


def serialized_deadline(encoded):
    """A deadline alert as the serialized DAG stores it, in the shape `deadline_of` reads the loaded one."""
    callback = encoded["callback"]
    return {
        "reference": encoded["reference"]["reference_type"],
        "interval": encoded["interval"]["__data__"],
        "callback": callback["__classname__"].rsplit(".", 1)[-1],
        "path": callback["__data__"]["path"],
        "kwargs": callback["__data__"]["kwargs"],
    }


def load_dag_bag(folder):
    import inspect

    from airflow.models import DagBag

    if "include_examples" in inspect.signature(DagBag.__init__).parameters:
        return DagBag(dag_folder=folder, include_examples=False, safe_mode=True)
    return DagBag(dag_folder=folder, safe_mode=True)


def fail_run(dag, task_id):
    """
    `dag.test()` with one task's execute raising: Airflow runs the tasks, the failure calls the task's callbacks.
    The run's own callbacks are left out: a deployment's DAG processor runs them with the DAG from the file, while
    dag.test() on 3.3.2 calls them on the serialized DAG, which cannot render a notifier's templates.
    """
    task = dag.get_task(task_id)

    def broken(self, context):
        if self.task_id == task_id:
            raise RuntimeError(f"{task_id} broke on purpose")

    dag.on_failure_callback = None
    dag.on_success_callback = None
    with mock.patch.object(type(task), "execute", broken):
        run = dag.test()
    return str(run.state) if run is not None else None


def main():
    with open(sys.argv[1]) as f:
        request = json.load(f)
    warnings.simplefilter("ignore")
    http, smtp = start_servers()
    os.environ.update({
        "AIRFLOW_CONN_SLACK_ALERTS": json.dumps({"conn_type": "slackwebhook", "password": f"http://127.0.0.1:{http.server_port}/slack/T0/B0/XYZ"}),
        "AIRFLOW_CONN_ALERTS_HTTP": json.dumps({"conn_type": "http", "host": "127.0.0.1", "port": http.server_port, "schema": "http"}),
        "AIRFLOW_CONN_SMTP_ALERTS": json.dumps({"conn_type": "smtp", "host": "127.0.0.1", "port": smtp.port, "extra": {"disable_ssl": True, "disable_tls": True, "from_email": "airflow@acme.example", "timeout": 10, "retry_limit": 1}}),
    })
    try:
        bag = load_dag_bag(request["folder"])
        answer = {"import_errors": {k: str(v) for k, v in bag.import_errors.items()}, "dags": {}, "runs": {}}
        for dag_id, dag in sorted(bag.dags.items()):
            answer["dags"][dag_id] = {"loaded": loaded_of(dag), "serialized": serialized_of(dag)}
        for dag_id, task_id in request.get("fail", []):
            before = {k: len(v) for k, v in received.items()}
            state = fail_run(bag.get_dag(dag_id), task_id)
            answer["runs"][f"{dag_id}.{task_id}"] = {"state": state, **{k: v[before[k]:] for k, v in received.items()}}
    finally:
        http.shutdown()
        smtp.stop()
    print(json.dumps(answer, default=str))


if __name__ == "__main__":
    main()
