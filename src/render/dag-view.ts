import type { Pipeline, ScheduleModel, TaskModel } from "../model/pipeline";
import type { ParamJson } from "../knowledge/airflow-params";
import type { LocalDateTime } from "../knowledge/dates";
import { C_IDENTIFIER } from "../knowledge/kubernetes";
import { ALL_KINDS, kindOf } from "../tasks";
import { K8S_CONFIG } from "../tasks/container/view";
import { itemArgsExpression } from "../tasks/shared/mapping";
import type { ArgView, TaskView } from "../tasks/task-kind";
import { formatPy, pyBool, pyCall, pyDict, pyIdentifier, pyInt, pyList, pyStr, pyTimedelta, pyValue, type PyExpr } from "../python/python-literals";
import { TIMETABLE_NAMES, type TimetableName } from "../knowledge/airflow-lines";
import { authoringParts, AUTHORING_NAMES, lineBlock, type LineBlock } from "./line-block";
import { withProvenance } from "../tasks/shared/provenance";
import { SharedK8sObjects, type SharedConstant } from "./shared-k8s-objects";
import { ASSET_NAMES, assetRendering, outletsOf } from "./asset-view";
import { alertsView } from "./alerts-view";

/** What `dag-templates/dag.py.hbs` sees: every line already written as Python. */
export interface DagView {
  readonly imports: readonly string[];
  /** The operators' imports: one per task kind the DAG has, in registry order. */
  readonly operatorImports: readonly string[];
  /** Fixed module-level Python of the kinds the DAG has (a branch's functions), in registry order. */
  readonly kindDefinitions: readonly string[];
  /** One try/except per Airflow line: DAG, Param, TaskGroup and the timetable, and the assets (line-block.ts). */
  readonly lines: LineBlock;
  /** Module-level functions giving a mapped task's args for one item of an upstream result. */
  readonly itemFunctions: readonly { readonly name: string; readonly doc: string; readonly body: string }[];
  /** The one kubernetes client Configuration every model object gets; false when the file has none. */
  readonly kubernetesConfig: string | false;
  /** Kubernetes objects built once at module level and shared by the tasks (see shared-k8s-objects.ts). */
  readonly sharedObjects: readonly SharedConstant[];
  /** Notifiers built once at module level, which the callbacks name (see alerts-view.ts). */
  readonly notifiers: readonly SharedConstant[];
  readonly dagArgs: readonly ArgView[];
  readonly groups: readonly { readonly variable: string; readonly call: string }[];
  /** Each printed by its kind's partial (`partial`), then the statement that sets its upstream tasks (if any). */
  readonly tasks: readonly (TaskView & { readonly dependency: string | undefined })[];
}

/** Names the generated module defines itself; task variables must not shadow them. */
/** Every kind's names are reserved in every file, so a task's variable does not depend on which kinds its DAG has. */
const RESERVED = new Set(["dag", ...AUTHORING_NAMES, "item", "str", "pendulum", "timedelta", "annotations", ...ALL_KINDS.flatMap((kind) => kind.reservedNames), ...TIMETABLE_NAMES, ...ASSET_NAMES]);

export function dagView(pipeline: Pipeline): DagView {
  const taken = new Set(RESERVED);
  const name = (id: string) => {
    const variable = pyIdentifier(id, taken);
    taken.add(variable);
    return variable;
  };
  // Groups first: a group and a task cannot share an id, but their Python names could collide.
  const groupVariables = new Map(pipeline.groups.map((g) => [g.groupId, name(g.groupId)]));
  const variables = new Map(pipeline.tasks.map((t) => [t.taskId, name(t.taskId)]));
  // A task mapped over a result gets a module-level function that builds one pod's args from one item.
  const itemFunctionNames = new Map(pipeline.tasks.filter((t) => t.mapping?.kind === "result").map((t) => [t.taskId, name(`${variables.get(t.taskId)}_arguments`)]));
  const itemFunctions = pipeline.tasks.flatMap((t) =>
    t.mapping?.kind === "result"
      ? [{ name: itemFunctionNames.get(t.taskId)!, doc: `The arguments of one mapped \`${t.taskId}\` pod: for one item of \`${t.mapping.sourceTaskId}\`'s result.`, body: itemArgsExpression(t.mapping.args) }]
      : [],
  );
  const assets = assetRendering(pipeline, taken, (expression, dataInterval) => cronTimetable(expression, dataInterval, pipeline.timezone));
  const { expression: schedule, timetable } =
    pipeline.schedule.kind === "assets" ? { expression: assets.schedule!, timetable: assets.timetable } : scheduleExpression(pipeline.schedule, pipeline.timezone);
  const alerts = alertsView(pipeline, taken);
  // Named after every task and function, which keep their names whatever objects the tasks share.
  const shared = new SharedK8sObjects(taken);
  const views = pipeline.tasks.map((t) =>
    kindOf(t).view(t, {
      variable: variables.get(t.taskId)!,
      ...(t.group !== undefined && { groupVariable: groupVariables.get(t.group)! }),
      ...(t.mapping?.kind === "result" && { sourceVariable: variables.get(t.mapping.sourceTaskId)!, itemFunction: itemFunctionNames.get(t.taskId)! }),
      ...(t.produces && { outlets: outletsOf(t.produces, assets.variables)! }),
      ...(t.consumes && { inlets: outletsOf(t.consumes, assets.variables)! }),
      ...(alerts.taskArgs.has(t.taskId) && { callbacks: alerts.taskArgs.get(t.taskId)! }),
    }, (expr, hint) => shared.share(expr, hint)),
  );
  const groups = pipeline.groups.map((g) => ({
    variable: groupVariables.get(g.groupId)!,
    call: formatPy(pyCall("TaskGroup", { group_id: pyStr(g.localId), tooltip: g.tooltip === undefined ? undefined : pyStr(g.tooltip), parent_group: g.parent === undefined ? undefined : groupVariables.get(g.parent)! }), "    "),
  }));
  const tasks = views.map((view, i) => ({ ...view, dependency: dependencyLine(pipeline.tasks[i]!, (id) => variables.get(id)!) }));

  const kubernetesModels = pipeline.tasks.some((t) => kindOf(t).usesKubernetesModels(t));
  const imports = [
    ...(usesTimedelta(pipeline) || alerts.usesTimedelta ? ["from datetime import timedelta", ""] : []),
    "import pendulum",
    ...(kubernetesModels ? ["from kubernetes.client import Configuration", "from kubernetes.client import models as k8s"] : []),
  ];
  const authoring = authoringParts({ params: pipeline.params.length > 0, taskGroups: groups.length > 0, ...(timetable && { timetable }) });
  return {
    imports,
    // Sorted with the notifiers' imports, as isort orders one block; a try/except import (an operator that moved
    // between Airflow lines) is a block of its own for isort.
    operatorImports: [
      ...ALL_KINDS.filter((kind) => pipeline.tasks.some((t) => t.kind === kind.name)).map((kind) =>
        typeof kind.pythonImport === "string" ? kind.pythonImport : kind.pythonImport(pipeline.tasks.filter((t) => t.kind === kind.name)),
      ),
      ...alerts.imports,
    ]
      .sort()
      .map((text, index, all) => (index > 0 && (text.startsWith("try:") || all[index - 1]!.startsWith("try:")) ? `\n${text}` : text)),
    kindDefinitions: ALL_KINDS.filter((kind) => kind.pythonDefinitions !== undefined && pipeline.tasks.some((t) => t.kind === kind.name)).flatMap((kind) => {
      const definitions = typeof kind.pythonDefinitions === "function" ? kind.pythonDefinitions(pipeline.tasks.filter((t) => t.kind === kind.name)) : kind.pythonDefinitions;
      return definitions === undefined ? [] : [definitions];
    }),
    lines: lineBlock({
      airflow3: [authoring.airflow3, ...assets.parts.airflow3],
      airflow2: [authoring.airflow2, ...assets.parts.airflow2],
    }),
    itemFunctions,
    kubernetesConfig: kubernetesModels ? `${K8S_CONFIG} = Configuration.get_default_copy()` : false,
    sharedObjects: shared.list(),
    notifiers: alerts.notifiers,
    dagArgs: [...dagArgs(pipeline, schedule), ...Object.entries(alerts.dagArgs).flatMap(([name, value]) => (value === undefined ? [] : [{ name, value }]))],
    groups,
    tasks,
  };
}

/**
 * `a >> b`, or `[a, b] >> c` for several upstream tasks, written right after the task it points to (the tasks are
 * in topological order, so every upstream task is defined by then), as a hand-written DAG sets each edge where the
 * task is made. Where matters: Airflow hashes the DAG for every edge it sets, and the hash covers the ids of every
 * task the DAG has so far. Set as each task arrives, the edges of a 5,000-task DAG cost half what they cost when
 * all are set after the last task.
 */
function dependencyLine(task: TaskModel, variable: (taskId: string) => string): string | undefined {
  if (task.upstream.length === 0) return undefined;
  const left = task.upstream.length === 1 ? variable(task.upstream[0]!) : formatPy(pyList(task.upstream.map(variable)), "    ");
  return `${left} >> ${variable(task.taskId)}`;
}

/** `Param(default, description=..., type=..., ...)`: the JSON Schema's keywords as keyword arguments. */
function paramCall(param: ParamJson): PyExpr {
  const keywords = Object.entries(param.schema);
  // Param also takes the whole schema as `schema=`: needed only if a keyword is not a Python identifier.
  const asKwargs = keywords.every(([k]) => C_IDENTIFIER.test(k) && !["default", "description", "source", "schema"].includes(k));
  const schema: [string, PyExpr][] = asKwargs ? keywords.map(([k, v]) => [k, pyValue(v)]) : [["schema", pyValue(param.schema)]];
  const description: [string, PyExpr][] = param.description === undefined ? [] : [["description", pyStr(param.description)]];
  // The default first and positional, as Airflow's docs write it; none means the form must fill it in.
  return pyCall("Param", Object.fromEntries([...description, ...schema]), param.hasDefault ? [pyValue(param.default)] : []);
}

/** Decided from the model, not by searching the rendered text (which user strings could fool). */
function usesTimedelta(p: Pipeline): boolean {
  return (
    p.runTimeoutSeconds !== undefined ||
    p.schedule.kind === "interval" ||
    p.tasks.some((t) =>
      [t.retryDelaySeconds, t.maxRetryDelaySeconds, t.executionTimeoutSeconds].some((s) => s !== undefined),
    )
  );
}

function dagArgs(p: Pipeline, schedule: string): ArgView[] {
  const args: Record<string, string | undefined> = {
    dag_id: pyStr(p.dagId),
    description: p.description === undefined ? undefined : pyStr(p.description),
    doc_md: pyStr(withProvenance(p.docs, p.sourceFile, p.sourceLine)),
    // schedule, start_date and catchup are always explicit: their defaults differ between Airflow 2 and 3.
    schedule,
    start_date: pyDate(p.start, p.timezone),
    end_date: p.end === undefined ? undefined : pyDate(p.end, p.timezone),
    catchup: pyBool(p.catchup),
    max_active_runs: p.maxActiveRuns === undefined ? undefined : pyInt(p.maxActiveRuns),
    max_active_tasks: p.maxActiveTasks === undefined ? undefined : pyInt(p.maxActiveTasks),
    dagrun_timeout: p.runTimeoutSeconds === undefined ? undefined : pyTimedelta(p.runTimeoutSeconds),
    is_paused_upon_creation: p.pausedOnCreation === undefined ? undefined : pyBool(p.pausedOnCreation),
    tags: p.tags.length === 0 ? undefined : formatPy(pyList(p.tags.map(pyStr)), "    "),
    params: p.params.length === 0 ? undefined : formatPy(pyDict(p.params.map((param) => [param.name, paramCall(param)])), "    "),
  };
  return Object.entries(args)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ({ name, value }));
}

/** An explicit timetable object, so a cron or interval means the same on Airflow 2 and 3 whatever their defaults. */
function scheduleExpression(schedule: Exclude<ScheduleModel, { kind: "assets" }>, timezone: string): { expression: string; timetable?: TimetableName } {
  switch (schedule.kind) {
    case "cron":
      return cronTimetable(schedule.expression, schedule.dataInterval, timezone);
    case "interval": {
      const timetable = schedule.dataInterval ? "DeltaDataIntervalTimetable" : "DeltaTriggerTimetable";
      return { expression: `${timetable}(${pyTimedelta(schedule.seconds)})`, timetable };
    }
    case "once":
      return { expression: pyStr("@once") };
    case "continuous":
      return { expression: pyStr("@continuous") };
    case "none":
      return { expression: "None" };
  }
}

function cronTimetable(expression: string, dataInterval: boolean, timezone: string): { expression: string; timetable: TimetableName } {
  const timetable = dataInterval ? "CronDataIntervalTimetable" : "CronTriggerTimetable";
  return { expression: `${timetable}(${pyStr(expression)}, timezone=${pyStr(timezone)})`, timetable };
}

function pyDate(d: LocalDateTime, timezone: string): string {
  const time = d.hour || d.minute || d.second ? [d.hour, d.minute, d.second] : [];
  return `pendulum.datetime(${[d.year, d.month, d.day, ...time].join(", ")}, tz=${pyStr(timezone)})`;
}
