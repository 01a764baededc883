import fc from "fast-check";
import type { AirflowLine } from "../airflow/airflow-env";
import { cronExpression, duration, matching, hostileString, notifiers, paramSpec, templatedHostileString } from "./arbitraries";
import type { BranchSpec, ParamSpec, PipelineLink, PipelineSpec, ResultFieldSpec, ScheduleSpec, TaskSpec, WaitSpec } from "./pipeline-spec";

/**
 * The task kinds that run no container, added to a batch of pipelines: branches (`p.when`, `p.switch`,
 * `p.continueIf`) on a typed result field of a pod, waits (a time of day, a delta, or another pipeline of the batch,
 * the whole run or one task), triggers of another pipeline of the batch with params its schema accepts, and (on
 * Airflow 3) deadline alerts.
 *
 * A pipeline only names pipelines before it in the batch (a DAG of references, no cycles), by its module key
 * (`p<index>`). Waits need schedules that line up, as the compiler checks: a pipeline waits for one other pipeline
 * at most, and takes its schedule from it (the same schedule, or a daily time later the same day with the offset
 * that makes up the difference). A pipeline waited for that has no time schedule of its own gets one first.
 */
export function withKinds(specs: readonly PipelineSpec[], line: AirflowLine): fc.Arbitrary<PipelineSpec[]> {
  return fc.tuple(...specs.map((spec) => plan(spec, line))).chain((plans) => {
    const out: PipelineSpec[] = specs.map((spec, i) => ({ ...spec, key: `p${i}` }));
    const targeted = new Set<number>();
    const waiter = new Set<number>();
    // How many pipelines of the batch have each schedule: a wait never takes the last one of a schedule away (the
    // waiter takes its target's, a target without a time schedule gets one), so the round trip keeps every schedule
    // the pipelines were generated with (the batch's coverage check wants each).
    const count = new Map<string, number>();
    const tally = (schedule: ScheduleSpec, by: number) => count.set(scheduleName(schedule), (count.get(scheduleName(schedule)) ?? 0) + by);
    out.forEach((spec) => tally(spec.schedule, 1));
    const spare = (schedule: ScheduleSpec) => (count.get(scheduleName(schedule)) ?? 0) > 1;
    return fc.tuple(...out.map((_, i) => links(i))).map((chosen) => {
      chosen.forEach((choice, i) => {
        let spec = applyPlan(out[i]!, plans[i]!);
        const j = choice.wait?.target;
        // A pipeline waited for that waits for none and has no time schedule gets one (that can be shifted).
        const givesSchedule = j !== undefined && !targeted.has(j) && !waiter.has(j) && !hasTimeSchedule(out[j]!.schedule);
        if (choice.wait !== undefined && j !== undefined && spare(spec.schedule) && (!givesSchedule || spare(out[j]!.schedule))) {
          if (givesSchedule) {
            tally(out[j]!.schedule, -1);
            out[j] = { ...out[j]!, schedule: choice.wait.rootSchedule };
            tally(out[j]!.schedule, 1);
          }
          targeted.add(j);
          waiter.add(i);
          tally(spec.schedule, -1);
          spec = waitFor(spec, out[j]!, choice.wait);
          tally(spec.schedule, 1);
        }
        if (choice.trigger !== undefined) {
          const j = choice.trigger.target;
          if (!out[j]!.params?.length) out[j] = { ...out[j]!, params: choice.trigger.params };
          spec = { ...spec, triggers: [{ target: linkTo(out[j]!), options: triggerOptions(choice.trigger, out[j]!.params!, spec), ...upstreamOf(choice.trigger.upstream, spec) }] };
        }
        out[i] = spec;
      });
      return out;
    });
  });
}

/** The DAG id a batch gives a keyed spec (round-trip.ts's `dagIdOf`). */
export const keyedDagId = (spec: PipelineSpec) => `${spec.key}_${spec.idStem}`;
const linkTo = (spec: PipelineSpec): PipelineLink => ({ key: spec.key!, dagId: keyedDagId(spec) });

// --- within one pipeline: branches, time waits, deadlines ---------------------------------------------------

interface Plan {
  readonly branches: readonly BranchDraft[];
  readonly timeWaits: readonly { readonly on: WaitSpec["on"]; readonly options: Record<string, unknown>; readonly downstream: number }[];
  readonly deadline?: unknown;
}

/** A branch before it is placed: which pod decides, and a choice of tasks after it for each case (fractions). */
interface BranchDraft {
  readonly mode: BranchSpec["mode"];
  readonly source: number;
  readonly field: string;
  readonly fieldType: ResultFieldSpec;
  /** For each task after the source: the case it is on (an index), or none. */
  readonly placement: readonly number[];
  readonly options: Record<string, unknown>;
  readonly extraField?: string;
}

const fieldName = matching(/^[a-z][a-z0-9_]{0,8}$/);
const triggerRule = fc.constantFrom("all_success", "all_done", "one_success", "none_failed", "none_failed_min_one_success", "always");
const operatorSettings = { retries: fc.integer({ min: 0, max: 5 }), retryDelay: duration, owner: matching(/^[a-z][a-z-]{0,15}$/), doc: hostileString, triggerRule, priorityWeight: fc.integer({ min: -10, max: 10 }) };

/** A field's values for p.switch: an enum of strings, or literals (strings, numbers, booleans) with distinct labels. */
const switchField: fc.Arbitrary<ResultFieldSpec> = fc.oneof(
  fc.uniqueArray(hostileString.filter((v) => v.length > 0 && v !== "__proto__"), { minLength: 2, maxLength: 4 }).map((values) => ({ type: "enum" as const, values })),
  fc
    .uniqueArray(fc.oneof(hostileString.filter((v) => v.length > 0 && v !== "__proto__"), fc.integer({ min: -50, max: 50 }), fc.boolean()), { minLength: 1, maxLength: 4, selector: String })
    .map((values) => ({ type: "literals" as const, values })),
);

function branchDraft(spec: PipelineSpec): fc.Arbitrary<BranchDraft> {
  // A pod decides (a Spark task has no result), and some task after it in the graph's order takes a path.
  const sources = spec.tasks.flatMap((t, i) => (t.kind === undefined && i < spec.tasks.length - 1 ? [i] : []));
  return fc
    .record({
      mode: fc.constantFrom("when" as const, "switch" as const, "continueIf" as const),
      source: fc.constantFrom(...sources),
      field: fieldName,
      switchType: switchField,
      extraField: fc.option(fieldName, { nil: undefined }),
      placement: fc.array(fc.nat(5), { minLength: spec.tasks.length, maxLength: spec.tasks.length }),
      options: fc.record({ id: matching(/^[a-z][a-z0-9_]{0,10}$/).map((id) => `branch_${id}`), ...operatorSettings, ignoreDownstreamTriggerRules: fc.boolean() }, { requiredKeys: [] }),
    })
    .map(({ mode, source, field, switchType, extraField, placement, options }) => {
      const { ignoreDownstreamTriggerRules, ...rest } = options;
      return {
        mode,
        source,
        field,
        fieldType: mode === "switch" ? switchType : { type: "boolean" as const },
        placement: placement.slice(source + 1),
        options: mode === "continueIf" && ignoreDownstreamTriggerRules !== undefined ? { ...rest, ignoreDownstreamTriggerRules } : rest,
        ...(extraField !== undefined && extraField !== field && { extraField }),
      };
    });
}

/** Sensor settings that agree with each other: a poke interval within the timeout, no reschedule mode when deferred. */
const sensorOptions = fc
  .record(
    { timeoutSeconds: fc.integer({ min: 60, max: 86_400 }), pokeFraction: fc.integer({ min: 1, max: 100 }), mode: fc.constantFrom("poke", "reschedule"), softFail: fc.boolean(), deferrable: fc.boolean(), ...operatorSettings },
    { requiredKeys: [] },
  )
  .map(({ timeoutSeconds, pokeFraction, mode, deferrable, ...rest }) => ({
    ...rest,
    ...(timeoutSeconds !== undefined && { timeout: `${timeoutSeconds}s` }),
    ...(pokeFraction !== undefined && { pokeInterval: `${Math.max(1, Math.floor(((timeoutSeconds ?? 3600) * pokeFraction) / 100))}s` }),
    ...(deferrable !== undefined && { deferrable }),
    ...(mode !== undefined && !(deferrable === true && mode === "reschedule") && { mode }),
  }));

const pad = (n: number) => String(n).padStart(2, "0");
const timeOfDay = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.option(fc.integer({ min: 0, max: 59 }), { nil: undefined })).map(([h, m, s]) => `${pad(h)}:${pad(m)}${s === undefined ? "" : `:${pad(s)}`}`);

const timeWait = (size: number) =>
  fc.record({
    on: fc.oneof(timeOfDay.map((time) => ({ kind: "time" as const, time })), duration.map((d) => ({ kind: "delta" as const, delta: d }))),
    options: sensorOptions,
    downstream: fc.nat(size),
  });

const deadline = fc.record({ from: fc.constantFrom("queued", "logicalDate"), after: duration, notify: notifiers });

function plan(spec: PipelineSpec, line: AirflowLine): fc.Arbitrary<Plan> {
  const canBranch = spec.tasks.some((t, i) => t.kind === undefined && i < spec.tasks.length - 1);
  return fc.record({
    branches: canBranch ? fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(branchDraft(spec), { minLength: 1, maxLength: 2 }) }) : fc.constant([]),
    timeWaits: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(timeWait(spec.tasks.length), { minLength: 1, maxLength: 2 }) }),
    // Deadline alerts exist on Airflow 3.1+ only; the 3.3 round trip's project targets that line.
    ...(line === "airflow3" && { deadline: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.oneof(deadline, fc.array(deadline, { minLength: 1, maxLength: 2 })) }) }),
  });
}

/** A pipeline's own ids (tasks, and the kinds added so far), lower-cased as Airflow's uniqueness goes. */
function takenIds(spec: PipelineSpec): Set<string> {
  return new Set([...spec.tasks.map((t) => t.id), ...(spec.branches ?? []).map((b) => String(b.options.id ?? defaultBranchId(b))), ...(spec.waits ?? []).map((w) => String(w.options.id)), ...(spec.triggers ?? []).map((t) => String(t.options.id))].map((id) => id.toLowerCase()));
}

/** The id airflow-ts gives a branch without one (src/tasks/branch/builder.ts, as documented). */
export function defaultBranchId(b: Pick<BranchSpec, "mode" | "source" | "field">): string {
  return `${b.mode === "continueIf" ? "continue_if" : "branch_on"}_${b.source}_${b.field}`.replace(/[^A-Za-z0-9_-]+/g, "_");
}

/** `stem`, or `stem_2`, `stem_3`, ... : an id no task of the pipeline has. */
function fresh(spec: PipelineSpec, stem: string): string {
  const taken = takenIds(spec);
  let id = stem;
  for (let n = 2; taken.has(id.toLowerCase()); n++) id = `${stem}_${n}`;
  return id;
}

function applyPlan(spec: PipelineSpec, plan: Plan): PipelineSpec {
  let out: PipelineSpec = spec;
  const used = new Set<number>();
  const sourceFields = new Map<number, Record<string, ResultFieldSpec>>();
  for (const draft of plan.branches) {
    const fields = sourceFields.get(draft.source) ?? {};
    if (draft.field in fields) continue;
    const labels = draft.mode === "when" ? ["then", "else"] : draft.mode === "continueIf" ? ["then"] : (draft.fieldType as { values: readonly (string | number | boolean)[] }).values.map(String);
    // Each task after the source is on one case (or on none); a task is on one branch's paths only.
    const cases = labels.map((label, c) => ({ label, taskIds: draft.placement.flatMap((p, k) => (p % (labels.length + 1) === c && !used.has(draft.source + 1 + k) ? [draft.source + 1 + k] : [])) }));
    if (cases.every((c) => c.taskIds.length === 0)) continue;
    cases.forEach((c) => c.taskIds.forEach((k) => used.add(k)));
    sourceFields.set(draft.source, { ...fields, [draft.field]: draft.fieldType, ...(draft.extraField !== undefined && !(draft.extraField in fields) && draft.extraField !== draft.field && { [draft.extraField]: { type: "string" as const } }) });
    const sourceId = spec.tasks[draft.source]!.id;
    const branch: BranchSpec = { mode: draft.mode, source: sourceId, field: draft.field, cases: cases.map((c) => ({ label: c.label, taskIds: c.taskIds.map((k) => spec.tasks[k]!.id) })), options: draft.options };
    // An id of its own when asked for, or when the default one is taken.
    const id = draft.options.id !== undefined || takenIds(out).has(defaultBranchId(branch).toLowerCase()) ? fresh(out, String(draft.options.id ?? defaultBranchId(branch))) : undefined;
    const { id: _, ...options } = draft.options;
    out = { ...out, branches: [...(out.branches ?? []), { ...branch, options: id === undefined ? options : { id, ...options } }] };
  }
  for (const [source, fields] of sourceFields) out = mapTaskAt(out, source, (t) => ({ ...t, options: { ...t.options, result: { $: "result", fields } } }));
  plan.timeWaits.forEach((w, i) => {
    const id = fresh(out, `wait_${w.on.kind}_${i}`);
    const downstream = w.downstream < spec.tasks.length ? spec.tasks[w.downstream]!.id : undefined;
    out = { ...out, waits: [...(out.waits ?? []), { on: w.on, options: { id, ...w.options }, ...(downstream !== undefined && { downstream }) }] };
  });
  if (plan.deadline !== undefined) out = { ...out, options: { ...out.options, deadline: plan.deadline } };
  return out;
}

function mapTaskAt(spec: PipelineSpec, index: number, change: (t: TaskSpec) => TaskSpec): PipelineSpec {
  return { ...spec, tasks: spec.tasks.map((t, i) => (i === index ? change(t) : t)) };
}

// --- between pipelines: waits for another pipeline, triggers ----------------------------------------------

interface WaitChoice {
  readonly target: number;
  /** The schedule a target that has no time schedule yet gets. */
  readonly rootSchedule: ScheduleSpec;
  readonly shift: { readonly minutes: number } | undefined;
  /** Wait for one task of the target (an index into its tasks, modulo their number), or for the whole run. */
  readonly task: number | undefined;
  readonly options: Record<string, unknown>;
  readonly downstream: number;
}

interface TriggerChoice {
  readonly target: number;
  readonly params: readonly ParamSpec[];
  /** For each of the target's params: pass it (with this value for a string param), or not. */
  readonly values: readonly (string | undefined)[];
  readonly options: Record<string, unknown>;
  readonly upstream: number;
}

/**
 * A time schedule whose runs can be shifted later the same day: a fixed minute and an hour from 4 to 19, so no
 * timezone's DST change (all at 03:00 local or earlier) falls between a run and the shifted one.
 */
const shiftableSchedule: fc.Arbitrary<ScheduleSpec> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 4, max: 19 }), cronExpression, fc.option(fc.boolean(), { nil: undefined })).map(([m, h, other, dataInterval]) => ({ kind: "cron" as const, expression: `${m} ${h} ${other.startsWith("@") ? "* * *" : other.split(" ").slice(2).join(" ")}`, ...(dataInterval !== undefined && { dataInterval }) })) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("every" as const), every: duration }) },
);

function links(i: number): fc.Arbitrary<{ wait?: WaitChoice; trigger?: TriggerChoice }> {
  if (i === 0) return fc.constant({});
  const target = fc.nat(i - 1);
  const wait: fc.Arbitrary<WaitChoice> = fc.record({
    target,
    rootSchedule: shiftableSchedule,
    shift: fc.option(fc.integer({ min: 1, max: 4 * 60 }).map((minutes) => ({ minutes })), { nil: undefined, freq: 2 }),
    task: fc.option(fc.nat(40), { nil: undefined, freq: 2 }),
    options: sensorOptions,
    downstream: fc.nat(40),
  });
  const trigger: fc.Arbitrary<TriggerChoice> = fc.record({
    target,
    params: fc.uniqueArray(paramSpec, { minLength: 1, maxLength: 3, selector: (p) => p.name }) as fc.Arbitrary<ParamSpec[]>,
    values: fc.array(fc.option(templatedHostileString, { nil: undefined, freq: 3 }), { minLength: 3, maxLength: 3 }),
    options: fc
      .record({ waitForCompletion: fc.boolean(), pokeInterval: duration, deferrable: fc.boolean(), resetRun: fc.boolean(), retries: fc.integer({ min: 0, max: 3 }), triggerRule }, { requiredKeys: [] })
      // pokeInterval and deferrable only mean something while waiting for the run (a warning otherwise).
      .map(({ pokeInterval, deferrable, ...o }) => (o.waitForCompletion ? { ...o, ...(pokeInterval !== undefined && { pokeInterval }), ...(deferrable !== undefined && { deferrable }) } : o)),
    upstream: fc.nat(40),
  });
  // One pipeline in four waits for another (and takes its schedule), one in four triggers another.
  const sometimes = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
  return fc.record({ wait: sometimes(wait), trigger: sometimes(trigger) });
}

/** A schedule as the coverage check names it: a preset by its name, any other by its kind. */
function scheduleName(schedule: ScheduleSpec): string {
  return schedule.kind === "preset" ? schedule.name : schedule.kind;
}

/** A schedule with runs at times a wait can line up with: a cron (the presets but none, once and continuous are crons) or an interval. */
function hasTimeSchedule(schedule: ScheduleSpec): boolean {
  return schedule.kind === "cron" || schedule.kind === "every" || (schedule.kind === "preset" && !["none", "once", "continuous"].includes(schedule.name));
}

/** Minutes after midnight of a shiftable cron's runs, or undefined for any other schedule. */
function minuteOfDay(schedule: ScheduleSpec): number | undefined {
  if (schedule.kind !== "cron") return undefined;
  const match = /^(\d+) (\d+) /.exec(schedule.expression);
  return match && Number(match[2]) >= 4 ? Number(match[2]) * 60 + Number(match[1]) : undefined;
}

/** The waiter takes the target's schedule (shifted later the same day when it can be), timezone and start. */
function waitFor(spec: PipelineSpec, target: PipelineSpec, choice: WaitChoice): PipelineSpec {
  const at = minuteOfDay(target.schedule);
  const shifted = choice.shift !== undefined && at !== undefined && at + choice.shift.minutes <= 23 * 60 + 59 ? at + choice.shift.minutes : undefined;
  const schedule: ScheduleSpec =
    shifted !== undefined && target.schedule.kind === "cron"
      ? { ...target.schedule, expression: `${shifted % 60} ${Math.floor(shifted / 60)} ${target.schedule.expression.split(" ").slice(2).join(" ")}` }
      : target.schedule;
  // Not "0s" for the same schedule: the compiler refuses an offset of 0 (the default it documents; see the notes).
  const offset = shifted !== undefined ? `${shifted - at!}m` : undefined;
  const { timezone: _tz, end: _end, start: _start, ...own } = spec.options;
  const options = {
    ...own,
    start: target.options.start,
    ...(target.options.end !== undefined && { end: target.options.end }),
    ...(target.options.timezone !== undefined && { timezone: target.options.timezone }),
  };
  const task = choice.task === undefined ? undefined : target.tasks[choice.task % target.tasks.length]!.id;
  const id = fresh(spec, `wait_for_${target.key}`);
  const downstream = choice.downstream < spec.tasks.length ? spec.tasks[choice.downstream]!.id : undefined;
  const wait: WaitSpec = { on: { kind: "pipeline", target: linkTo(target), ...(task !== undefined && { task }), ...(offset !== undefined && { offset }) }, options: { id, ...choice.options }, ...(downstream !== undefined && { downstream }) };
  return { ...spec, schedule, options, waits: [...(spec.waits ?? []), wait] };
}

/** Params the target's schema accepts: an enum param's first value (when it holds no template), a string param any text. */
function triggerOptions(choice: TriggerChoice, params: readonly ParamSpec[], spec: PipelineSpec): Record<string, unknown> {
  const given: Record<string, unknown> = {};
  params.forEach((param, i) => {
    const value = choice.values[i % choice.values.length];
    if (value === undefined) return;
    if (param.enum) {
      // An enum value that looks like a template would be rendered before the run gets it: leave it to its default.
      const plain = param.enum.find((v) => !/\{[{%#]/.test(v));
      if (plain !== undefined) given[param.name] = plain;
    } else given[param.name] = value;
  });
  return { id: fresh(spec, `trigger_${choice.target}`), ...(Object.keys(given).length && { params: given }), ...choice.options };
}

function upstreamOf(index: number, spec: PipelineSpec): { upstream?: string } {
  return index < spec.tasks.length ? { upstream: spec.tasks[index]!.id } : {};
}

/** What the batch failed to exercise of the kinds: each branch, wait and trigger form, every notifier and event, deadlines on 3. */
export function kindsMissing(specs: readonly PipelineSpec[], line: AirflowLine): Record<string, string[]> {
  const branches = specs.flatMap((s) => (s.branches ?? []).map((b) => ({ b, field: (s.tasks.find((t) => t.id === b.source)!.options.result as { fields: Record<string, { type: string }> }).fields[b.field]! })));
  const waits = specs.flatMap((s) => s.waits ?? []);
  const triggers = specs.flatMap((s) => s.triggers ?? []);
  const forms = new Set([
    ...branches.map(({ b, field }) => `${b.mode} on ${field.type}`),
    ...branches.filter(({ b }) => b.options.id === undefined).map(() => "branch with its default id"),
    ...branches.filter(({ b }) => b.cases.some((c) => c.taskIds.length === 0)).map(() => "branch with an empty case"),
    ...waits.map((w) => (w.on.kind === "pipeline" ? `wait for a ${w.on.task === undefined ? "whole run" : "task"}${w.on.offset === undefined ? "" : w.on.offset === "0s" ? " at offset 0" : " at an offset"}` : `wait for a ${w.on.kind}`)),
    ...waits.flatMap((w) => ["timeout", "pokeInterval", "mode", "softFail", "deferrable"].filter((k) => k in w.options).map((k) => `wait option ${k}`)),
    ...triggers.map((t) => `trigger${t.options.params ? " with params" : ""}${t.options.waitForCompletion ? " waiting for completion" : ""}`),
    ...triggers.flatMap((t) => ["pokeInterval", "deferrable", "resetRun"].filter((k) => k in t.options).map((k) => `trigger option ${k}`)),
  ]);
  type Tagged = { $: string; options: Record<string, unknown> };
  const list = (value: unknown) => [value ?? []].flat() as Tagged[];
  const notifiers = (at: string, value: unknown) => list(value).flatMap((n) => [`${at}: ${n.$}`, ...Object.keys(n.options).map((k) => `${n.$}.${k}`)]);
  const ofNotify = (notify: unknown) => Object.entries((notify as Record<string, unknown> | undefined) ?? {}).flatMap(([event, value]) => notifiers(`notify.${event}`, value));
  const seen = specs.flatMap((s) => [
    ...ofNotify(s.options.notify),
    ...ofNotify((s.options.defaults as { notify?: unknown } | undefined)?.notify),
    ...s.tasks.flatMap((t) => ofNotify(t.options.notify)),
    ...list(s.options.deadline).flatMap((d) => notifiers("deadline.notify", (d as unknown as { notify: unknown }).notify)),
  ]);
  const seenNotifiers = new Set(seen);
  const deadlines = specs.flatMap((s) => (s.options.deadline === undefined ? [] : [s.options.deadline].flat() as { from: string }[]));
  return {
    "kind form": [
      "when on boolean", "switch on enum", "switch on literals", "continueIf on boolean", "branch with its default id", "branch with an empty case",
      "wait for a time", "wait for a delta", "wait for a whole run", "wait for a task", "wait for a whole run at an offset", "wait for a task at an offset",
      "wait option timeout", "wait option pokeInterval", "wait option mode", "wait option softFail", "wait option deferrable",
      "trigger with params", "trigger with params waiting for completion", "trigger option pokeInterval", "trigger option deferrable", "trigger option resetRun",
    ].filter((f) => !forms.has(f)),
    notifier: [
      ...["notify.failure", "notify.success"].flatMap((e) => ["slack", "email", "webhook"].map((k) => `${e}: ${k}`)),
      "notify.retry: slack",
      "slack.blocks", "email.from", "webhook.endpoint", "webhook.method", "webhook.json", "webhook.headers",
      ...(line === "airflow3" ? ["deadline.notify: slack", "deadline.notify: email", "deadline.notify: webhook"] : []),
    ].filter((n) => !seenNotifiers.has(n)),
    deadline: line === "airflow3" ? ["queued", "logicalDate"].filter((from) => !deadlines.some((d) => d.from === from)) : deadlines.map(() => "a deadline on Airflow 2.11 (it has none)"),
  };
}
