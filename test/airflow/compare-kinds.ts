import { isDeepStrictEqual } from "node:util";
import { AIRFLOW_LINES as LINE_FACTS } from "../../src/knowledge/airflow-lines";
import { NOTIFIER_CLASSES } from "../../src/knowledge/notifiers";
import type { Pipeline } from "../../src/model/pipeline";
import type { ValidDeadline, ValidNotifier } from "../../src/tasks/shared/notify-schema";
import type { AirflowLine, InspectedDag } from "./airflow-env";

/**
 * What compare.ts leaves to the kinds' own tests, for the property round trip: each wait's sensor and each
 * trigger's operator (class and module per line, and the attributes it holds), the notifiers of the run's and
 * every task's callbacks, and the deadline alerts, against the model, as inspect_dags.py reads them from the
 * loaded DAG. One line per difference, as compare.ts writes them.
 */
export function differencesInKinds(pipeline: Pipeline, dag: InspectedDag | undefined, line: AirflowLine): string[] {
  if (!dag) return [];
  const out: string[] = [];
  const same = (where: string, field: string, want: unknown, got: unknown) => {
    if (!isDeepStrictEqual(want, got)) out.push(`${where}: ${field}: expected ${show(want)}, got ${show(got)}`);
  };
  // Of each notifier Airflow holds, the fields the model sets (the classes add defaults of their own).
  const sameNotifiers = (where: string, field: string, want: Record<string, Record<string, unknown>[]>, got: Record<string, Record<string, unknown>[]> | undefined) =>
    same(where, field, want, Object.fromEntries(Object.entries(want).map(([event, list]) => [event, (got?.[event] ?? []).map((n, i) => (list[i] ? pick(n, Object.keys(list[i]!)) : n))])));
  sameNotifiers(pipeline.dagId, "run callbacks", { failure: notifiersOf(pipeline.notify?.failure), success: notifiersOf(pipeline.notify?.success) }, dag.callbacks);
  same(pipeline.dagId, "deadlines", expectedDeadlines(pipeline.deadlines), dag.deadlines);
  for (const task of pipeline.tasks) {
    const actual = dag.tasks[task.taskId];
    if (!actual) continue;
    const where = `${pipeline.dagId}.${task.taskId}`;
    const notify = "notify" in task ? (task.notify as { failure?: ValidNotifier[]; retry?: ValidNotifier[]; success?: ValidNotifier[] } | undefined) : undefined;
    sameNotifiers(where, "callbacks", { failure: notifiersOf(notify?.failure), retry: notifiersOf(notify?.retry), success: notifiersOf(notify?.success) }, actual.callbacks);
    const want = expectedOperator(task, line);
    if (!want) continue;
    if (!actual.sensor) {
      out.push(`${where}: operator: expected ${want.class}, got ${actual.operator}`);
      continue;
    }
    same(where, "operator class", want.class, actual.sensor.class);
    same(where, "operator module", want.module, actual.sensor.module);
    for (const [field, value] of Object.entries(want.fields)) same(where, field, value, actual.sensor.fields[field]);
    // Serialized, an operator keeps its template fields and BaseOperator's: those kept must be the model's, and
    // what names the target must be kept.
    same(where, "serialized class", want.class, actual.sensor.serialized_class);
    const kept = task.kind === "trigger" ? ["trigger_dag_id", "conf", "wait_for_completion"] : task.kind === "wait" && task.waitsFor.kind === "pipeline" ? ["external_dag_id", "external_task_id"] : [];
    for (const key of kept) if (!(key in actual.sensor.serialized)) out.push(`${where}: serialized: ${key} not kept`);
    for (const [field, value] of Object.entries(actual.sensor.serialized)) {
      if (!(field in want.fields)) continue;
      // A template field Airflow cannot encode (TimeDeltaSensor's delta on 3) is stored as its str(): pendulum's words.
      const stored = field === "delta" && typeof value === "string" ? { seconds: secondsOfWords(value) } : value;
      same(where, `serialized ${field}`, want.fields[field], stored);
    }
  }
  return out;
}

type Task = Pipeline["tasks"][number];

/** Airflow's defaults for what a task leaves out (BaseSensorOperator, TriggerDagRunOperator, both lines). */
const SENSOR_DEFAULTS = { mode: "poke", poke_interval: 60, timeout: 7 * 24 * 3600, soft_fail: false };
const p2 = (n: number) => String(n).padStart(2, "0");

/**
 * The class, module and attributes the model says Airflow holds for a wait or trigger on `line` (the same
 * expectation as test/airflow/waits.test.ts, which reads the fixture project's forms from the serialized DAG too).
 */
export function expectedOperator(task: Task, line: AirflowLine): { class: string; module: string; fields: Record<string, unknown> } | undefined {
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
    if (w.kind !== "time" && w.kind !== "delta") return undefined;
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

/** What a notifier's constructor was given, as its template fields hold it: the model's values, named as Airflow names them. */
export function expectedNotifier(n: ValidNotifier): Record<string, unknown> {
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

/** The deadline alerts Airflow must hold: one per notifier, its callback the notifier's class with its arguments. */
export function expectedDeadlines(deadlines: readonly ValidDeadline[] | undefined): unknown[] | null {
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

const notifiersOf = (list: readonly ValidNotifier[] | undefined) => (list ?? []).map(expectedNotifier);

/** Seconds in pendulum's words for a duration ("1 hour 30 minutes"); NaN for other text. */
function secondsOfWords(text: string): number {
  const unit: Record<string, number> = { week: 604_800, day: 86_400, hour: 3600, minute: 60, second: 1 };
  const parts = [...text.matchAll(/(\d+) (week|day|hour|minute|second)s?/g)];
  if (parts.map((m) => m[0]).join(" ") !== text) return Number.NaN;
  return parts.reduce((sum, m) => sum + Number(m[1]) * unit[m[2]!]!, 0);
}

function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in record).map((k) => [k, record[k]]));
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
