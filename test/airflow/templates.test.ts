import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Pipeline, PodTaskModel } from "../../src/model/pipeline";
import { AIRFLOW_LINES, airflowWorkspace, compileDagFolder } from "./airflow-env";
import { asset, triggeringEvents } from "../../src/dsl/asset";

/**
 * Jinja and backfills, judged by Airflow's own code on each line: every templated field of every example task
 * rendered for a logical date (what `airflow tasks render` does), and the nightly ETL's backfill over a week
 * planned by Airflow's backfill dry run (the CLI's and the function it calls), each backfilled day rendered.
 */
const REPO = path.resolve(__dirname, "..", "..");
const RENDER_AT = "2026-03-05T02:00:00+00:00";
const BACKFILL = { dagId: "nightly_sales_etl", from: "2026-03-02", to: "2026-03-08T02:00:00+00:00" };
/** Pipelines whose templates need XCom values and mapped instances are rendered by typed-airflow.test.ts. */
const RENDERED_ELSEWHERE = ["partitioned_sales"];

interface RenderedTask {
  run: { run_id: string; logical_date: string; data_interval_start: string; data_interval_end: string };
  fields: Record<string, any>;
}
interface Rendering {
  airflow_version: string;
  rendered: Record<string, Record<string, RenderedTask>>;
  backfill: { logical_dates: string[]; runs: Record<string, RenderedTask>[] };
}

describe.each(AIRFLOW_LINES)("templates and backfills through Airflow's own rendering (%s)", (line) => {
  let pipelines: readonly Pipeline[];
  let workspace: ReturnType<typeof airflowWorkspace>;
  let result: Rendering;

  beforeAll(() => {
    const compiled = compileDagFolder([path.join(REPO, "airflow-ts.config.ts")]);
    pipelines = compiled.pipelines.filter((p) => !RENDERED_ELSEWHERE.includes(p.dagId));
    workspace = airflowWorkspace(line, compiled.dagFolder);
    const output = path.join(workspace.home, "rendered.json");
    const dags = pipelines.map((p) => p.dagId).join(",");
    workspace.script("render_runs.py", output, "--render-at", RENDER_AT, "--dags", dags, "--backfill", BACKFILL.dagId, BACKFILL.from, BACKFILL.to);
    result = JSON.parse(fs.readFileSync(output, "utf8")) as Rendering;
  });

  it(`renders every templated field of every example task for ${RENDER_AT} as the templates say`, () => {
    expect(Object.keys(result.rendered).sort()).toEqual(pipelines.map((p) => p.dagId).sort());
    // `tasks render <date>` makes a manual run whose id is the date as given, with the interval ending then.
    const context = contextFor(RENDER_AT, RENDER_AT, RENDER_AT);
    for (const pipeline of pipelines) {
      // Spark tasks' templates (their template_spec) are rendered and read back by spark.test.ts.
      for (const task of pipeline.tasks.filter((t) => t.kind === "pod")) {
        const rendered = result.rendered[pipeline.dagId]![task.taskId]!;
        expect(rendered.run.run_id).toBe(RENDER_AT);
        expect(renderedFields(rendered), `${pipeline.dagId}.${task.taskId}`).toEqual(expectedFields(task, context, pipeline));
      }
    }
    // The daily report reads the event that triggered it: a `tasks render` run was triggered by none, and the
    // template renders "" on both lines (2.11 from its triggering_dataset_events mapping, 3 from its accessor).
    expect(result.rendered.daily_sales_report!.render_report!.fields.arguments).toEqual(["--table", "analytics.daily_sales", "--loaded-by", ""]);
    // Not vacuous: the examples do use templates, and they did change.
    const extract = result.rendered.nightly_sales_etl!.extract!;
    expect(extract.fields.arguments).toEqual(["--date", "2026-03-05", "--out", "/data/raw/2026-03-05"]);
  });

  it("plans the nightly ETL's backfill over a week as exactly the runs its schedule implies", () => {
    const pipeline = pipelines.find((p) => p.dagId === BACKFILL.dagId)!;
    expect(result.backfill.logical_dates).toEqual(dailyRuns(pipeline, BACKFILL.from, BACKFILL.to));
    expect(result.backfill.logical_dates).toHaveLength(7);
  });

  it("gives each backfilled day the arguments that day needs", () => {
    const pipeline = pipelines.find((p) => p.dagId === BACKFILL.dagId)!;
    result.backfill.runs.forEach((run, index) => {
      const logical = result.backfill.logical_dates[index]!;
      for (const task of pipeline.tasks.filter((t) => t.kind === "pod")) {
        const rendered = run[task.taskId]!;
        expect(rendered.run.logical_date).toBe(logical);
        // A data-interval run covers the day of its logical date and runs when that day is over.
        expect(rendered.run.data_interval_start).toBe(logical);
        expect(rendered.run.data_interval_end).toBe(plusDays(logical, 1));
        const context = contextFor(logical, rendered.run.data_interval_end, rendered.run.run_id);
        expect(renderedFields(rendered), `${logical} ${task.taskId}`).toEqual(expectedFields(task, context, pipeline));
      }
    });
    const day = result.backfill.runs[2]!;
    expect(day.extract!.fields.arguments).toEqual(["--date", "2026-03-04", "--out", "/data/raw/2026-03-04"]);
    expect(day.load!.fields.arguments).toContain("2026-03-04");
  });

  it("agrees with `airflow tasks render`, the CLI itself", () => {
    const out = workspace.airflow("tasks", "render", BACKFILL.dagId, "extract", RENDER_AT);
    // The CLI prints each field under a "# property: <name>" banner; arguments is a one-line Python list.
    const lines = out.split("\n").map((l) => l.trim());
    const value = lines[lines.indexOf("# property: arguments") + 2]!;
    expect(JSON.parse(value.replaceAll("'", '"'))).toEqual(result.rendered[BACKFILL.dagId]!.extract!.fields.arguments);
  });

  it("agrees with the backfill CLI users run", () => {
    const pipeline = pipelines.find((p) => p.dagId === BACKFILL.dagId)!;
    const expected = dailyRuns(pipeline, BACKFILL.from, BACKFILL.to);
    if (line === "airflow3") {
      workspace.airflow("dags", "reserialize");
      const out = workspace.airflow("backfill", "create", "--dag-id", BACKFILL.dagId, "--from-date", BACKFILL.from, "--to-date", BACKFILL.to, "--dry-run");
      const listed = [...out.matchAll(/^\| (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00) +\|/gm)].map((m) => m[1]!.replace(" ", "T"));
      expect(listed).toEqual(expected);
    } else {
      // 2.x prints no run list, but renders every run's pods: the --date each extract pod got names its day.
      const out = workspace.airflow("dags", "backfill", "--dry-run", "-s", BACKFILL.from, "-e", BACKFILL.to, BACKFILL.dagId);
      const days = [...out.matchAll(/^\s*- --date\n\s*- '?(\d{4}-\d\d-\d\d)'?$/gm)].map((m) => m[1]);
      expect(days).toEqual(expected.map((iso) => iso.slice(0, 10)));
    }
  });
});

/** The Airflow context variables the examples use, for a run. */
function contextFor(logicalDate: string, dataIntervalEnd: string, runId: string): Record<string, string> {
  // Datetimes render as Python's str(): a space between date and time. `ts` is the ISO form with a "T".
  const str = (iso: string) => iso.replace("T", " ");
  return { ds: logicalDate.slice(0, 10), ds_nodash: logicalDate.slice(0, 10).replaceAll("-", ""), ts: logicalDate, data_interval_end: str(dataIntervalEnd), run_id: runId };
}

/**
 * The `triggeringEvents(asset)` templates of the pipeline's assets (source DAG, source run, timestamp), with what
 * they render to in the runs rendered here: "" (the DSL's documented value in a run no event of the asset
 * triggered: a `tasks render` run, a backfill run). test/airflow/assets.test.ts renders them with events.
 */
function triggeringTemplates(pipeline: Pipeline): [string, string][] {
  return pipeline.assets.flatMap((a) => {
    const events = triggeringEvents(asset(a.writtenUri));
    return [events.sourceDagId, events.sourceRunId, events.timestamp].map((template): [string, string] => [template, ""]);
  });
}

/** `{{ name }}` replaced from the context; any other template is a test that needs extending, not a pass. */
function substitute(text: string, context: Record<string, string>, triggering: readonly [string, string][] = []): string {
  for (const [template, value] of triggering) text = text.split(template).join(value);
  const out = text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    if (!(name in context)) throw new Error(`the examples use {{ ${name} }}: add it to contextFor()`);
    return context[name]!;
  });
  if (out.includes("{{") || out.includes("{%")) throw new Error(`unsupported template in ${JSON.stringify(text)}`);
  return out;
}

function expectedFields(task: PodTaskModel, context: Record<string, string>, pipeline: Pipeline) {
  const triggering = triggeringTemplates(pipeline);
  const sub = (s: string) => substitute(s, context, triggering);
  return {
    image: sub(task.image),
    cmds: (task.command ?? []).map(sub),
    arguments: (task.args ?? []).map(sub),
    env: Object.fromEntries(task.env.flatMap((e) => (e.kind === "value" ? [[e.name, sub(e.value)]] : []))),
    labels: Object.fromEntries(Object.entries(task.labels).map(([k, v]) => [k, sub(v)])),
    namespace: task.namespace === undefined ? null : sub(task.namespace),
  };
}

function renderedFields(task: RenderedTask) {
  const f = task.fields;
  return {
    image: f.image,
    cmds: f.cmds,
    arguments: f.arguments,
    env: Object.fromEntries((f.env_vars as { name: string; value?: string }[]).filter((e) => e.value !== undefined).map((e) => [e.name, e.value])),
    labels: f.labels,
    namespace: f.namespace ?? null,
  };
}

/** Logical dates of a daily cron schedule ("M H * * *", UTC) between two instants, both included. */
function dailyRuns(pipeline: Pipeline, from: string, to: string): string[] {
  const s = pipeline.schedule;
  const match = s.kind === "cron" ? /^(\d+) (\d+) \* \* \*$/.exec(s.expression) : null;
  if (!match || pipeline.timezone !== "UTC") throw new Error("dailyRuns() knows daily cron schedules in UTC only");
  const [minute, hour] = [Number(match[1]), Number(match[2])];
  const runs: string[] = [];
  for (let day = Date.parse(`${from.slice(0, 10)}T00:00:00Z`); day <= Date.parse(to); day += 86_400_000) {
    const at = day + (hour * 60 + minute) * 60_000;
    if (at >= Date.parse(from.length === 10 ? `${from}T00:00:00Z` : from) && at <= Date.parse(to)) runs.push(new Date(at).toISOString().replace(".000Z", "+00:00"));
  }
  return runs;
}

function plusDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString().replace(".000Z", "+00:00");
}
