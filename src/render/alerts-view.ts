import { AIRFLOW_LINES } from "../knowledge/airflow-lines";
import { NOTIFIER_CLASSES, type NotifierKind } from "../knowledge/notifiers";
import type { Pipeline } from "../model/pipeline";
import { formatPy, pyCall, pyDict, pyIdentifier, pyList, pyStr, pyTimedelta, pyValue, type PyExpr } from "../python/python-literals";
import type { ValidDeadline, ValidNotifier, ValidTaskNotify } from "../tasks/shared/notify-schema";
import type { SharedConstant } from "./shared-k8s-objects";
import { fromImport } from "../python/from-import";

/**
 * A notifier's constructor keywords, every user value through pyStr/pyValue. Keys in the order of the classes'
 * signatures (test/airflow/alerts.test.ts reads each back from the loaded DAG).
 */
function notifierKwargs(n: ValidNotifier): [string, PyExpr][] {
  const connection: [string, PyExpr] = [NOTIFIER_CLASSES[n.kind].connectionArg, pyStr(n.connection)];
  const defined = (entries: [string, PyExpr | undefined][]) => entries.filter((e): e is [string, PyExpr] => e[1] !== undefined);
  switch (n.kind) {
    case "slack":
      return defined([connection, ["text", pyStr(n.text)], ["blocks", n.blocks === undefined ? undefined : pyValue(n.blocks)]]);
    case "email":
      return defined([
        connection,
        ["to", pyList(n.to.map(pyStr))],
        ["from_email", n.from === undefined ? undefined : pyStr(n.from)],
        ["subject", pyStr(n.subject)],
        ["html_content", pyStr(n.body)],
      ]);
    case "webhook":
      return defined([
        connection,
        ["endpoint", n.endpoint === undefined ? undefined : pyStr(n.endpoint)],
        ["method", n.method === undefined ? undefined : pyStr(n.method)],
        ["json", n.json === undefined ? undefined : pyValue(n.json)],
        ["headers", n.headers === undefined ? undefined : pyValue(n.headers)],
      ]);
  }
}

/** The notifier classes a pipeline uses, in a fixed order (for its imports). */
function notifierKinds(p: Pipeline): NotifierKind[] {
  const used = new Set<NotifierKind>();
  const add = (list: readonly ValidNotifier[] | undefined) => list?.forEach((n) => used.add(n.kind));
  add(p.notify?.failure);
  add(p.notify?.success);
  p.deadlines?.forEach((d) => add(d.notify));
  for (const t of p.tasks) for (const list of Object.values(t.notify ?? {})) add(list);
  return (Object.keys(NOTIFIER_CLASSES) as NotifierKind[]).filter((kind) => used.has(kind));
}

/** What a DAG file needs for its alerts: imports, module-level notifiers, and the callback keywords per task. */
export interface AlertsView {
  readonly imports: readonly string[];
  /** `NOTIFY_... = SlackWebhookNotifier(...)`: one per distinct notifier, in order of first use. */
  readonly notifiers: readonly SharedConstant[];
  /** The DAG's keywords: `on_failure_callback`, `on_success_callback`, `deadline`. */
  readonly dagArgs: Readonly<Record<string, string | undefined>>;
  /** A task's keywords (`on_failure_callback=[...]`...), by task id; none for a task without alerts. */
  readonly taskArgs: ReadonlyMap<string, Readonly<Record<string, PyExpr>>>;
  /** Whether the DAG arguments use `timedelta` (a deadline's interval). */
  readonly usesTimedelta: boolean;
}

/**
 * Notifiers are written once at module level, as a hand-written DAG does, and the callbacks list them: Airflow
 * calls each with the context of the run or task that failed. `taken`: the module's names (tasks, imports).
 */
export function alertsView(p: Pipeline, taken: Set<string>): AlertsView {
  const byText = new Map<string, string>();
  const notifiers: SharedConstant[] = [];
  const nameOf = (n: ValidNotifier): string => {
    const { className } = NOTIFIER_CLASSES[n.kind];
    const expr = pyCall(className, Object.fromEntries(notifierKwargs(n)));
    const text = formatPy(expr);
    const known = byText.get(text);
    if (known) return known;
    const name = pyIdentifier(`NOTIFY_${n.kind}_${n.connection}`.toUpperCase(), taken);
    taken.add(name);
    byText.set(text, name);
    notifiers.push({ name, value: formatPy(expr, "", name.length + 3) });
    return name;
  };
  const callbacks = (list: readonly ValidNotifier[] | undefined): PyExpr | undefined => (list === undefined || list.length === 0 ? undefined : pyList(list.map(nameOf)));

  const dagArgs: Record<string, string | undefined> = {
    on_failure_callback: fmt(callbacks(p.notify?.failure)),
    on_success_callback: fmt(callbacks(p.notify?.success)),
    deadline: p.deadlines === undefined ? undefined : formatPy(pyList(p.deadlines.flatMap(deadlineAlerts)), "    "),
  };
  const taskArgs = new Map<string, Record<string, PyExpr>>();
  for (const t of p.tasks) {
    const args = taskCallbackArgs(t.notify, callbacks);
    if (Object.keys(args).length > 0) taskArgs.set(t.taskId, args);
  }
  const kinds = notifierKinds(p);
  const deadlineModules = "module" in AIRFLOW_LINES.airflow3.deadlineAlerts ? AIRFLOW_LINES.airflow3.deadlineAlerts : undefined;
  return {
    imports: [
      ...kinds.map((kind) => `from ${NOTIFIER_CLASSES[kind].module} import ${NOTIFIER_CLASSES[kind].className}`),
      // Only when the pipeline has one: validation let it through only for lines that have deadline alerts.
      ...(p.deadlines && deadlineModules ? [deadlineImport(deadlineModules)] : []),
    ],
    notifiers,
    dagArgs,
    taskArgs,
    usesTimedelta: p.deadlines !== undefined,
  };
}

/** The deadline classes' import: from where 3.2+ has them, else (3.1) where they were first (airflow-lines.ts). */
function deadlineImport({ module, olderModule }: { readonly module: string; readonly olderModule?: string }): string {
  const names = ["AsyncCallback", "DeadlineAlert", "DeadlineReference"];
  if (olderModule === undefined) return fromImport("", module, names);
  return [`try:  # Airflow 3.2+`, fromImport("    ", module, names), `except ImportError:  # Airflow 3.1`, fromImport("    ", olderModule, names)].join("\n");
}

function fmt(expr: PyExpr | undefined): string | undefined {
  return expr === undefined ? undefined : formatPy(expr, "    ");
}

function taskCallbackArgs(notify: ValidTaskNotify | undefined, callbacks: (list: readonly ValidNotifier[] | undefined) => PyExpr | undefined): Record<string, PyExpr> {
  const args: Record<string, PyExpr | undefined> = {
    on_failure_callback: callbacks(notify?.failure),
    on_retry_callback: callbacks(notify?.retry),
    on_success_callback: callbacks(notify?.success),
  };
  return Object.fromEntries(Object.entries(args).filter((e): e is [string, PyExpr] => e[1] !== undefined));
}

/**
 * One `DeadlineAlert` per notifier (an alert has one callback). The triggerer awaits the notifier class built
 * from `kwargs` (Airflow's notifiers are awaitable), so the kwargs are the constructor's, as plain data: the
 * alert is stored in the serialized DAG.
 */
function deadlineAlerts(d: ValidDeadline): PyExpr[] {
  const reference = d.from === "queued" ? "DeadlineReference.DAGRUN_QUEUED_AT" : "DeadlineReference.DAGRUN_LOGICAL_DATE";
  return d.notify.map((n) =>
    pyCall("DeadlineAlert", {
      reference,
      interval: pyTimedelta(d.after),
      callback: pyCall("AsyncCallback", { kwargs: pyDict(notifierKwargs(n)) }, [NOTIFIER_CLASSES[n.kind].className]),
    }),
  );
}
