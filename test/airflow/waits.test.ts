import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { AIRFLOW_LINES as LINE_FACTS } from "../../src/knowledge/airflow-lines";
import type { Pipeline } from "../../src/model/pipeline";
import { AIRFLOW_LINES, airflowWorkspace, compileDagFolder, ruff } from "./airflow-env";

/**
 * Waits and triggers judged by Airflow on each line: every DAG file imports in DagBag, and each sensor's and
 * trigger's class and attributes, read back from the loaded DAG and from the DAG serialized to JSON and back
 * (waits_readback.py), equal what the model says. The fixture project (test/airflow/waits/) has every form; the
 * examples' waits and triggers are compared too.
 */
const REPO = path.resolve(__dirname, "..", "..");
const CONFIGS = [path.join(__dirname, "waits", "airflow-ts.config.ts"), path.join(REPO, "airflow-ts.config.ts")];

type Task = Pipeline["tasks"][number];
type Fields = Record<string, unknown>;
interface Readback {
  class: string;
  module: string;
  loaded: Fields;
  serialized_class: string;
  serialized: Fields;
  upstream: string[];
}

/** Airflow's defaults for what a task leaves out (BaseSensorOperator, TriggerDagRunOperator, both lines). */
const SENSOR_DEFAULTS = { mode: "poke", poke_interval: 60, timeout: 7 * 24 * 3600, soft_fail: false };

const p2 = (n: number) => String(n).padStart(2, "0");

/** The class and attributes the model says Airflow holds for a wait or trigger on `line`. */
function expected(task: Task, line: (typeof AIRFLOW_LINES)[number]): { class: string; module: string; fields: Fields } | undefined {
  const facts = LINE_FACTS[line].waits;
  if (task.kind === "wait") {
    const s = task.sensor;
    const sensor = { mode: s.mode ?? SENSOR_DEFAULTS.mode, poke_interval: s.pokeIntervalSeconds ?? SENSOR_DEFAULTS.poke_interval, timeout: s.timeoutSeconds ?? SENSOR_DEFAULTS.timeout, soft_fail: s.softFail ?? false, retries: task.retries ?? 0 };
    const w = task.waitsFor;
    if (w.kind === "pipeline") {
      return {
        class: "ExternalTaskSensor",
        module: facts.modules.ExternalTaskSensor,
        fields: { ...sensor, external_dag_id: w.dagId, external_task_id: w.taskId ?? null, external_task_ids: w.taskId === undefined ? null : [w.taskId], execution_delta: w.offsetSeconds === undefined ? null : { seconds: w.offsetSeconds }, deferrable: s.deferrable },
      };
    }
    const operator = w.kind === "time" ? "TimeSensor" : "TimeDeltaSensor";
    // Deferrable: Airflow 3 sets the sensor's flag; 2.11 has a separate ...Async class and no flag.
    const asyncClass = s.deferrable && facts.deferrableTime === "async-class";
    const own = w.kind === "time" ? { target_time: { time: `${p2(w.time.hour)}:${p2(w.time.minute)}:${p2(w.time.second)}` } } : { delta: { seconds: w.seconds } };
    return { class: asyncClass ? `${operator}Async` : operator, module: facts.modules[operator], fields: { ...sensor, ...own, ...(facts.deferrableTime === "argument" && { deferrable: s.deferrable }) } };
  }
  if (task.kind === "trigger") {
    return {
      class: "TriggerDagRunOperator",
      module: facts.modules.TriggerDagRunOperator,
      fields: {
        trigger_dag_id: task.targetDagId,
        conf: Object.keys(task.conf).length ? task.conf : null,
        wait_for_completion: task.waitForCompletion,
        reset_dag_run: task.resetRun ?? false,
        poke_interval: task.pokeIntervalSeconds ?? 60,
        deferrable: task.deferrable,
        // Unset: Airflow 3 keeps its NOTSET marker, 2.11 None; both then use the time the task runs.
        logical_date: task.logicalDate ?? (line === "airflow3" ? "NOTSET" : null),
        retries: task.retries ?? 0,
      },
    };
  }
  return undefined;
}

/** Seconds in pendulum's words for a duration ("1 hour 30 minutes"). */
function secondsOfWords(text: string): number {
  const unit: Record<string, number> = { week: 604_800, day: 86_400, hour: 3600, minute: 60, second: 1 };
  const parts = [...text.matchAll(/(\d+) (week|day|hour|minute|second)s?/g)];
  expect(parts.map((m) => m[0]).join(" ")).toBe(text);
  return parts.reduce((sum, m) => sum + Number(m[1]) * unit[m[2]!]!, 0);
}

describe.each(AIRFLOW_LINES)("waits and triggers in Airflow (%s)", (line) => {
  let pipelines: Pipeline[];
  let dagFolder: string;
  let result: { airflow_version: string; import_errors: Record<string, string>; tasks: Record<string, Readback> };

  beforeAll(() => {
    const compiled = compileDagFolder(CONFIGS);
    pipelines = compiled.pipelines;
    dagFolder = compiled.dagFolder;
    const workspace = airflowWorkspace(line, compiled.dagFolder);
    const output = path.join(workspace.home, "waits.json");
    workspace.script("waits_readback.py", compiled.dagFolder, output);
    result = JSON.parse(fs.readFileSync(output, "utf8"));
  });

  it("imports every DAG file, and reads back every wait and trigger of the model, and no other", () => {
    expect(result.import_errors).toEqual({});
    const ours = pipelines.flatMap((p) => p.tasks.filter((t) => t.kind === "wait" || t.kind === "trigger").map((t) => `${p.dagId}.${t.taskId}`));
    expect(ours.length).toBeGreaterThanOrEqual(11);
    expect(Object.keys(result.tasks).sort()).toEqual(ours.sort());
  });

  it("ruff (Airflow rules, isort) finds nothing in the files: every wait form's per-line import included", () => {
    expect(ruff(dagFolder).map((f) => `${path.basename(f.filename)}:${f.location.row} ${f.code} ${f.message}`)).toEqual([]);
  });

  it("each operator's class, module and attributes on the loaded DAG equal the model", () => {
    for (const p of pipelines) {
      for (const task of p.tasks) {
        const want = expected(task, line);
        if (!want) continue;
        const got = result.tasks[`${p.dagId}.${task.taskId}`]!;
        expect({ id: task.taskId, class: got.class, module: got.module }).toEqual({ id: task.taskId, class: want.class, module: want.module });
        const loaded = Object.fromEntries(Object.keys(want.fields).map((k) => [k, got.loaded[k]]));
        expect({ id: task.taskId, ...loaded }).toEqual({ id: task.taskId, ...want.fields });
        expect(got.upstream).toEqual([...task.upstream].sort());
      }
    }
  });

  it("the serialized DAG (what the scheduler and UI get) keeps the targets: the class and every attribute it stores equal the model", () => {
    for (const p of pipelines) {
      for (const task of p.tasks) {
        const want = expected(task, line);
        if (!want) continue;
        const got = result.tasks[`${p.dagId}.${task.taskId}`]!;
        expect(got.serialized_class).toBe(want.class);
        // What identifies the target must survive serialization on both lines.
        const kept = task.kind === "trigger" ? ["trigger_dag_id", "conf", "wait_for_completion"] : task.kind === "wait" && task.waitsFor.kind === "pipeline" ? ["external_dag_id", "external_task_id"] : [];
        for (const key of kept) expect(Object.keys(got.serialized)).toContain(key);
        for (const [key, value] of Object.entries(got.serialized)) {
          if (!(key in want.fields)) continue;
          // A template field Airflow cannot encode (TimeDeltaSensor's delta on 3) is stored as its str(): the
          // pendulum duration's words.
          const stored = typeof value === "string" && key === "delta" ? { seconds: secondsOfWords(value) } : value;
          expect({ id: task.taskId, [key]: stored }).toEqual({ id: task.taskId, [key]: want.fields[key] });
        }
      }
    }
  });
});
