import * as path from "node:path";
import { kindOf, type TaskModel, type ValidPipeline, type ValidTaskInput } from "../tasks";
import type { ValidPipelineOptions, ValidSchedule } from "../tasks/shared/validated";
import { definedOnly } from "../tasks/shared/records";
import type { TaskModelCommon } from "../tasks/task-kind";
import type { GroupModel, Pipeline, ScheduleModel } from "./pipeline";
import { implicitUpstream } from "../tasks/shared/implicit-upstream";
import { freeText } from "../knowledge/free-text";
import { paramsJson } from "../knowledge/airflow-params";
import { sortTasks } from "./sort-tasks";
import { assetConditionModel, assetModel, conditionAssets, type AssetModel } from "../tasks/shared/assets";
import { findJoins, JOIN_TRIGGER_RULE } from "../tasks/shared/branch-joins";

/**
 * Builds the frozen model of validated pipelines, sorted by DAG id: from what validation returned (durations,
 * dates and cron expressions already parsed), never from the raw input.
 */
export function buildModel(pipelines: readonly ValidPipeline[], root: string): readonly Pipeline[] {
  return assembleModel(pipelines.map((p) => buildPipeline(p, root)));
}

/**
 * The project's model from pipelines modelled one by one, sorted by DAG id as buildModel returns it: `fresh` ones
 * (frozen here) and `cached` ones, modelled by an earlier compile (the per-pipeline cache). Those were frozen when
 * they were built, so the code that reads them has been held to it; what the cache gives back is that data parsed
 * again, private to this compile, and freezing a thousand of them again was a tenth of a compile after an edit.
 */
export function assembleModel(fresh: readonly Pipeline[], cached: readonly Pipeline[] = []): readonly Pipeline[] {
  return Object.freeze([...deepFreeze([...fresh]), ...cached].sort((a, b) => (a.dagId < b.dagId ? -1 : a.dagId > b.dagId ? 1 : 0)));
}

function buildPipeline(pipeline: ValidPipeline, root: string): Pipeline {
  const { options: o, file } = pipeline;
  const upstream = upstreamOf(pipeline);
  const relative = (f: string) => path.relative(root, f).split(path.sep).join("/");
  const byId = new Map(pipeline.tasks.map((t) => [t.id, t]));
  const joins = new Set(findJoins(pipeline.tasks.map((t) => ({ id: t.id, upstream: upstream.get(t.id) ?? [], paths: kindOf(t).paths?.(t.options) }))).map((j) => j.taskId));
  const tasks = sortTasks([...byId.keys()], upstream).flatMap((id) => {
    const task = byId.get(id);
    // A task made by a helper module is defined there, not in the pipeline file.
    if (!task) return [];
    const model = buildTask(o, task, upstream.get(id) ?? [], relative(task.location?.file ?? file));
    // A join after a branch runs after whichever path ran, unless its task says otherwise.
    return [joins.has(id) && model.triggerRule === undefined ? { ...model, triggerRule: JOIN_TRIGGER_RULE } : model];
  });
  return {
    dagId: o.id,
    sourceFile: relative(file),
    sourceLine: pipeline.location?.line ?? 1,
    ...definedOnly({ description: freeText(o.description), docs: freeText(o.docs) }),
    tags: [...new Set(o.tags ?? [])],
    params: o.params ? paramsJson(o.params) : [],
    groups: pipeline.groups.map((g): GroupModel => ({
      groupId: g.id,
      localId: g.localId,
      ...(g.groupPath.length > 0 && { parent: g.groupPath.join(".") }),
      ...definedOnly({ tooltip: freeText(g.tooltip) }),
    })),
    schedule: buildSchedule(o.schedule),
    timezone: o.timezone ?? "UTC",
    start: o.start,
    ...(o.end !== undefined && { end: o.end }),
    catchup: o.catchup,
    assets: pipelineAssets(o.schedule, tasks),
    ...(o.maxActiveRuns !== undefined && { maxActiveRuns: o.maxActiveRuns }),
    ...(o.maxActiveTasks !== undefined && { maxActiveTasks: o.maxActiveTasks }),
    ...(o.runTimeout !== undefined && { runTimeoutSeconds: o.runTimeout }),
    ...(o.pausedOnCreation !== undefined && { pausedOnCreation: o.pausedOnCreation }),
    ...(o.notify !== undefined && { notify: o.notify }),
    ...(o.deadline !== undefined && o.deadline.length > 0 && { deadlines: o.deadline }),
    tasks,
  };
}

function buildSchedule(s: ValidSchedule): ScheduleModel {
  if (s.kind === "assets") {
    return {
      kind: "assets",
      condition: assetConditionModel(s.condition),
      ...(s.orCron && { orCron: { expression: s.orCron.expression, dataInterval: s.orCron.dataInterval } }),
      partitioned: s.partitioned === true,
    };
  }
  if (s.kind === "cron") return { kind: "cron", expression: s.expression, dataInterval: s.dataInterval };
  if (s.kind === "interval") return { kind: "interval", seconds: s.every, dataInterval: s.dataInterval };
  return { kind: s.preset === "@once" ? "once" : s.preset === "@continuous" ? "continuous" : "none" };
}

/** The assets of the schedule and of the tasks' `produces`, each once (the first spelling wins), sorted by URI. */
function pipelineAssets(schedule: ValidSchedule, tasks: readonly TaskModel[]): AssetModel[] {
  const byUri = new Map<string, AssetModel>();
  const consumed = schedule.kind === "assets" ? conditionAssets(schedule.condition).map(assetModel) : [];
  for (const a of [...consumed, ...tasks.flatMap((t) => t.produces ?? []), ...tasks.flatMap((t) => t.consumes ?? [])]) if (!byUri.has(a.uri)) byUri.set(a.uri, a);
  return [...byUri.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
}

/** Upstream task ids per task, deduplicated: declared ones in order, then those its XCom pulls and mapping imply. */
function upstreamOf(pipeline: ValidPipeline): Map<string, string[]> {
  const upstream = new Map<string, string[]>();
  const add = (downstream: string, id: string) => {
    const list = upstream.get(downstream) ?? [];
    if (!list.includes(id)) list.push(id);
    upstream.set(downstream, list);
  };
  for (const dep of pipeline.dependencies) add(dep.downstream.id, dep.upstream.id);
  for (const task of pipeline.tasks) for (const id of implicitUpstream(task, kindOf(task).templatedStrings(task.options))) add(task.id, id);
  return upstream;
}

/** A task's model, from its kind: the common part resolved here, the rest by the kind's `build`. */
function buildTask(o: ValidPipelineOptions, task: ValidTaskInput, upstream: readonly string[], sourceFile: string): TaskModel {
  const base: TaskModelCommon = {
    taskId: task.id,
    localId: task.localId,
    ...(task.groupPath.length > 0 && { group: task.groupPath.join(".") }),
    sourceFile,
    sourceLine: task.location?.line ?? 1,
    upstream,
  };
  return kindOf(task).build(task, { defaults: o.defaults ?? {}, volumes: o.volumes ?? [], ...(o.owner !== undefined && { owner: o.owner }), base });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
