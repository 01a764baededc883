import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { AssetConditionModel, AssetModel, Pipeline } from "../../src/model/pipeline";
import { AIRFLOW_LINES as LINES } from "../../src/knowledge/airflow-lines";
import { asset, triggeringEvents } from "../../src/dsl/asset";
import { AIRFLOW_LINES, airflowWorkspace, askOracle, compileDagFolder } from "./airflow-env";

const REPO = path.resolve(__dirname, "..", "..");
const { pipelines, dagFolder } = compileDagFolder([path.join(REPO, "test/golden/cases/airflow-ts.config.ts")]);
const withAssets = pipelines.filter((p) => p.assets.length > 0);

type Line = (typeof AIRFLOW_LINES)[number];
interface Readback {
  schedule: { class: string; condition: unknown; or_time: { class: string; expression: string; timezone: string } | null };
  outlets: Record<string, unknown[]>;
}
interface Inspection {
  import_errors: Record<string, string>;
  dags: Record<string, { loaded: Readback; serialized: Readback }>;
}

/** An asset as the oracle reads it back from the line's asset class. */
function expectedAsset(a: AssetModel, line: Line): unknown {
  const base = { uri: a.uri, extra: a.extra ?? {} };
  return LINES[line].assets.namesAndGroups ? { ...base, name: a.name, group: a.group ?? "asset" } : base;
}

function expectedCondition(c: AssetConditionModel, p: Pipeline, line: Line): unknown {
  if (c.kind === "asset") return expectedAsset(p.assets.find((a) => a.uri === c.uri)!, line);
  return { [c.kind]: c.of.map((inner) => expectedCondition(inner, p, line)) };
}

function expected(p: Pipeline, line: Line): Readback {
  const s = p.schedule;
  const classes = line === "airflow3" ? { triggered: "AssetTriggeredTimetable", orTime: "AssetOrTimeSchedule" } : { triggered: "DatasetTriggeredTimetable", orTime: "DatasetOrTimeSchedule" };
  const schedule =
    s.kind === "assets"
      ? {
          class: s.orCron ? classes.orTime : classes.triggered,
          condition: expectedCondition(s.condition, p, line),
          or_time: s.orCron ? { class: s.orCron.dataInterval ? "CronDataIntervalTimetable" : "CronTriggerTimetable", expression: s.orCron.expression, timezone: p.timezone } : null,
        }
      : { class: expect.any(String) as unknown as string, condition: null, or_time: null };
  return { schedule, outlets: Object.fromEntries(p.tasks.map((t) => [t.taskId, (t.produces ?? []).map((a) => expectedAsset(a, line))])) };
}

describe.each(AIRFLOW_LINES)("assets on %s: DagBag imports them, and the loaded and serialized DAGs hold the model's", (line) => {
  const inspection = askOracle<Inspection>(line, "assets_oracle.py", { mode: "inspect", folder: dagFolder });

  it("imports every file", () => {
    expect(inspection.import_errors).toEqual({});
    expect(withAssets.map((p) => p.dagId).sort()).toEqual(["fx_refresh", "lake_ingest", "sales_report"]);
  });

  it.each(withAssets.map((p) => [p.dagId, p] as const))("%s: schedule (condition tree, asset-or-time) and outlets", (dagId, p) => {
    const dag = inspection.dags[dagId]!;
    expect(dag.loaded).toEqual(expected(p, line));
    expect(dag.serialized).toEqual(expected(p, line));
  });
});

describe("on Airflow 3, an asset one pipeline produces triggers the pipeline scheduled on it", () => {
  it("records the producer's asset events, queues the consumer, and the scheduler creates its asset-triggered run", () => {
    const ws = airflowWorkspace("airflow3", dagFolder);
    ws.airflow("dags", "reserialize");
    ws.airflow("dags", "unpause", "sales_report");
    const out = ws.script("assets_trigger.py", "lake_ingest", "sales_report");
    const result = JSON.parse(out.trim().split("\n").pop()!) as {
      producer_state: string;
      events: { uri: string; source_dag_id: string; source_task_id: string }[];
      queued: string[];
      consumer_runs: { run_type: string; consumed: string[] }[];
    };
    expect(result.producer_state).toBe("success");
    const producer = withAssets.find((p) => p.dagId === "lake_ingest")!;
    // One event per outlet of each producing task, as the model lists them.
    expect(result.events).toEqual(
      producer.tasks.flatMap((t) => (t.produces ?? []).map((a) => ({ uri: a.uri, source_dag_id: "lake_ingest", source_task_id: t.taskId }))).sort((a, b) => (a.uri < b.uri ? -1 : 1)),
    );
    const consumer = withAssets.find((p) => p.dagId === "sales_report")!;
    const consumed = consumer.schedule.kind === "assets" ? conditionUris(consumer.schedule.condition).sort() : [];
    expect(result.queued).toEqual(consumed);
    expect(result.consumer_runs).toEqual([{ run_type: "asset_triggered", consumed }]);
  }, 600_000);
});

function conditionUris(c: AssetConditionModel): string[] {
  return c.kind === "asset" ? [c.uri] : c.of.flatMap(conditionUris);
}

describe.each(AIRFLOW_LINES)("triggeringEvents(...) on %s: the same template reads the asset's latest triggering event", (line) => {
  const orders = asset("S3://lake/orders/", { name: "orders" });
  const other = asset("s3://lake/other");
  const ev = (uri: string, name: string, n: number) => ({ uri, name, extra: { rows: n, file: `part-${n}` }, source_dag_id: `dag_${n}`, source_run_id: `run_${n}`, timestamp: `2026-03-0${n}T00:00:00+00:00` });
  // Airflow stores the URI normalized: that is what the template selects on.
  const events = [ev("s3://lake/orders", "orders", 1), ev("s3://lake/other", "s3://lake/other", 2), ev("s3://lake/orders", "orders", 3)];
  const templates = [triggeringEvents(orders).extra("rows"), triggeringEvents(orders).extra("file"), triggeringEvents(orders).sourceDagId, triggeringEvents(orders).sourceRunId, triggeringEvents(orders).timestamp, triggeringEvents(other).sourceRunId];

  it("renders the latest event of that asset, not another's; and nothing in a run the asset did not trigger", () => {
    expect(askOracle<string[]>(line, "assets_oracle.py", { mode: "render", templates, events })).toEqual(["3", "part-3", "dag_3", "run_3", "2026-03-03T00:00:00+00:00", "run_2"]);
    expect(askOracle<string[]>(line, "assets_oracle.py", { mode: "render", templates, events: [] })).toEqual(["", "", "", "", "", ""]);
  });
});
