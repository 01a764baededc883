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
