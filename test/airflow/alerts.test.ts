import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { NOTIFIER_CLASSES } from "../../src/knowledge/notifiers";
import type { Pipeline } from "../../src/model/pipeline";
import type { ValidDeadline, ValidNotifier } from "../../src/tasks/shared/notify-schema";
import { tempProject } from "../helpers/temp-project";
import { HANG_GUARD_MS } from "../helpers/hang-guard";
import { airflowWorkspace, compileDagFolder, ruff, type AirflowLine } from "./airflow-env";

const IMPORTS = `import { cron, email, pipeline, slack, webhook } from "airflow-ts";\n`;

/** Task and run alerts of every kind, with templates; the connections are those alerts_oracle.py points at its servers. */
const ALERTING = `${IMPORTS}
const image = "ghcr.io/acme/etl:1.0.0";
export default pipeline({
  id: "alerting", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false,
  notify: {
    failure: webhook({ connection: "alerts_http", endpoint: "/run-failed", json: { dag: "{{ dag.dag_id }}", run: "{{ run_id }}", final: true } }),
    success: slack({ connection: "slack_alerts", text: "{{ dag.dag_id }} is done" }),
  },
  defaults: { notify: { retry: slack({ connection: "slack_alerts", text: "{{ ti.task_id }} retries (try {{ ti.try_number }})" }) } },
}, (p) => {
  const extract = p.pod("extract", {
    image,
    notify: {
      failure: [
        slack({ connection: "slack_alerts", text: "{{ ti.task_id }} of {{ dag.dag_id }} failed: {{ exception }}",
          blocks: [{ type: "section", text: { type: "mrkdwn", text: "*{{ ti.task_id }}* failed" } }] }),
        email({ connection: "smtp_alerts", to: ["oncall@acme.example", "data@acme.example"], subject: "{{ ti.task_id }} failed",
          body: "<p>{{ exception }}</p>" }),
      ],
      success: webhook({ connection: "alerts_http", method: "PUT", headers: { "X-Team": "data" } }),
    },
  });
  p.pod("load", { image }).after(extract);
});
`;

/** Deadlines, from the queued time and from the logical date: Airflow 3.1+ only. */
const DEADLINES = `${IMPORTS}
export default pipeline({
  id: "deadlines", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false,
  deadline: [
    { from: "queued", after: "2h", notify: slack({ connection: "slack_alerts", text: "{{ dag_run.dag_id }} is late" }) },
    { from: "logicalDate", after: "1d6h", notify: [
      email({ connection: "smtp_alerts", to: ["oncall@acme.example"], from: "airflow@acme.example", subject: "late", body: "late" }),
      webhook({ connection: "alerts_http", endpoint: "/late" }),
    ] },
  ],
}, (p) => { p.pod("work", { image: "ghcr.io/acme/etl:1.0.0" }); });
`;

const ON_3_3 = `import { defineConfig } from "airflow-ts";
export default defineConfig({ pipelines: ["pipelines/**/*.pipeline.ts"], deployment: {
  airflowVersion: "3.3.2", namespace: "airflow",
  gitSync: { repo: "https://github.com/acme/pipelines.git", ref: "main" },
  secrets: { fernetKey: "f", webSecretKey: "w", jwtSecret: "j" },
} });
`;

/** What the notifier's constructor was given, as its template fields hold it: the model's values, named as Airflow names them. */
function expectedNotifier(n: ValidNotifier): Record<string, unknown> {
  const base = { class: NOTIFIER_CLASSES[n.kind].className, [NOTIFIER_CLASSES[n.kind].connectionArg]: n.connection };
  switch (n.kind) {
    case "slack":
      return { ...base, text: n.text, ...(n.blocks && { blocks: n.blocks }) };
    case "email":
      return { ...base, to: n.to, subject: n.subject, html_content: n.body, ...(n.from && { from_email: n.from }) };
    case "webhook":
      return { ...base, ...(n.endpoint !== undefined && { endpoint: n.endpoint }), ...(n.json && { json: n.json }), ...(n.headers && { headers: n.headers }) };
  }
}

const notifiers = (list: readonly ValidNotifier[] | undefined) => (list ?? []).map((n) => expect.objectContaining(expectedNotifier(n)));

function expectedDeadlines(deadlines: readonly ValidDeadline[] | undefined) {
  if (!deadlines) return null;
  return deadlines.flatMap((d) =>
    d.notify.map((n) => {
      const { class: className, ...kwargs } = expectedNotifier(n);
      const { module } = NOTIFIER_CLASSES[n.kind];
      return {
        reference: d.from === "queued" ? "DagRunQueuedAtDeadline" : "DagRunLogicalDateDeadline",
        interval: d.after,
        callback: "AsyncCallback",
        path: `${module}.${String(className)}`,
        kwargs: n.kind === "webhook" && n.method ? { ...kwargs, method: n.method } : kwargs,
      };
    }),
  );
}

interface Answer {
  import_errors: Record<string, string>;
  dags: Record<string, { loaded: Readback<unknown[]>; serialized: Readback<boolean> }>;
  runs: Record<string, { state: string; http: { path: string; contentType: string; body: Record<string, unknown> }[]; smtp: { from: string; to: string[]; subject: string; html: string }[] }>;
}
interface Readback<T> {
  dag: Record<string, T>;
  tasks: Record<string, Record<string, T>>;
  deadlines: unknown[] | null;
}

function askAirflow(line: AirflowLine, dagFolder: string, fail: [string, string][]): Answer {
  // Plain logs: with colours forced (vitest sets FORCE_COLOR), Airflow 3's rich tracebacks crash on a task instance's repr.
  const workspace = airflowWorkspace(line, dagFolder, { FORCE_COLOR: "", NO_COLOR: "1" });
  const request = path.join(workspace.home, "request.json");
  fs.writeFileSync(request, JSON.stringify({ folder: dagFolder, fail }));
  try {
    return JSON.parse(workspace.script("alerts_oracle.py", request).trim().split("\n").pop()!) as Answer;
  } finally {
    fs.rmSync(workspace.home, { recursive: true, force: true });
  }
}

/** The model's callbacks, as the loaded DAG must hold them and as the serialized DAG flags them. */
function expectMatchesModel(answer: Answer, pipeline: Pipeline, line: AirflowLine) {
  const got = answer.dags[pipeline.dagId]!;
  expect(got.loaded.dag).toEqual({ failure: notifiers(pipeline.notify?.failure), success: notifiers(pipeline.notify?.success) });
  expect(got.serialized.dag).toEqual({ failure: (pipeline.notify?.failure ?? []).length > 0, success: (pipeline.notify?.success ?? []).length > 0 });
  for (const task of pipeline.tasks) {
    const events = { failure: task.notify?.failure, retry: task.notify?.retry, success: task.notify?.success };
    expect(got.loaded.tasks[task.taskId]).toEqual(Object.fromEntries(Object.entries(events).map(([e, list]) => [e, notifiers(list)])));
    // Airflow 3 flags a task's callbacks in the serialized DAG; 2.11 stores none (its workers run them from the file).
    const flagged = (list: readonly ValidNotifier[] | undefined) => line === "airflow3" && (list ?? []).length > 0;
    expect(got.serialized.tasks[task.taskId]).toEqual(Object.fromEntries(Object.entries(events).map(([e, list]) => [e, flagged(list)])));
  }
  expect(got.loaded.deadlines).toEqual(expectedDeadlines(pipeline.deadlines));
  expect(got.serialized.deadlines).toEqual(expectedDeadlines(pipeline.deadlines));
}

describe("alerts, as real Airflow loads, serializes and fires them", { timeout: HANG_GUARD_MS }, () => {
  const both = tempProject({ "pipelines/alerting.pipeline.ts": ALERTING });
  const compiled = compileDagFolder([path.join(both, "airflow-ts.config.ts")]);
  const alerting = compiled.pipelines.find((p) => p.dagId === "alerting")!;

  it("the model holds what the pipeline wrote: run callbacks, a task's own, and the defaults' on the others", () => {
    expect(alerting.notify?.failure?.map((n) => n.kind)).toEqual(["webhook"]);
    expect(alerting.tasks.find((t) => t.taskId === "extract")!.notify?.failure?.map((n) => n.kind)).toEqual(["slack", "email"]);
    // A task's notify replaces the defaults' as a whole.
    expect(alerting.tasks.find((t) => t.taskId === "extract")!.notify?.retry).toBeUndefined();
    expect(alerting.tasks.find((t) => t.taskId === "load")!.notify?.retry?.map((n) => n.kind)).toEqual(["slack"]);
    expect(ruff(compiled.dagFolder)).toEqual([]);
  });

  for (const line of ["airflow3", "airflow2"] as const) {
    it(`${line}: DagBag imports the DAG, its callbacks read back equal the model, and a failing task posts to Slack and mails`, () => {
      const answer = askAirflow(line, compiled.dagFolder, [["alerting", "extract"]]);
      expect(answer.import_errors).toEqual({});
      expectMatchesModel(answer, alerting, line);

      // The task's callbacks run where the task runs (the oracle leaves the run's own out: see fail_run).
      const run = answer.runs["alerting.extract"]!;
      expect(run.state).toMatch(/failed/);
      // Slack's incoming-webhook payload: the rendered text and blocks, POSTed as JSON to the webhook's path.
      const slackPosts = run.http.filter((r) => r.path.startsWith("/slack/"));
      expect(slackPosts).toEqual([
        {
          path: "/slack/T0/B0/XYZ",
          contentType: expect.stringMatching(/^application\/json/),
          body: expect.objectContaining({
            text: "extract of alerting failed: extract broke on purpose",
            blocks: [{ type: "section", text: { type: "mrkdwn", text: "*extract* failed" } }],
          }),
        },
      ]);
      expect(run.smtp).toEqual([{ from: "airflow@acme.example", to: ["oncall@acme.example", "data@acme.example"], subject: "extract failed", html: "<p>extract broke on purpose</p>" }]);
    });
  }

  it("airflow3: deadline alerts (from queued and from the logical date) read back equal the model, loaded and serialized", () => {
    const root = tempProject({ "pipelines/deadlines.pipeline.ts": DEADLINES, "airflow-ts.config.ts": ON_3_3 });
    const { pipelines, dagFolder } = compileDagFolder([path.join(root, "airflow-ts.config.ts")]);
    const deadlines = pipelines.find((p) => p.dagId === "deadlines")!;
    expect(deadlines.deadlines?.map((d) => [d.from, d.after])).toEqual([["queued", 7200], ["logicalDate", 108000]]);
    const answer = askAirflow("airflow3", dagFolder, []);
    expect(answer.import_errors).toEqual({});
    expectMatchesModel(answer, deadlines, "airflow3");
    expect(ruff(dagFolder)).toEqual([]);
  });
});
