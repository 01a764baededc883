import * as path from "node:path";
import { durationSeconds } from "../dsl/duration";
import { kindOf, type PipelineInput, type TaskInput, type TaskModel } from "../tasks";
import { definedOnly } from "../tasks/shared/records";
import type { TaskModelCommon } from "../tasks/task-kind";
import type { LoadedPipeline } from "../load/run-pipelines";
import { normalizeCron } from "../knowledge/cron";
import { parseLocalDateTime } from "../knowledge/dates";
import type { GroupModel, Pipeline, ScheduleModel } from "./pipeline";
import { implicitUpstream } from "../tasks/shared/implicit-upstream";
import { freeText } from "../knowledge/free-text";
import { paramsJson } from "../knowledge/airflow-params";
import { sortTasks } from "./sort-tasks";

/** Builds the frozen model of validated pipelines, sorted by DAG id. Call only when validation found no errors. */
export function buildModel(pipelines: readonly LoadedPipeline[], root: string): readonly Pipeline[] {
  return deepFreeze(
    pipelines.map((p) => buildPipeline(p, root)).sort((a, b) => (a.dagId < b.dagId ? -1 : a.dagId > b.dagId ? 1 : 0)),
  );
}

function buildPipeline({ input, file }: LoadedPipeline, root: string): Pipeline {
  const o = input.options;
  const upstream = upstreamOf(input);
  const relative = (f: string) => path.relative(root, f).split(path.sep).join("/");
  const tasks = sortTasks(input.tasks.map((t) => t.id), upstream).map((id) => {
    const task = input.tasks.find((t) => t.id === id)!;
    // A task made by a helper module is defined there, not in the pipeline file.
    return buildTask(input, task, upstream.get(id) ?? [], relative(task.location?.file ?? file));
  });
  return {
    dagId: o.id,
    sourceFile: relative(file),
    sourceLine: input.location?.line ?? 1,
    ...definedOnly({ description: freeText(o.description), docs: freeText(o.docs) }),
    tags: [...new Set(o.tags ?? [])],
    params: o.params ? paramsJson(o.params) : [],
    groups: (input.groups ?? []).map((g): GroupModel => ({
      groupId: g.id,
      localId: g.localId,
      ...(g.groupPath.length > 0 && { parent: g.groupPath.join(".") }),
      ...definedOnly({ tooltip: freeText(g.tooltip) }),
    })),
    schedule: buildSchedule(input),
    timezone: o.timezone ?? "UTC",
    start: parseLocalDateTime(o.start)!,
    ...(o.end !== undefined && { end: parseLocalDateTime(o.end)! }),
    catchup: o.catchup,
    ...(o.maxActiveRuns !== undefined && { maxActiveRuns: o.maxActiveRuns }),
    ...(o.maxActiveTasks !== undefined && { maxActiveTasks: o.maxActiveTasks }),
    ...(o.runTimeout !== undefined && { runTimeoutSeconds: durationSeconds(o.runTimeout)! }),
    ...(o.pausedOnCreation !== undefined && { pausedOnCreation: o.pausedOnCreation }),
    tasks,
  };
}

function buildSchedule({ options }: PipelineInput): ScheduleModel {
  const s = options.schedule;
  if (s.kind === "cron") return { kind: "cron", expression: normalizeCron(s.expression), dataInterval: s.dataInterval };
  if (s.kind === "interval") return { kind: "interval", seconds: durationSeconds(s.every)!, dataInterval: s.dataInterval };
  return { kind: s.preset === "@once" ? "once" : s.preset === "@continuous" ? "continuous" : "none" };
}

/** Upstream task ids per task, deduplicated: declared ones in order, then those its XCom pulls and mapping imply. */
function upstreamOf(input: PipelineInput): Map<string, string[]> {
  const upstream = new Map<string, string[]>();
  const add = (downstream: string, id: string) => {
    const list = upstream.get(downstream) ?? [];
    if (!list.includes(id)) list.push(id);
    upstream.set(downstream, list);
  };
  for (const dep of input.dependencies) add(dep.downstream.id, dep.upstream.id);
  for (const task of input.tasks) for (const id of implicitUpstream(task, kindOf(task).templatedStrings(task.options))) add(task.id, id);
  return upstream;
}

/** A task's model, from its kind: the common part resolved here, the rest by the kind's `build`. */
function buildTask(input: PipelineInput, task: TaskInput, upstream: readonly string[], sourceFile: string): TaskModel {
  const base: TaskModelCommon = {
    taskId: task.id,
    localId: task.localId,
    ...(task.groupPath.length > 0 && { group: task.groupPath.join(".") }),
    sourceFile,
    sourceLine: task.location?.line ?? 1,
    upstream,
  };
  const o = input.options;
  return kindOf(task).build(task, { defaults: o.defaults ?? {}, volumes: o.volumes ?? [], ...(o.owner !== undefined && { owner: o.owner }), base });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
