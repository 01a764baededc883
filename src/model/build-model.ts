import * as path from "node:path";
import { durationSeconds } from "../dsl/duration";
import type { Mount, VolumeClaim } from "../dsl/kubernetes-refs";
import type { PipelineInput, TaskInput } from "../dsl/pipeline";
import type { ResourceList, TaskSettings } from "../dsl/pod-task";
import type { LoadedPipeline } from "../load/run-pipelines";
import { normalizeCron } from "../knowledge/cron";
import { parseLocalDateTime } from "../knowledge/dates";
import type { ArgTemplate, EnvVarModel, GroupModel, MappingModel, Pipeline, PodTaskModel, ResourceListModel, ScheduleModel } from "./pipeline";
import { implicitUpstream } from "./implicit-upstream";
import { ITEM_PLACEHOLDER } from "../dsl/mapping";
import { freeText } from "./free-text";
import { paramsJson } from "./params";
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
  for (const task of input.tasks) for (const id of implicitUpstream(task)) add(task.id, id);
  return upstream;
}

/** A mapped task's args per item (a list written in the pipeline) or as templates of the item (a result). */
function buildMapping(task: TaskInput): MappingModel | undefined {
  const mapping = task.mapping;
  if (!mapping) return undefined;
  const args = (task.options.args ?? []).map(argTemplate);
  const cap = mapping.maxParallel === undefined ? {} : { maxParallel: mapping.maxParallel };
  if (mapping.over.kind === "result") return { kind: "result", sourceTaskId: mapping.over.task.id, args, ...cap };
  const fill = (item: unknown) => (arg: ArgTemplate) =>
    arg.map((part) => ("text" in part ? part.text : String(part.itemField === null ? item : (item as Record<string, unknown>)[part.itemField] ?? ""))).join("");
  return { kind: "static", argsPerItem: mapping.over.items.map((item) => args.map(fill(item))), ...cap };
}

function argTemplate(arg: string): ArgTemplate {
  const parts: ({ text: string } | { itemField: string | null })[] = [];
  let last = 0;
  for (const match of arg.matchAll(ITEM_PLACEHOLDER)) {
    if (match.index > last) parts.push({ text: arg.slice(last, match.index) });
    parts.push({ itemField: match[1] ?? null });
    last = match.index + match[0].length;
  }
  if (last < arg.length || parts.length === 0) parts.push({ text: arg.slice(last) });
  return parts;
}

function buildTask(input: PipelineInput, task: TaskInput, upstream: readonly string[], sourceFile: string): PodTaskModel {
  const defaults: TaskSettings = input.options.defaults ?? {};
  const own = task.options;
  const pick = <K extends keyof TaskSettings>(key: K): TaskSettings[K] => own[key] ?? defaults[key];
  const seconds = (key: "retryDelay" | "maxRetryDelay" | "executionTimeout" | "startupTimeout") => {
    const value = pick(key);
    return value === undefined ? undefined : durationSeconds(value);
  };
  const mounts = (own.mounts ?? []).map((m) => ({ mount: m, claim: claimOf(input, m) }));
  const volumes = [...new Map(mounts.map(({ claim }) => [claim.name, { name: claim.name, claimName: claim.claimName, ...(claim.create && { create: claim.create }) }])).values()];
  const mapping = buildMapping(task);
  const optional = {
    group: task.groupPath.length > 0 ? task.groupPath.join(".") : undefined,
    mapping,
    command: own.command,
    args: mapping ? undefined : own.args,
    namespace: pick("namespace"),
    serviceAccount: pick("serviceAccount"),
    affinity: pick("affinity"),
    imagePullPolicy: pick("imagePullPolicy"),
    owner: own.owner ?? defaults.owner ?? input.options.owner,
    doc: freeText(own.doc),
    retries: pick("retries"),
    retryDelaySeconds: seconds("retryDelay"),
    retryExponentialBackoff: pick("retryExponentialBackoff"),
    maxRetryDelaySeconds: seconds("maxRetryDelay"),
    executionTimeoutSeconds: seconds("executionTimeout"),
    startupTimeoutSeconds: seconds("startupTimeout"),
    pool: pick("pool"),
    poolSlots: pick("poolSlots"),
    priorityWeight: pick("priorityWeight"),
    triggerRule: own.triggerRule,
  };
  return {
    kind: "pod",
    taskId: task.id,
    localId: task.localId,
    pushesResult: own.result !== undefined,
    podName: podNameOf(task.id),
    sourceFile,
    sourceLine: task.location?.line ?? 1,
    upstream,
    image: own.image,
    ...definedOnly(optional),
    env: Object.entries(own.env ?? {}).map(([name, value]): EnvVarModel =>
      typeof value === "string"
        ? { name, kind: "value", value }
        : value.kind === "secretKey"
          ? { name, kind: "secretKey", source: value.secret, key: value.key, optional: value.optional }
          : { name, kind: "configMapKey", source: value.configMap, key: value.key, optional: value.optional },
    ),
    envFrom: (own.envFrom ?? []).map((s) => ({ kind: s.kind, name: s.name, prefix: s.prefix, optional: s.optional })),
    volumes,
    mounts: mounts.map(({ mount, claim }) => ({
      volumeName: claim.name,
      path: mount.path,
      ...(mount.subPath !== undefined && { subPath: mount.subPath }),
      readOnly: mount.readOnly ?? false,
    })),
    requests: resourceList(defaults.resources?.requests, own.resources?.requests),
    limits: resourceList(defaults.resources?.limits, own.resources?.limits),
    nodeSelector: sortedRecord({ ...defaults.nodeSelector, ...own.nodeSelector }),
    tolerations: pick("tolerations") ?? [],
    labels: sortedRecord({ ...defaults.labels, ...own.labels }),
    annotations: sortedRecord({ ...defaults.annotations, ...own.annotations }),
    imagePullSecrets: pick("imagePullSecrets") ?? [],
    podCleanup: pick("podCleanup") ?? "delete_pod",
  };
}

function claimOf(input: PipelineInput, mount: Mount): VolumeClaim {
  if (typeof mount.volume !== "string") return mount.volume;
  return (input.options.volumes ?? []).find((v) => v.name === mount.volume)!;
}

const K8S_RESOURCE_NAME: Record<string, string> = { ephemeralStorage: "ephemeral-storage" };

function resourceList(defaults: ResourceList | undefined, own: ResourceList | undefined): ResourceListModel {
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...defaults, ...own })) {
    if (value !== undefined) merged[K8S_RESOURCE_NAME[name] ?? name] = String(value);
  }
  return sortedRecord(merged);
}

/** A DNS-1123 pod name from a task id: lower case, "-" for anything else, at most 63 characters. */
export function podNameOf(taskId: string): string {
  const name = taskId
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return name || "task";
}

function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function definedOnly<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
