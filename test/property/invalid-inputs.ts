import fc from "fast-check";
import { pipelineSpec, pipelineSpecWithExtras } from "./arbitraries";
import type { PipelineSpec } from "./pipeline-spec";

/**
 * Pipelines made invalid in one place, with the diagnostic the compiler must give. The bad values are what the
 * Kubernetes API server (names, labels, quantities, env vars, keys), Airflow (ids, pools, cron) or Python and
 * UTF-8 (NUL, lone surrogates) would refuse at deploy or parse time; the compiler must refuse them first.
 */
export interface InvalidCase {
  readonly spec: PipelineSpec;
  readonly code: string;
  /** A piece of the diagnostic's field path, e.g. `namespace` (TypeScript source: checked values must type-check). */
  readonly field: string;
  readonly what: string;
  /**
   * The bad value may also break the rules of the field it is in (a NUL in a namespace is also no DNS label):
   * other errors are then allowed on that field (its path, or a path within or above it), and nowhere else.
   */
  readonly alsoAtField?: boolean;
}

type Mutation = { what: string; code: string; field: string; bad: fc.Arbitrary<string>; apply: (spec: PipelineSpec, bad: string) => PipelineSpec };

const onFirstTask = (spec: PipelineSpec, change: (options: Record<string, unknown>) => Record<string, unknown>): PipelineSpec => ({
  ...spec,
  tasks: spec.tasks.map((t, i) => (i === 0 ? { ...t, options: change({ ...t.options }) } : t)),
});
const taskOption = (key: string, value: (bad: string) => unknown) => (spec: PipelineSpec, bad: string) => onFirstTask(spec, (o) => ({ ...o, [key]: value(bad) }));

const notDnsLabel = fc.oneof(
  fc.constantFrom("Data", "data_lake", "-data", "data-", "da ta", "dätä", "data.lake", "a".repeat(64)),
  fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s) && !["{{", "{%", "{#"].some((jinja) => s.includes(jinja))),
);
const notDnsSubdomain = fc.constantFrom("Runner", "runner_1", "a..b", ".lead", "trail.", "x".repeat(254), "ünï");
const notLabelKey = fc.constantFrom("team!", "-team", "a/b/c", "Example.com/x", "x".repeat(64), "/team", "team/", "sp ace");
const notLabelValue = fc.constantFrom("has space", "x".repeat(64), "-lead", "trail-", "ü", "a/b", "a:b");
const notQuantity = fc.constantFrom("2GB", "1.5 Gi", "lots", "1e", "--1", "0x10", "2e2m", "1,5", "Gi", "-1");
const notEnvName = fc.constantFrom("1ABC", "MY-VAR", "MY VAR", "ÄPFEL", "A.B", "");
const notConfigKey = fc.constantFrom("a/b", ".", "..data", "", "sp ace", "ключ");
const notPool = fc.constantFrom("has space", "a/b", "x".repeat(251), "pool!", "");
const notTaskId = fc.constantFrom("has space", "ü", "", "a/b", "x".repeat(251));
const uncarryable = fc.constantFrom("nul\u0000byte", "lone \ud800 surrogate", "\udfff", "\u0000");

const MUTATIONS: Mutation[] = [
  { what: "namespace", code: "invalid-namespace", field: "namespace", bad: notDnsLabel, apply: taskOption("namespace", (b) => b) },
  { what: "service account", code: "invalid-name", field: "serviceAccount", bad: notDnsSubdomain, apply: taskOption("serviceAccount", (b) => b) },
  { what: "image pull secret", code: "invalid-name", field: "imagePullSecrets", bad: notDnsSubdomain, apply: taskOption("imagePullSecrets", (b) => [b]) },
  { what: "Secret name", code: "invalid-name", field: "env", bad: notDnsSubdomain, apply: taskOption("env", (b) => ({ TOKEN: { $: "secretKey", name: b, key: "token" } })) },
  { what: "ConfigMap key", code: "invalid-key", field: "env", bad: notConfigKey, apply: taskOption("env", (b) => ({ MODE: { $: "configMapKey", name: "app", key: b } })) },
  { what: "label key", code: "invalid-label", field: "labels", bad: notLabelKey, apply: taskOption("labels", (b) => ({ [b]: "x" })) },
  { what: "label value", code: "invalid-label", field: "labels", bad: notLabelValue, apply: taskOption("labels", (b) => ({ team: b })) },
  { what: "node selector value", code: "invalid-label", field: "nodeSelector", bad: notLabelValue, apply: taskOption("nodeSelector", (b) => ({ pool: b })) },
  { what: "annotation key", code: "invalid-annotation", field: "annotations", bad: notLabelKey, apply: taskOption("annotations", (b) => ({ [b]: "x" })) },
  { what: "cpu quantity", code: "invalid-quantity", field: "resources", bad: notQuantity, apply: taskOption("resources", (b) => ({ requests: { cpu: b } })) },
  { what: "memory quantity", code: "invalid-quantity", field: "resources", bad: notQuantity, apply: taskOption("resources", (b) => ({ limits: { memory: b } })) },
  { what: "GPU fraction", code: "invalid-quantity", field: "resources", bad: fc.constantFrom("0.5", "500m", "1.5"), apply: taskOption("resources", (b) => ({ limits: { "nvidia.com/gpu": b } })) },
  { what: "env var name", code: "invalid-env-name", field: "env", bad: notEnvName, apply: taskOption("env", (b) => ({ [b]: "x" })) },
  { what: "envFrom prefix", code: "invalid-env-name", field: "envFrom", bad: fc.constantFrom("1_", "A-", "A B"), apply: taskOption("envFrom", (b) => [{ $: "configMapAll", name: "app", prefix: b }]) },
  { what: "toleration value", code: "invalid-toleration", field: "tolerations", bad: notLabelValue, apply: taskOption("tolerations", (b) => [{ key: "k", operator: "Equal", value: b, effect: "NoSchedule" }]) },
  { what: "mount path", code: "invalid-mount-path", field: "mounts", bad: fc.constantFrom("data", "./data", "relative/path"), apply: (s, b) => withVolume(s, { path: b }) },
  { what: "mount subPath", code: "invalid-mount-path", field: "mounts", bad: fc.constantFrom("../up", "/abs", "a/../b"), apply: (s, b) => withVolume(s, { path: "/m", subPath: b }) },
  { what: "volume name", code: "invalid-name", field: "volume", bad: fc.constantFrom("raw.data", "Raw", "raw_data", "x".repeat(64)), apply: (s, b) => withVolume(s, { path: "/m" }, b) },
  {
    what: "affinity weight",
    code: "invalid-affinity",
    field: "weight",
    bad: fc.constantFrom("0", "101", "-5", "50.5"),
    apply: taskOption("affinity", (b) => ({ nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: Number(b), preference: { matchExpressions: [{ key: "zone", operator: "Exists" }] } }] } })),
  },
  {
    what: "affinity operator values",
    code: "invalid-affinity",
    field: "values",
    bad: fc.constantFrom("In:", "NotIn:", "Exists:a", "DoesNotExist:a", "Gt:", "Gt:x", "Lt:1,2"),
    apply: taskOption("affinity", (b) => {
      const [operator, values] = b.split(":") as [string, string];
      return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator, values: values ? values.split(",") : [] }] }] } } };
    }),
  },
  {
    what: "pod affinity topology key",
    code: "invalid-affinity",
    field: "topologyKey",
    bad: fc.constantFrom("", "not a key", "-lead"),
    apply: taskOption("affinity", (b) => ({ podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: b }] } })),
  },
  { what: "pool", code: "invalid-pool", field: "pool", bad: notPool, apply: taskOption("pool", (b) => b) },
  { what: "task id", code: "invalid-task-id", field: "", bad: notTaskId, apply: (s, b) => ({ ...s, edges: [], tasks: s.tasks.map((t, i) => (i === 0 ? { ...t, id: b } : t)) }) },
  { what: "string Kubernetes or Python cannot carry", code: "unrepresentable-string", field: "args", bad: uncarryable, apply: taskOption("args", (b) => ["ok", b]) },
  { what: "cron expression", code: "invalid-cron", field: "schedule", bad: fc.constantFrom("61 * * * *", "* * *", "0 0 32 * *", "0 0 * 13 *", "*/0 * * * *", "0 2 * * funday"), apply: (s, b) => ({ ...s, schedule: { kind: "cron", expression: b } }) },
  { what: "timezone", code: "invalid-timezone", field: "timezone", bad: fc.constantFrom("Mars/Olympus_Mons", "Europe/Berln", "UTC+25"), apply: (s, b) => ({ ...s, options: { ...s.options, timezone: b } }) },
  { what: "duration", code: "invalid-duration", field: "retryDelay", bad: fc.constantFrom("0s", "1.5h", "-5m", "0d0h", "1e3s"), apply: taskOption("retryDelay", (b) => b) },
];

/** A valid pipeline with one invalid value, and the diagnostic expected for it. */
export const invalidCase: fc.Arbitrary<InvalidCase> = fc
  .tuple(pipelineSpec, fc.constantFrom(...MUTATIONS))
  .chain(([spec, mutation]) => mutation.bad.map((bad): InvalidCase => ({ spec: mutation.apply(spec, bad), code: mutation.code, field: mutation.field, what: `${mutation.what} ${JSON.stringify(bad)}` })));

export const MUTATION_COUNT = MUTATIONS.length;

/** The first task mounts a fresh volume (named `name`, default a valid one) with the given mount options. */
function withVolume(spec: PipelineSpec, mount: { path: string; subPath?: string }, name = "scratch-vol"): PipelineSpec {
  const volume = spec.volumes.length;
  const withMount = onFirstTask(spec, (o) => ({ ...o, mounts: [{ $: "mount", volume, ...mount }] }));
  return { ...withMount, volumes: [...spec.volumes, { claimName: "scratch-claim", name, declared: true }] };
}

/**
 * One string of a valid pipeline, any string the arbitraries produce (options, defaults, tasks, params, groups,
 * mapped lists: whatever they generate now or later), made uncarryable. Found by walking the spec, not from a
 * list of fields, so an option the arbitraries start generating is covered without a change here.
 */
export const uncarryableCase = (region?: SpecRegion): fc.Arbitrary<InvalidCase> => pipelineSpecWithExtras.chain((spec) => {
  const all = stringPositions(spec);
  const inRegion = all.filter((at) => at[0] === region);
  const positions = inRegion.length > 0 ? inRegion : all;
  return fc.tuple(fc.nat(positions.length - 1), uncarryable).map(([index, bad]): InvalidCase => {
    const at = positions[index]!;
    return { spec: setAt(spec, at, `${String(getAt(spec, at))}${bad}`) as PipelineSpec, code: "unrepresentable-string", field: fieldPiece(spec, at), what: `uncarryable ${JSON.stringify(bad)} at ${at.join(".")}`, alsoAtField: true };
  });
});

type SpecPath = readonly (string | number)[];

/** The parts of a spec that hold strings: a case may be drawn from one, so that a batch reaches each. */
export const SPEC_REGIONS = ["options", "tasks", "params", "groups", "mapped", "schedule"] as const;
export type SpecRegion = (typeof SPEC_REGIONS)[number];

/**
 * Where the spec holds a string the printed pipeline carries as a string. Left out: what the printer turns into
 * code rather than a string (a ref's `$` tag, a preset schedule's name, the schedule kind), the id stem (each
 * test names its DAGs), and the volumes: the spec keeps a volume's name both in the claim and in the mounts that
 * name it, so changing one copy is a different mistake (the mounts' copies are positions of their own).
 */
function stringPositions(spec: PipelineSpec): SpecPath[] {
  const out: SpecPath[] = [];
  const walk = (value: unknown, at: SpecPath): void => {
    if (typeof value === "string") out.push(at);
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...at, i]));
    // Not the discriminators ("$" of a reference, "kind" of a task or list): they are printed as code (`p.spark(`),
    // not as strings the pipeline carries.
    else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) if (k !== "$" && k !== "kind") walk(v, [...at, k]);
  };
  const { idStem: _stem, volumes: _volumes, schedule, declarationOrder: _order, edges: _edges, ...rest } = spec;
  walk(rest, []);
  if (schedule.kind === "cron") out.push(["schedule", "expression"]);
  if (schedule.kind === "every") out.push(["schedule", "every"]);
  return out;
}

/**
 * A piece of the diagnostic's path for a spec position: the last key naming a field, as the DSL names it. An id is
 * the task's or group's own segment, a param's name a key under params; inside a ref (printed as a call:
 * `secret(name).key(key)`, `v0.at(path)`) it is the key holding the ref.
 */
function fieldPiece(spec: PipelineSpec, at: SpecPath): string {
  const last = at[at.length - 1];
  if (last === "id") return at[0] === "groups" && at.length === 3 ? "groups" : "tasks";
  if (at[0] === "params" && last === "name") return "params";
  for (let i = 1; i < at.length; i++) {
    const value = getAt(spec, at.slice(0, i));
    if (typeof value === "object" && value !== null && !Array.isArray(value) && "$" in value) return lastKey(at.slice(0, i));
  }
  return lastKey(at);
}

function lastKey(at: SpecPath): string {
  return at.filter((k): k is string => typeof k === "string").at(-1)!;
}

function getAt(value: unknown, at: SpecPath): unknown {
  return at.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], value);
}

function setAt(value: unknown, at: SpecPath, replacement: unknown): unknown {
  if (at.length === 0) return replacement;
  const [head, ...tail] = at;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? setAt(v, tail, replacement) : v));
  const record = value as Record<string, unknown>;
  return { ...record, [head!]: setAt(record[head!], tail, replacement) };
}
