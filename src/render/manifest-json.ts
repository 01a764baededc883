import type { ClusterObjects, ObjectUse } from "../model/cluster-objects";
import type { DeploymentNeeds } from "../model/deployment-needs";
import { formatLocal } from "../knowledge/dates";
import type { Pipeline } from "../model/pipeline";
import { scheduleText } from "../model/schedule-text";
import type { LinkSettings } from "../model/plugin-links";
import { contentHash, type OutputFile } from "./output-file";
import { assetManifestEntry } from "./asset-manifest";
import { alertNeeds, type AlertNeeds } from "../model/alert-needs";

/** Bumped when the plugin could misread an older or newer manifest (it refuses another format, with a message). */
export const MANIFEST_FORMAT = 1;

/**
 * generated/manifest.json, read by the Airflow plugin and by tools that need the pipelines without parsing
 * Python: each compiled pipeline (source lines, DAG file and its content hash, what it uses), the plugin's link
 * settings, every object outside the DAG files that the DAGs depend on, with who uses it, and (with a deployment)
 * the Secrets the Helm values name.
 */
export function manifestJson(pipelines: readonly Pipeline[], objects: ClusterObjects, links: LinkSettings, dagFiles: readonly OutputFile[], deployment?: DeploymentNeeds): string {
  const bodyOf = new Map(dagFiles.map((f) => [f.path, f.body]));
  const claims = namesByPipeline(objects.claims);
  const secrets = namesByPipeline(objects.secrets);
  const configMaps = namesByPipeline(objects.configMaps);
  const alerts = alertNeeds(pipelines);
  const manifest = {
    generatedBy: "airflow-ts",
    formatVersion: MANIFEST_FORMAT,
    links,
    // Each pipeline's entry is serialized on its own and put in place below (the same bytes as one stringify).
    pipelines: PIPELINES,
    dependsOn: objects,
    // What the alerts need of Airflow itself: provider packages in its image, and connections the deploy creates.
    ...(alerts.connections.length > 0 && { airflowNeeds: alerts }),
    // With a deployment: the release's own Secrets and what generated/k8s/ creates (docs/deploy.md lists the rest).
    ...(deployment && { deployment }),
  };
  const entries = pipelines.map((p) =>
    entryJson(p, bodyOf.get(`dags/${p.dagId}.py`)!, {
      images: [...new Set(p.tasks.flatMap((t) => (t.image === undefined ? [] : [t.image])))].sort(),
      claims: claims.get(p.dagId) ?? [],
      secrets: secrets.get(p.dagId) ?? [],
      configMaps: configMaps.get(p.dagId) ?? [],
      // Only for pipelines that notify, so the others' entries stay as they were.
      ...alertUses(alerts, p.dagId),
    }),
  );
  const list = entries.length === 0 ? "[]" : `[\n${entries.join(",\n")}\n  ]`;
  return `${JSON.stringify(manifest, null, 2).replace(JSON.stringify(PIPELINES), () => list)}\n`;
}

/** Stands for the pipelines' list while the rest of the manifest is serialized (it cannot occur in a manifest). */
const PIPELINES = "\u0000airflow-ts:pipelines\u0000";

/**
 * One pipeline's manifest entry as JSON.stringify(manifest, null, 2) writes it in the list. Kept per model object
 * (models are frozen, and watch hands the same objects for the pipelines it did not redo): after an edit only the
 * changed pipeline's entry, and any whose uses changed, are hashed and serialized again.
 */
function entryJson(p: Pipeline, dagBody: string, uses: object): string {
  const usesJson = JSON.stringify(uses);
  const known = serialized.get(p);
  if (known && known.dagBody === dagBody && known.usesJson === usesJson) return known.json;
  // JSON.stringify({ ...entry, uses }, null, 2) spliced from the entry's own text (kept per model and in the
  // per-pipeline cache): `uses` is its last key, a level in. Then indented as JSON.stringify(..., 2) indents an
  // element of `pipelines` (depth 2): every line by 4 more spaces.
  const entry = pipelineEntry(p, dagBody);
  const whole = `${entry.slice(0, -2)},\n  "uses": ${JSON.stringify(uses, null, 2).replace(/\n/g, "\n  ")}\n}`;
  // split/join rather than replace(/\n/g): the same text, built flat, where the regular expression left a rope of
  // a piece per line, which this memo kept alive (27 MB of a 1,000-pipeline compile's heap).
  const json = `    ${whole.split("\n").join("\n    ")}`;
  serialized.set(p, { dagBody, usesJson, json });
  return json;
}

const serialized = new WeakMap<Pipeline, { readonly dagBody: string; readonly usesJson: string; readonly json: string }>();

type Task = Pipeline["tasks"][number];

/**
 * A pipeline's manifest entry but for what it uses (which depends on the project's objects). Kept per model object:
 * models are frozen, and watch hands the same objects for the pipelines it did not redo, so their hashes (the DAG
 * file's, each task's spec) are not computed again after every edit.
 */
const entryOf = new WeakMap<Pipeline, { readonly dagBody: string; readonly entry: string }>();

/**
 * A pipeline's manifest entry but for its uses, for the per-pipeline cache: a later compile in a fresh process hands
 * it back with `rememberManifestEntry` rather than hashing every task's spec again.
 */
export function manifestEntry(p: Pipeline, dagBody: string): string {
  return pipelineEntry(p, dagBody);
}

/** What `manifestEntry` gave for this model and DAG body in an earlier compile (see above). */
export function rememberManifestEntry(p: Pipeline, dagBody: string, entry: string): void {
  entryOf.set(p, { dagBody, entry });
}

/** The entry as JSON.stringify(entry, null, 2) writes it. */
function pipelineEntry(p: Pipeline, dagBody: string): string {
  const known = entryOf.get(p);
  if (known && known.dagBody === dagBody) return known.entry;
  const entry = {
    dagId: p.dagId,
    ...(p.description !== undefined && { description: p.description }),
    source: `${p.sourceFile}:${p.sourceLine}`,
    // Relative to the DAG folder; the hash is the one in the file's header, over the body below it.
    dagFile: `${p.dagId}.py`,
    contentHash: contentHash(dagBody),
    schedule: scheduleText(p.schedule, p.timezone),
    // What `airflow-ts plan` compares with a later compile: when and how Airflow schedules the runs.
    timetable: { ...p.schedule, timezone: p.timezone, start: formatLocal(p.start), end: p.end ? formatLocal(p.end) : null, catchup: p.catchup },
    params: p.params.map((param) => ({ name: param.name, hasDefault: param.hasDefault, ...(param.hasDefault && { default: param.default ?? null }) })),
    tags: p.tags,
    ...assetManifestEntry(p),
    tasks: p.tasks.map((t) => ({
      taskId: t.taskId,
      kind: t.kind,
      upstream: t.upstream,
      ...taskDetails(t),
      source: `${t.sourceFile}:${t.sourceLine}`,
      // Equal for two tasks that would run the same thing (ids, position and sources aside): plan's rename hint.
      specHash: specHash(t),
    })),
  };
  const json = JSON.stringify(entry, null, 2);
  entryOf.set(p, { dagBody, entry: json });
  return json;
}

function alertUses(alerts: AlertNeeds, dagId: string) {
  const connections = alerts.connections.filter((c) => c.usedBy.some((u) => u.pipeline === dagId));
  if (connections.length === 0) return {};
  return { providers: [...new Set(connections.map((c) => c.provider))].sort(), connections: connections.map((c) => c.id) };
}

/** What the manifest says of a task that depends on its kind: one case per kind. */
function taskDetails(t: Task) {
  switch (t.kind) {
    case "pod":
      return { image: t.image, resources: { requests: t.requests, limits: t.limits } };
    case "spark":
      return { image: t.image, resources: sparkResources(t.application.spec) };
    case "branch":
      return {
        branch: {
          mode: t.mode,
          on: { task: t.sourceTaskId, field: t.fieldPath },
          cases: t.cases.map((c) => ({ case: c.label, value: c.value, runs: c.taskIds })),
          ...(t.ignoreDownstreamTriggerRules !== undefined && { ignoreDownstreamTriggerRules: t.ignoreDownstreamTriggerRules }),
        },
      };
    // What the plugin's Pipelines page shows of a wait or trigger: what it waits for or starts, and how.
    case "wait":
      return { waitsFor: waitTarget(t.waitsFor), sensor: t.sensor };
    case "trigger":
      return { triggers: { pipeline: t.targetDagId, params: t.conf, waitForCompletion: t.waitForCompletion, deferrable: t.deferrable } };
    default: {
      const unknown: never = t;
      return unknown;
    }
  }
}

/**
 * Driver and executor sizes in the shape plan compares (requests and limits by name): `driver.memory`,
 * `executor.instances`, ... Spark's own units, as the SparkApplication has them.
 */
function sparkResources(spec: Extract<Task, { kind: "spark" }>["application"]["spec"]) {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  for (const role of ["driver", "executor"] as const) {
    const p = spec[role];
    for (const [name, value] of [["instances", p.instances], ["cores", p.cores], ["coreRequest", p.coreRequest], ["memory", p.memory], ["memoryOverhead", p.memoryOverhead]] as const) {
      if (value !== undefined) requests[`${role}.${name}`] = String(value);
    }
    if (p.gpu) requests[`${role}.${p.gpu.name}`] = String(p.gpu.quantity);
    if (p.coreLimit !== undefined) limits[`${role}.cores`] = p.coreLimit;
  }
  if (spec.dynamicAllocation) {
    requests["executor.minExecutors"] = String(spec.dynamicAllocation.minExecutors);
    limits["executor.maxExecutors"] = String(spec.dynamicAllocation.maxExecutors);
  }
  return { requests, limits };
}

/** A wait's target with its kind spelled out: `{ kind: "pipeline", pipeline, task, offsetSeconds }`, `{ kind: "time", time: "06:00:00" }`, ... */
function waitTarget(w: Extract<Task, { kind: "wait" }>["waitsFor"]) {
  const p2 = (n: number) => String(n).padStart(2, "0");
  switch (w.kind) {
    case "pipeline":
      return { kind: w.kind, pipeline: w.dagId, task: w.taskId ?? null, offsetSeconds: w.offsetSeconds ?? 0 };
    case "time":
      return { kind: w.kind, time: `${p2(w.time.hour)}:${p2(w.time.minute)}:${p2(w.time.second)}` };
    case "delta":
      return { kind: w.kind, seconds: w.seconds };
    case "asset":
      return { kind: w.kind, uri: w.uri };
  }
}

/** A hash of what the task runs, without its names: equal for a renamed task that runs the same thing. */
function specHash(t: Task): string {
  const { taskId: _id, localId: _local, group: _group, sourceFile: _file, sourceLine: _line, upstream: _up, ...spec } = unnamed(t) as Task;
  // Keys sorted at every level, so the hash follows what the task runs, not the order the model spells it in.
  return contentHash(JSON.stringify(spec, (_key, value: unknown) => (value && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : value))).slice(0, 16);
}

/** A task's fields without those derived from its id (pod name, application name): one case per kind. */
function unnamed(t: Task): object {
  switch (t.kind) {
    case "pod": {
      const { podName: _pod, ...spec } = t;
      return spec;
    }
    case "spark": {
      const { applicationName: _name, application, ...spec } = t;
      return { ...spec, application: { ...application, metadata: { ...application.metadata, name: undefined } } };
    }
    case "branch":
    case "wait":
    case "trigger":
      return t;
    default: {
      const unknown: never = t;
      return unknown;
    }
  }
}

/** For each pipeline, the names of the objects its tasks use, in the objects' order: one pass over the uses. */
function namesByPipeline(objects: readonly ObjectUse[]): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const o of objects) {
    for (const dagId of new Set(o.usedBy.map((u) => u.pipeline))) {
      const list = names.get(dagId);
      if (list) list.push(o.name);
      else names.set(dagId, [o.name]);
    }
  }
  return names;
}
