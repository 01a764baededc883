/**
 * A random pipeline as plain data, and its printing as the TypeScript a user would write. The printed module
 * is what the round trip compiles, so a failing case printed here reproduces as it is, pasted into a project.
 *
 * Options are kept in the DSL's own shape; the few values that are calls in the DSL (Secret and ConfigMap
 * references, volume handles) are tagged objects ({ $: "secretKey", ... }) that the printer turns into calls.
 */

export type ScheduleSpec =
  | { readonly kind: "cron"; readonly expression: string; readonly dataInterval?: boolean }
  | { readonly kind: "every"; readonly every: string; readonly dataInterval?: boolean }
  | { readonly kind: "preset"; readonly name: "none" | "once" | "continuous" | "hourly" | "daily" | "weekly" | "monthly" | "quarterly" | "yearly" }
  /** `onAssets(asset(u))` for one URI, else `onAssets(all|any(asset(u1), ...))`; with `orCron`, `{ orCron: cron(...) }`. */
  | { readonly kind: "assets"; readonly uris: readonly string[]; readonly combinator: "all" | "any"; readonly orCron?: string };

export type RefSpec =
  | { readonly $: "secretKey" | "configMapKey"; readonly name: string; readonly key: string; readonly optional?: boolean }
  | { readonly $: "secretAll" | "configMapAll"; readonly name: string; readonly prefix?: string; readonly optional?: boolean }
  /** The item parameter of a mapped task's options function. */
  | { readonly $: "item" }
  /** `asset(uri)`: in a task's `produces`. */
  | { readonly $: "asset"; readonly uri: string }
  /** `v<volume>.at(path, options)`: a mount through the claim's handle. */
  | { readonly $: "mount"; readonly volume: number; readonly path: string; readonly subPath?: string; readonly readOnly?: boolean }
  /** `slack({...})`, `email({...})`, `webhook({...})`: a notifier, in `notify` or a deadline. */
  | { readonly $: "slack" | "email" | "webhook"; readonly options: Readonly<Record<string, unknown>> }
  /** `z.object({ ... })`: a task's typed result (`result`), one scalar field per key. */
  | { readonly $: "result"; readonly fields: Readonly<Record<string, ResultFieldSpec>> };

/** A field of a task's result: what a branch can decide on (a boolean, an enum, a union of literals) or not (a string). */
export type ResultFieldSpec =
  | { readonly type: "boolean" }
  | { readonly type: "string" }
  | { readonly type: "enum"; readonly values: readonly string[] }
  | { readonly type: "literals"; readonly values: readonly (string | number | boolean)[] };

/** Another pipeline of the batch, by its module (`import <var> from "./<key>.pipeline"`) and its DAG id. */
export interface PipelineLink {
  readonly key: string;
  readonly dagId: string;
}

/**
 * `p.when(t.result.f, { then, else }, options)`, `p.switch(t.result.f, { <value>: [...] }, options)` or
 * `p.continueIf(t.result.f, { then }, options)`: tasks named by id (the handles of the pipeline's tasks are printed).
 */
export interface BranchSpec {
  readonly mode: "when" | "switch" | "continueIf";
  /** The task whose result decides, and the field of it. */
  readonly source: string;
  readonly field: string;
  /** Each case's label as written (`then`, `else`, a value as text) and the ids of the tasks it runs. */
  readonly cases: readonly { readonly label: string; readonly taskIds: readonly string[] }[];
  /** The branch settings (`id`, `triggerRule`, `retries`, ..., `ignoreDownstreamTriggerRules` for continueIf). */
  readonly options: Readonly<Record<string, unknown>>;
}

/** `p.waitUntil(time, options)`, `p.waitFor(delta(d), options)` or `p.waitFor(<pipeline>, { task, offset, ...options })`. */
export interface WaitSpec {
  readonly on:
    | { readonly kind: "time"; readonly time: string }
    | { readonly kind: "delta"; readonly delta: string }
    | { readonly kind: "pipeline"; readonly target: PipelineLink; readonly task?: string; readonly offset?: string };
  /** `id` always set; the sensor and operator settings. */
  readonly options: Readonly<Record<string, unknown>>;
  /** A task of this pipeline that runs after the wait (`t.after(wait)`). */
  readonly downstream?: string;
}

/** `p.trigger(<pipeline>, options)`: `id` always set; params valid for the target's params. */
export interface TriggerSpec {
  readonly target: PipelineLink;
  readonly options: Readonly<Record<string, unknown>>;
  /** A task of this pipeline that runs before the trigger (`trigger.after(t)`). */
  readonly upstream?: string;
}

export interface VolumeSpec {
  readonly claimName: string;
  readonly name?: string;
  /** Listed in the pipeline's `volumes`, so mounts may name it by string. */
  readonly declared: boolean;
}

export interface TaskSpec {
  readonly id: string;
  /** `p.spark(...)` instead of `p.pod(...)`. */
  readonly kind?: "spark";
  readonly options: Readonly<Record<string, unknown>>;
}

/** `tasks[down].after(tasks[up])`, or `tasks[up].before(tasks[down])`; `byId` passes the id string instead of the handle. */
export interface EdgeSpec {
  readonly up: number;
  readonly down: number;
  readonly via: "after" | "before";
  readonly byId: boolean;
}

/** A run parameter: `name: z.string().default(...)` or `z.enum([...]).default(...)`, with a description. */
export interface ParamSpec {
  readonly name: string;
  /** A string param's default; an enum param's is its first value. */
  readonly default?: string;
  readonly description: string;
  readonly enum?: readonly string[];
}

/** `p.group(id, (g) => { g.pod(...); ... }, { tooltip })`. */
export interface GroupSpec {
  readonly id: string;
  readonly tooltip?: string;
  readonly tasks: readonly TaskSpec[];
}

/** `p.map(id, { over }, (item) => ({ ...options, args: [...options.args, item] }))`, over a list written in the pipeline. */
export interface MappedSpec {
  readonly id: string;
  readonly over: readonly string[];
  readonly options: Readonly<Record<string, unknown>>;
}

export interface PipelineSpec {
  /**
   * Its module's name in a batch whose pipelines refer to each other (`pipelines/<key>.pipeline.ts`, DAG id
   * `<key>_<idStem>`); without one, the batch position names it (see `dagIdOf`).
   */
  readonly key?: string;
  /** Made unique per batch by a prefix: see `dagIdOf`. */
  readonly idStem: string;
  /** Pipeline options other than id, schedule and volumes. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly schedule: ScheduleSpec;
  readonly volumes: readonly VolumeSpec[];
  readonly tasks: readonly TaskSpec[];
  /** Indexes into `tasks`, the order in which `p.pod(...)` is called. */
  readonly declarationOrder: readonly number[];
  readonly edges: readonly EdgeSpec[];
  /** Run parameters, groups and mapped tasks: generated for the invalid-input property (see `pipelineSpecWithExtras`). */
  readonly params?: readonly ParamSpec[];
  readonly groups?: readonly GroupSpec[];
  readonly mapped?: readonly MappedSpec[];
  /** Branches, waits and triggers: generated for the round trip (see kinds.ts). */
  readonly branches?: readonly BranchSpec[];
  readonly waits?: readonly WaitSpec[];
  readonly triggers?: readonly TriggerSpec[];
}

/** The other pipelines a spec's waits and triggers name. */
export function linksOf(spec: PipelineSpec): PipelineLink[] {
  const links = [...(spec.waits ?? []).flatMap((w) => (w.on.kind === "pipeline" ? [w.on.target] : [])), ...(spec.triggers ?? []).map((t) => t.target)];
  return links.filter((link, i) => links.findIndex((l) => l.key === link.key) === i);
}

/** A handle's variable for an imported pipeline: its key is a module name of letters and digits. */
const moduleVariable = (key: string) => `pipeline_${key}`;

/** The pipeline module for `spec`, with DAG id `dagId`. */
export function toTypeScript(spec: PipelineSpec, dagId: string): string {
  const kinds = Boolean(spec.branches?.length || spec.waits?.length || spec.triggers?.length);
  const zod = Boolean(spec.params?.length || spec.tasks.some((t) => t.options.result));
  const lines = [`import { all, any, asset, configMap, cron, ${kinds ? "delta, " : ""}email, every, onAssets, pipeline, schedules, secret, slack, volume, webhook${zod ? ", z" : ""} } from "airflow-ts";`];
  for (const link of linksOf(spec)) lines.push(`import ${moduleVariable(link.key)} from ${str(`./${link.key}.pipeline`)};`);
  // The return type is written out: inferring `p.map`'s item type leaves the returned literal without contextual
  // types (an affinity's terms then widen), as a user would meet it too.
  if (spec.mapped?.length) lines.push(`import type { PodTaskOptions } from "airflow-ts";`);
  lines.push("");
  spec.volumes.forEach((v, i) => lines.push(`const v${i} = volume.claim(${str(v.claimName)}${v.name !== undefined ? `, { name: ${str(v.name)} }` : ""});`));
  const declared = spec.volumes.flatMap((v, i) => (v.declared ? [`v${i}`] : []));
  const options = [
    `id: ${str(dagId)}`,
    `schedule: ${printSchedule(spec.schedule)}`,
    ...(declared.length ? [`volumes: [${declared.join(", ")}]`] : []),
    ...Object.entries(spec.options).map(([key, value]) => `${key}: ${printValue(value, "    ")}`),
    ...(spec.params?.length ? [`params: z.object({\n${spec.params.map((p) => `      ${str(p.name)}: ${printParam(p)},`).join("\n")}\n    })`] : []),
  ];
  lines.push("", "export default pipeline(", `  {\n${options.map((o) => `    ${o},`).join("\n")}\n  },`, "  (p) => {");
  for (const index of spec.declarationOrder) {
    const task = spec.tasks[index]!;
    lines.push(`    const t${index} = p.${task.kind ?? "pod"}(${str(task.id)}, ${printValue(task.options, "    ")});`);
  }
  for (const [declaredOn, via, refs] of groupEdges(spec)) lines.push(`    t${declaredOn}.${via}(${refs.join(", ")});`);
  lines.push(...printKinds(spec));
  for (const group of spec.groups ?? []) {
    const body = group.tasks.map((t) => `      g.pod(${str(t.id)}, ${printValue(t.options, "      ")});`).join("\n");
    lines.push(`    p.group(${str(group.id)}, (g) => {\n${body}\n    }${group.tooltip !== undefined ? `, { tooltip: ${str(group.tooltip)} }` : ""});`);
  }
  for (const m of spec.mapped ?? []) {
    const options = { ...m.options, args: [...((m.options.args as unknown[] | undefined) ?? []), { $: "item" }] };
    lines.push(`    p.map(${str(m.id)}, { over: ${printValue(m.over, "    ")} }, (item): PodTaskOptions => (${printValue(options, "    ")}));`);
  }
  lines.push("  },", ");", "");
  return lines.join("\n");
}

/** The branches, waits and triggers: after the tasks, whose handles (`t<index>`) they name. */
function printKinds(spec: PipelineSpec): string[] {
  const handle = (id: string) => `t${spec.tasks.findIndex((t) => t.id === id)}`;
  const out: string[] = [];
  for (const b of spec.branches ?? []) {
    const cases = `{ ${b.cases.map((c) => `${str(c.label)}: [${c.taskIds.map(handle).join(", ")}]`).join(", ")} }`;
    const options = Object.keys(b.options).length ? `, ${printValue(b.options, "    ")}` : "";
    out.push(`    p.${b.mode}(${handle(b.source)}.result[${str(b.field)}], ${cases}${options});`);
  }
  (spec.waits ?? []).forEach((w, i) => {
    const options = printValue(w.on.kind === "pipeline" ? { ...(w.on.task !== undefined && { task: w.on.task }), ...(w.on.offset !== undefined && { offset: w.on.offset }), ...w.options } : w.options, "    ");
    const call =
      w.on.kind === "time" ? `p.waitUntil(${str(w.on.time)}, ${options})` : w.on.kind === "delta" ? `p.waitFor(delta(${str(w.on.delta)}), ${options})` : `p.waitFor(${moduleVariable(w.on.target.key)}, ${options})`;
    out.push(`    const w${i} = ${call};`);
    if (w.downstream !== undefined) out.push(`    ${handle(w.downstream)}.after(w${i});`);
  });
  (spec.triggers ?? []).forEach((t, i) => {
    out.push(`    const g${i} = p.trigger(${moduleVariable(t.target.key)}, ${printValue(t.options, "    ")});`);
    if (t.upstream !== undefined) out.push(`    g${i}.after(${handle(t.upstream)});`);
  });
  return out;
}

/** One `after`/`before` call per declaring task and method, its references in edge order. */
function groupEdges(spec: PipelineSpec): [number, "after" | "before", string[]][] {
  const calls = new Map<string, [number, "after" | "before", string[]]>();
  for (const edge of spec.edges) {
    const [self, other] = edge.via === "after" ? [edge.down, edge.up] : [edge.up, edge.down];
    const key = `${self}:${edge.via}`;
    if (!calls.has(key)) calls.set(key, [self, edge.via, []]);
    calls.get(key)![2].push(edge.byId ? str(spec.tasks[other]!.id) : `t${other}`);
  }
  return [...calls.values()];
}

function printSchedule(s: ScheduleSpec): string {
  const interval = "dataInterval" in s && s.dataInterval !== undefined ? `, { dataInterval: ${s.dataInterval} }` : "";
  switch (s.kind) {
    case "cron":
      return `cron(${str(s.expression)}${interval})`;
    case "every":
      return `every(${printValue(s.every, "")}${interval})`;
    case "preset":
      return `schedules.${s.name}`;
    case "assets": {
      const assets = s.uris.map((u) => `asset(${str(u)})`);
      const condition = assets.length === 1 ? assets[0]! : `${s.combinator}(${assets.join(", ")})`;
      return `onAssets(${condition}${s.orCron !== undefined ? `, { orCron: cron(${str(s.orCron)}) }` : ""})`;
    }
  }
}

function printParam(p: ParamSpec): string {
  const type = p.enum ? `z.enum(${printValue(p.enum, "")})` : "z.string()";
  return `${type}.default(${printValue(p.enum ? p.enum[0]! : (p.default ?? ""), "")}).describe(${str(p.description)})`;
}

function printValue(value: unknown, indent: string): string {
  // A string no valid pipeline holds (NUL, a lone surrogate) still type-checks where a literal type is expected:
  // the compiler, not TypeScript, must refuse it.
  if (typeof value === "string") return value.includes("\0") || !value.isWellFormed() ? `(${str(value)} as never)` : str(value);
  if (typeof value !== "object" || value === null) return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => printValue(v, indent)).join(", ")}]`;
  if ("$" in value) return printRef(value as RefSpec);
  const entries = Object.entries(value).map(([k, v]) => `${indent}  ${str(k)}: ${printValue(v, `${indent}  `)},`);
  return entries.length ? `{\n${entries.join("\n")}\n${indent}}` : "{}";
}

function printRef(ref: RefSpec): string {
  const opts = (o: Record<string, unknown>) => {
    const set = Object.entries(o).filter(([, v]) => v !== undefined);
    return set.length ? `, { ${set.map(([k, v]) => `${k}: ${printValue(v, "")}`).join(", ")} }` : "";
  };
  switch (ref.$) {
    case "item":
      return "item";
    case "asset":
      return `asset(${str(ref.uri)})`;
    case "secretKey":
    case "configMapKey":
      return `${ref.$ === "secretKey" ? "secret" : "configMap"}(${str(ref.name)}).key(${str(ref.key)}${opts({ optional: ref.optional })})`;
    case "secretAll":
    case "configMapAll": {
      const options = opts({ prefix: ref.prefix, optional: ref.optional });
      return `${ref.$ === "secretAll" ? "secret" : "configMap"}(${str(ref.name)}).all(${options.slice(2)})`;
    }
    case "mount":
      return `v${ref.volume}.at(${str(ref.path)}${opts({ subPath: ref.subPath, readOnly: ref.readOnly })})`;
    case "slack":
    case "email":
    case "webhook":
      return `${ref.$}(${printValue(ref.options, "      ")})`;
    case "result":
      return `z.object({ ${Object.entries(ref.fields).map(([name, field]) => `${str(name)}: ${printResultField(field)}`).join(", ")} })`;
  }
}

function printResultField(field: ResultFieldSpec): string {
  switch (field.type) {
    case "boolean":
      return "z.boolean()";
    case "string":
      return "z.string()";
    case "enum":
      return `z.enum(${printValue(field.values, "")})`;
    case "literals":
      return field.values.length === 1 ? `z.literal(${printValue(field.values[0], "")})` : `z.union([${field.values.map((v) => `z.literal(${printValue(v, "")})`).join(", ")}])`;
  }
}

/** A TypeScript string literal: JSON's escaping is valid TypeScript and keeps every character. */
function str(value: string): string {
  return JSON.stringify(value);
}
