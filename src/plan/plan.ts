/**
 * What merging a change does to the running Airflow, in Airflow's words: the manifest of the current compile
 * compared with the one committed at a git ref. Pure: manifests and the current time in, changes out.
 */

import { closest } from "../diagnostics/did-you-mean";
import { formatLocal, parseLocalDateTime, type LocalDateTime } from "../knowledge/dates";
import { runScheduleOf, type ManifestObject, type ManifestTimetable, type ManifestPipeline, type ManifestTask, type ManifestView } from "./manifest-view";
import { firstRun, nextRun, runsBetween, runsDueBy } from "./runs";

export const CHANGE_KINDS = [
  "pipeline-added",
  "pipeline-removed",
  "task-added",
  "task-removed",
  "task-renamed",
  "schedule-changed",
  "timezone-changed",
  "start-changed",
  "end-changed",
  "catchup-changed",
  "image-changed",
  "resources-changed",
  "wait-target-changed",
  "trigger-target-changed",
  "param-added",
  "param-removed",
  "param-default-changed",
  "namespace-added",
  "secret-added",
  "secret-key-added",
  "config-map-added",
  "config-map-key-added",
  "claim-added",
  "service-account-added",
  "image-pull-secret-added",
  "pool-added",
  "release-secret-added",
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface PlanChange {
  readonly kind: ChangeKind;
  /** The pipeline it concerns; null for what the deploy must provide to several. */
  readonly dagId: string | null;
  readonly taskId?: string;
  /** What changed, in Airflow's words. */
  readonly message: string;
  /** What Airflow will do about it, when that is not obvious. */
  readonly consequence?: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export function planChanges(before: ManifestView, after: ManifestView, now: Date): PlanChange[] {
  const old = new Map(before.pipelines.map((p) => [p.dagId, p]));
  const changes: PlanChange[] = [];
  for (const p of after.pipelines) {
    const was = old.get(p.dagId);
    changes.push(...(was ? pipelineChanges(was, p, now) : [pipelineAdded(p, now)]));
  }
  const current = new Set(after.pipelines.map((p) => p.dagId));
  for (const p of before.pipelines) {
    if (!current.has(p.dagId)) {
      changes.push({
        kind: "pipeline-removed",
        dagId: p.dagId,
        message: `pipeline ${p.dagId} removed (${p.tasks.length} task${p.tasks.length === 1 ? "" : "s"})`,
        consequence: "the DAG disappears from the UI once its file is gone; its runs, task instances and logs stay in the metadata database",
      });
    }
  }
  return [...changes, ...requirementChanges(before, after)];
}

function pipelineAdded(p: ManifestPipeline, now: Date): PlanChange {
  const schedule = runScheduleOf(p);
  const catchup = p.timetable?.catchup === true && schedule;
  const due = catchup ? runsDueBy(schedule, now) : 0;
  return {
    kind: "pipeline-added",
    dagId: p.dagId,
    message: `pipeline ${p.dagId} added: ${p.tasks.length} task${p.tasks.length === 1 ? "" : "s"}, ${p.schedule}`,
    consequence: catchup
      ? `catchup is on from ${p.timetable!.start}: Airflow will create ${due} run${due === 1 ? "" : "s"} when it is unpaused`
      : "a new DAG appears in the UI; it runs from its next scheduled time once unpaused",
  };
}

function pipelineChanges(was: ManifestPipeline, now_: ManifestPipeline, now: Date): PlanChange[] {
  return [...taskChanges(was, now_), ...timetableChanges(was, now_, now), ...paramChanges(was, now_)];
}

function taskChanges(was: ManifestPipeline, p: ManifestPipeline): PlanChange[] {
  const dagId = p.dagId;
  const oldTasks = new Map(was.tasks.map((t) => [t.taskId, t]));
  const newIds = new Set(p.tasks.map((t) => t.taskId));
  const removed = was.tasks.filter((t) => !newIds.has(t.taskId));
  const added = p.tasks.filter((t) => !oldTasks.has(t.taskId));
  const renames = likelyRenames(removed, added);
  const changes: PlanChange[] = [];
  for (const [from, { to, why }] of renames) {
    changes.push({
      kind: "task-renamed",
      dagId,
      taskId: to.taskId,
      message: `task ${from.taskId} renamed to ${to.taskId} (likely: ${why})`,
      consequence: `Airflow sees a new task: the history of ${from.taskId} (runs, tries, logs) stays under the old id and does not carry over`,
      before: from.taskId,
      after: to.taskId,
    });
  }
  const renamedTo = new Set([...renames.values()].map((r) => r.to.taskId));
  for (const t of added.filter((t) => !renamedTo.has(t.taskId))) {
    changes.push({ kind: "task-added", dagId, taskId: t.taskId, message: `task ${t.taskId} added${t.image ? ` (${t.image})` : ""}`, consequence: "scheduled from the next run on" });
  }
  for (const t of removed.filter((t) => !renames.has(t))) {
    changes.push({ kind: "task-removed", dagId, taskId: t.taskId, message: `task ${t.taskId} removed`, consequence: "Airflow stops scheduling it; its past task instances stay in the database (shown as removed)" });
  }
  // A renamed task is compared with its old self, too.
  const pairs: [ManifestTask, ManifestTask][] = [
    ...p.tasks.filter((t) => oldTasks.has(t.taskId)).map((t): [ManifestTask, ManifestTask] => [oldTasks.get(t.taskId)!, t]),
    ...[...renames].map(([from, { to }]): [ManifestTask, ManifestTask] => [from, to]),
  ];
  for (const [before, after] of pairs) changes.push(...podChanges(dagId, before, after), ...targetChanges(dagId, before, after));
  return changes;
}

/** Removed and added tasks that are probably one task under a new id: the same pod, or the same image and a close id. */
function likelyRenames(removed: readonly ManifestTask[], added: readonly ManifestTask[]): Map<ManifestTask, { to: ManifestTask; why: string }> {
  const renames = new Map<ManifestTask, { to: ManifestTask; why: string }>();
  const taken = new Set<ManifestTask>();
  for (const from of removed) {
    const same = added.find((a) => !taken.has(a) && a.specHash !== undefined && a.specHash === from.specHash);
    if (same) {
      renames.set(from, { to: same, why: "the same pod" });
      taken.add(same);
    }
  }
  for (const from of removed.filter((r) => !renames.has(r))) {
    const candidates = added.filter((a) => !taken.has(a) && a.image !== undefined && a.image === from.image);
    const name = closest(from.taskId, candidates.map((c) => c.taskId));
    const to = name === undefined ? (candidates.length === 1 && removed.length === 1 ? candidates[0] : undefined) : candidates.find((c) => c.taskId === name);
    if (to) {
      renames.set(from, { to, why: name === undefined ? "the only task removed and the only one added with its image" : "the same image and a similar id" });
      taken.add(to);
    }
  }
  return renames;
}

/** What a wait waits for, or which pipeline a trigger starts, changed (from manifests that record them). */
function targetChanges(dagId: string, before: ManifestTask, after: ManifestTask): PlanChange[] {
  const taskId = after.taskId;
  const text = (w: Readonly<Record<string, unknown>>) =>
    w.kind === "pipeline" ? `${String(w.pipeline)}${w.task ? `.${String(w.task)}` : " (whole run)"}${w.offsetSeconds ? ` at -${String(w.offsetSeconds)}s` : ""}` : w.kind === "time" ? `until ${String(w.time)}` : `${String(w.seconds)}s after the data interval`;
  if (before.waitsFor && after.waitsFor && text(before.waitsFor) !== text(after.waitsFor)) {
    return [{ kind: "wait-target-changed", dagId, taskId, message: `${taskId} waits for ${text(after.waitsFor)}, was ${text(before.waitsFor)}`, consequence: "runs from the next one on wait for the new target; a wait in progress keeps the old one", before: before.waitsFor, after: after.waitsFor }];
  }
  if (before.triggers && after.triggers && before.triggers.pipeline !== after.triggers.pipeline) {
    return [{ kind: "trigger-target-changed", dagId, taskId, message: `${taskId} triggers ${after.triggers.pipeline}, was ${before.triggers.pipeline}`, consequence: `${before.triggers.pipeline} is no longer started by this pipeline`, before: before.triggers.pipeline, after: after.triggers.pipeline }];
  }
  return [];
}

/** Image and resource changes: the details that depend on the task's kind (a pod's today). */
function podChanges(dagId: string, before: ManifestTask, after: ManifestTask): PlanChange[] {
  const changes: PlanChange[] = [];
  const taskId = after.taskId;
  if (before.image !== undefined && after.image !== undefined && before.image !== after.image) {
    changes.push({ kind: "image-changed", dagId, taskId, message: `image of ${taskId}: ${before.image} -> ${after.image}`, consequence: "the next try of the task runs the new image", before: before.image, after: after.image });
  }
  if (before.resources && after.resources) {
    const diffs = (["requests", "limits"] as const).flatMap((side) => resourceDiffs(side, before.resources![side], after.resources![side]));
    if (diffs.length > 0) {
      changes.push({ kind: "resources-changed", dagId, taskId, message: `resources of ${taskId}: ${diffs.join(", ")}`, consequence: "the next pod is scheduled with them: check the nodes and the namespace's quota fit", before: before.resources, after: after.resources });
    }
  }
  return changes;
}

function resourceDiffs(side: string, a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): string[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return names.filter((n) => a[n] !== b[n]).map((n) => `${side}.${n} ${a[n] ?? "(none)"} -> ${b[n] ?? "(none)"}`);
}

function timetableChanges(was: ManifestPipeline, p: ManifestPipeline, now: Date): PlanChange[] {
  const dagId = p.dagId;
  const a = was.timetable;
  const b = p.timetable;
  const changes: PlanChange[] = [];
  const next = (m: ManifestPipeline) => {
    const s = runScheduleOf(m);
    const n = s && nextRun(s, now);
    return n ? `${formatLocal(n)} ${s!.timezone}` : "none";
  };
  // The schedule itself, without the fields reported on their own (older manifests have only the text).
  const scheduleOf = (t: ManifestTimetable) => JSON.stringify({ ...t, timezone: null, start: null, end: null, catchup: null });
  if (a && b ? scheduleOf(a) !== scheduleOf(b) : was.schedule !== p.schedule) {
    // An older manifest has no timetable to place the next run with.
    const moves = a && b ? { consequence: `the next run moves from ${next(was)} to ${next(p)}` } : {};
    changes.push({ kind: "schedule-changed", dagId, message: `schedule: ${was.schedule} -> ${p.schedule}`, ...moves, before: was.schedule, after: p.schedule });
  }
  if (!a || !b) return changes;
  if (a.timezone !== b.timezone) {
    changes.push({ kind: "timezone-changed", dagId, message: `timezone: ${a.timezone} -> ${b.timezone}`, consequence: `runs follow the wall clock of ${b.timezone}: the next run moves from ${next(was)} to ${next(p)}`, before: a.timezone, after: b.timezone });
  }
  if (a.start !== b.start) changes.push(startChange(dagId, was, p));
  if (a.end !== b.end) {
    changes.push({ kind: "end-changed", dagId, message: `end: ${a.end ?? "none"} -> ${b.end ?? "none"}`, consequence: b.end ? `Airflow schedules no run after ${b.end}` : "the pipeline runs on without an end", before: a.end, after: b.end });
  }
  if (a.catchup !== b.catchup) {
    const s = runScheduleOf(p);
    const due = s ? runsDueBy(s, now) : 0;
    changes.push({
      kind: "catchup-changed",
      dagId,
      message: `catchup: ${a.catchup ? "on" : "off"} -> ${b.catchup ? "on" : "off"}`,
      consequence: b.catchup
        ? `Airflow creates every run missed since the latest one; a DAG that never ran gets ${due} run${due === 1 ? "" : "s"} since ${b.start}`
        : "only the latest interval runs when the DAG is unpaused; missed intervals are not run",
      before: a.catchup,
      after: b.catchup,
    });
  }
  return changes;
}

function startChange(dagId: string, was: ManifestPipeline, p: ManifestPipeline): PlanChange {
  const a = was.timetable!;
  const b = p.timetable!;
  const base = { kind: "start-changed" as const, dagId, message: `start: ${a.start} -> ${b.start}`, before: a.start, after: b.start };
  const oldStart = parseLocalDateTime(a.start.slice(0, 19));
  const newStart = parseLocalDateTime(b.start.slice(0, 19));
  const s = runScheduleOf(p);
  if (!oldStart || !newStart || !s) return base;
  const earlier = compare(newStart, oldStart) < 0;
  const days = Math.round(Math.abs(Date.UTC(newStart.year, newStart.month - 1, newStart.day) - Date.UTC(oldStart.year, oldStart.month - 1, oldStart.day)) / 86_400_000);
  const moved = `start moved ${days} day${days === 1 ? "" : "s"} ${earlier ? "earlier" : "later"}`;
  if (!earlier) return { ...base, consequence: `${moved}: Airflow schedules no run before ${b.start}; runs already made stay` };
  if (!b.catchup) return { ...base, consequence: `${moved}; catchup is off, so Airflow creates no runs for the earlier dates` };
  // The new runs are the new timetable's runs before the old one's first run (with data intervals, the first run
  // comes an interval after the start, on both sides).
  const oldSchedule = runScheduleOf(was);
  const oldFirst = oldSchedule && firstRun(oldSchedule);
  const runs = runsBetween(s, newStart, oldFirst ?? oldStart);
  return { ...base, consequence: `catchup on, ${moved}: Airflow will create ${runs} run${runs === 1 ? "" : "s"} for the earlier dates when unpaused` };
}

function compare(a: LocalDateTime, b: LocalDateTime): number {
  return formatLocal(a) < formatLocal(b) ? -1 : formatLocal(a) > formatLocal(b) ? 1 : 0;
}

function paramChanges(was: ManifestPipeline, p: ManifestPipeline): PlanChange[] {
  if (!was.params || !p.params) return [];
  const dagId = p.dagId;
  const old = new Map(was.params.map((x) => [x.name, x]));
  const changes: PlanChange[] = [];
  const shown = (x: { hasDefault: boolean; default?: unknown }) => (x.hasDefault ? JSON.stringify(x.default ?? null) : "(no default: the trigger form must fill it in)");
  for (const param of p.params) {
    const before = old.get(param.name);
    if (!before) changes.push({ kind: "param-added", dagId, message: `param ${param.name} added, default ${shown(param)}` });
    else if (shown(before) !== shown(param)) {
      changes.push({ kind: "param-default-changed", dagId, message: `default of param ${param.name}: ${shown(before)} -> ${shown(param)}`, consequence: "scheduled runs use the new default from the next run on; manual triggers see it in the form", before: before.default, after: param.default });
    }
  }
  const current = new Set(p.params.map((x) => x.name));
  for (const param of was.params) if (!current.has(param.name)) changes.push({ kind: "param-removed", dagId, message: `param ${param.name} removed`, consequence: "a trigger that passes it is refused or ignored, as the DAG's params allow" });
  return changes;
}

/** The objects the deploy must newly provide, from the manifests' dependsOn lists and the release's Secrets. */
const REQUIREMENTS: readonly [list: string, kind: ChangeKind, words: string, keyKind?: ChangeKind][] = [
  ["namespaces", "namespace-added", "namespace"],
  ["secrets", "secret-added", "Secret", "secret-key-added"],
  ["configMaps", "config-map-added", "ConfigMap", "config-map-key-added"],
  ["claims", "claim-added", "PersistentVolumeClaim"],
  ["serviceAccounts", "service-account-added", "ServiceAccount"],
  ["imagePullSecrets", "image-pull-secret-added", "image pull Secret"],
  ["pools", "pool-added", "Airflow pool"],
];

function requirementChanges(before: ManifestView, after: ManifestView): PlanChange[] {
  const changes: PlanChange[] = [];
  const id = (o: ManifestObject) => `${o.namespace ?? ""}/${o.name}`;
  for (const [list, kind, words, keyKind] of REQUIREMENTS) {
    const old = new Map((before.dependsOn[list] ?? []).map((o) => [id(o), o]));
    for (const o of after.dependsOn[list] ?? []) {
      const name = o.namespace ? `${o.namespace}/${o.name}` : o.name;
      const users = usedBy(o);
      const was = old.get(id(o));
      if (!was) {
        const created = list === "claims" && o.create !== undefined;
        changes.push({ kind, dagId: null, message: `new ${words} ${name}, used by ${users}`, consequence: created ? "airflow-ts creates it (generated/k8s/): apply it with the deploy" : "the deploy must provide it before the tasks run", after: name });
      } else if (keyKind) {
        const keys = (o.keys ?? []).filter((k) => !(was.keys ?? []).includes(k));
        if (keys.length > 0 && !was.allKeys) changes.push({ kind: keyKind, dagId: null, message: `${words} ${name} is now read for key${keys.length === 1 ? "" : "s"} ${keys.join(", ")}, by ${users}`, consequence: "the deploy must provide the keys", after: keys });
      }
    }
  }
  const oldSecrets = new Set((before.deployment?.secrets ?? []).map((s) => `${s.namespace}/${s.name}`));
  for (const s of after.deployment?.secrets ?? []) {
    if (!oldSecrets.has(`${s.namespace}/${s.name}`)) changes.push({ kind: "release-secret-added", dagId: null, message: `new Secret ${s.namespace}/${s.name} for the release${s.purpose ? `: ${s.purpose}` : ""}`, consequence: "create it before `helm upgrade`", after: `${s.namespace}/${s.name}` });
  }
  return changes;
}

function usedBy(o: ManifestObject): string {
  const users = o.usedBy.map((u) => `${u.pipeline}.${u.task}`);
  return users.length <= 3 ? users.join(", ") : `${users.slice(0, 3).join(", ")} and ${users.length - 3} more`;
}
