import { describe, expect, it } from "vitest";
import { compileIn, lineOf, tempProject } from "../helpers/temp-project";

const SOURCE = `import { cron, email, pipeline, slack, webhook } from "airflow-ts";
export default pipeline({
  id: "alerts", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false,
  notify: { failure: slack({ connection: "slack alerts", text: "{{ dag.dag_id }} failed" }) }, // BAD-CONNECTION
  deadline: [
    { from: "queued", after: "2h", notify: webhook({ connection: "alerts_http" }) }, // DEADLINE
    { from: "logicalDate", after: "2 hours" as never, notify: webhook({ connection: "alerts_http" }) }, // BAD-DURATION
  ],
  defaults: { notify: { retry: email({ connection: "smtp_default", to: ["a@acme.example"], subject: "{{ execution_date }}", body: "" }) } }, // REMOVED-VAR
}, (p) => {
  p.pod("load", { image: "busybox:1.36", notify: { failure: slack({ connection: "{{ var.value.conn }}", text: "{{ ti.task_id }" }) } }); // TASK
});
`;

describe("alert checks", () => {
  it("report bad connection ids, templated ids, template errors, bad durations and deadlines on Airflow 2.11, all together, at their fields", () => {
    const root = tempProject({ "pipelines/alerts.pipeline.ts": SOURCE });
    const result = compileIn(root);
    const found = result.diagnostics.filter((d) => d.severity === "error").map((d) => ({ code: d.code, line: d.location?.line, path: d.path }));
    const line = (marker: string) => lineOf(SOURCE, marker);
    expect(found).toEqual(
      expect.arrayContaining([
        { code: "invalid-connection-id", line: line("BAD-CONNECTION"), path: "alerts.notify.failure.connection" },
        { code: "invalid-duration", line: line("BAD-DURATION"), path: "alerts.deadline[1].after" },
        { code: "unknown-template-variable", line: line("REMOVED-VAR"), path: "alerts.defaults.notify.retry.subject" },
        { code: "invalid-connection-id", line: line("TASK"), path: "alerts.tasks.load.notify.failure.connection" },
        { code: "invalid-template", line: line("TASK"), path: "alerts.tasks.load.notify.failure.text" },
      ]),
    );
    // Without a deployment the DAG files must import on both lines: a deadline cannot be compiled for 2.11.
    const deadline = result.diagnostics.find((d) => d.code === "deadline-unsupported");
    expect(deadline).toMatchObject({ severity: "error", path: "alerts.deadline[0]", location: { line: line("DEADLINE") } });
    expect(deadline?.hint).toMatch(/airflowVersion/);
    expect(result.written).toBe(false);
  });
});

describe("the defaults' notify reaches every kind of task", () => {
  it("a wait, a trigger and a branch get the failure callback, like a pod", () => {
    const root = tempProject({
      "pipelines/other.pipeline.ts": `import { pipeline, schedules } from "airflow-ts";
export default pipeline({ id: "other", schedule: schedules.none, start: "2026-01-01", catchup: false }, (p) => { p.pod("ping", { image: "busybox:1.36" }); });
`,
      "pipelines/notified.pipeline.ts": `import { cron, pipeline, slack, z } from "airflow-ts";
import other from "./other.pipeline";
export default pipeline({
  id: "notified", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false,
  defaults: { notify: { failure: slack({ connection: "slack_alerts", text: "{{ ti.task_id }} failed" }) } },
}, (p) => {
  const check = p.pod("check", { image: "busybox:1.36", result: z.object({ ok: z.boolean() }) });
  const wait = p.waitUntil("06:00");
  const start = p.trigger(other);
  const done = p.pod("done", { image: "busybox:1.36" });
  p.when(check.result.ok, { then: [done], else: [] });
  done.after(wait, start);
});
`,
    });
    const result = compileIn(root, "check");
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const dag = result.files.find((f) => f.path === "dags/notified.py")!.body;
    // Each operator call, from its variable to the call's closing line.
    const calls = [...dag.matchAll(/^    (\w+) = (\w+)\(\n([\s\S]*?)^    \)/gm)].map((m) => ({ variable: m[1]!, operator: m[2]!, args: m[3]! }));
    expect(calls.map((c) => c.operator).sort()).toEqual(["BranchPythonOperator", "KubernetesPodOperator", "KubernetesPodOperator", "TimeSensor", "TriggerDagRunOperator"].sort());
    for (const call of calls) expect(call.args, `${call.variable} (${call.operator})`).toMatch(/^\s+on_failure_callback=\[NOTIFY_\w+\],$/m);
  });
});
