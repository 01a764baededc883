import fc from "fast-check";
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { AIRFLOW_LINES, type AirflowLine } from "../airflow/airflow-env";
import { hangGuardFor } from "../helpers/hang-guard";
import { HOSTILE_FRAGMENTS, PWNED, pipelineSpec } from "./arbitraries";
import { kindsMissing, withKinds } from "./kinds";
import { linksOf, toTypeScript, type PipelineSpec } from "./pipeline-spec";
import { dagIdOf, roundTrip } from "./round-trip";
import { shrink } from "./shrink";

/**
 * Property: any valid pipeline means the same to real Airflow as to the compiler's model.
 *
 * A new seed every run (printed), or AIRFLOW_TS_SEED to replay one; AIRFLOW_TS_RUNS pipelines per line (200).
 * The whole batch is compiled and loaded by Airflow at once. A failure is shrunk in batches (see shrink.ts) and
 * printed as the TypeScript pipeline file that reproduces it.
 */
const SEED = Number(process.env.AIRFLOW_TS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.AIRFLOW_TS_RUNS ?? 200);

describe.each(AIRFLOW_LINES)("property: random pipelines round-trip through real Airflow (%s)", (line) => {
  it(`${RUNS} random pipelines: Airflow builds the DAGs, tasks and pods their models say, strings verbatim`, () => {
    console.log(`[${line}] seed ${SEED}: replay with AIRFLOW_TS_SEED=${SEED}`);
    fs.rmSync(PWNED, { force: true });

    // The pipelines, then the kinds that tie them together (waits, triggers) and those within one (branches, time
    // waits, deadlines on Airflow 3): both from the seed.
    const specs = fc.sample(withKinds(fc.sample(pipelineSpec, { seed: SEED, numRuns: RUNS }), line), { seed: SEED, numRuns: 1 })[0]!;
    const results = roundTrip(specs, line);
    const tasks = specs.reduce((n, s) => n + s.tasks.length, 0);
    const sparkTasks = specs.reduce((n, s) => n + s.tasks.filter((t) => t.kind === "spark").length, 0);
    const count = (pick: (s: PipelineSpec) => readonly unknown[] | undefined) => specs.reduce((n, s) => n + (pick(s)?.length ?? 0), 0);
    const failing = results.flatMap((r, i) => (r.problems.length ? [i] : []));
    console.log(
      `[${line}] ${specs.length} pipelines, ${tasks} tasks (${sparkTasks} Spark), ${count((s) => s.branches)} branches, ${count((s) => s.waits)} waits, ${count((s) => s.triggers)} triggers, ${failing.length} failing`,
    );
    expect(fs.existsSync(PWNED), "a string escaped its Python literal and ran").toBe(false);
    // A small batch (AIRFLOW_TS_RUNS) may miss a rare option; the CI-sized one may not.
    if (RUNS >= 100) expect(missingFromBatch(specs, line)).toEqual([]);
    if (failing.length === 0) return;

    const first = failing[0]!;
    // The pipelines it waits for or triggers stay as they are, compiled with every candidate; candidates get keys of their own.
    const deps = dependenciesOf(specs, first);
    const small = shrink(specs[first]!, results[first]!.problems, (candidates) =>
      roundTrip([...deps, ...candidates.map((c, i) => ({ ...c, key: `s${i}` }))], line)
        .slice(deps.length)
        .map((r) => r.problems),
    );
    throw new Error(
      [
        `[${line}] ${failing.length} of ${RUNS} pipelines do not round-trip (seed ${SEED}; cases ${failing.slice(0, 20).join(", ")}).`,
        `Replay: AIRFLOW_TS_SEED=${SEED} npx vitest run test/property/round-trip.test.ts`,
        "",
        `Case ${first}, shrunk in ${small.rounds} rounds:`,
        ...small.problems,
        "",
        "as pipeline files:",
        "",
        ...[...dependenciesOf([...deps, small.spec], deps.length), small.spec].map((spec) => `// pipelines/${spec.key ?? "p0"}.pipeline.ts\n${toTypeScript(spec, dagIdOf(spec, 0))}`),
      ].join("\n"),
    );
    // Grows with the batch: compile, load and shrink are per pipeline (about 0.2 s each on an idle 2-core machine).
  }, hangGuardFor(RUNS, 5_000));
});

/** The pipelines the `index`-th names through its waits and triggers, and those they name, in batch order. */
function dependenciesOf(specs: readonly PipelineSpec[], index: number): PipelineSpec[] {
  const byKey = new Map(specs.map((s) => [s.key, s]));
  const needed = new Set<string>();
  const visit = (spec: PipelineSpec) => linksOf(spec).forEach((l) => !needed.has(l.key) && (needed.add(l.key), visit(byKey.get(l.key)!)));
  visit(specs[index]!);
  return specs.filter((s, i) => i !== index && s.key !== undefined && needed.has(s.key));
}

/**
 * What the batch failed to exercise: every hostile fragment, every option of pipelines, defaults and tasks,
 * every schedule kind, and the graph shapes (single task, chain, wide fan-out/fan-in). Empty for a batch
 * that covers the API, so a generator that silently stopped producing something fails here.
 */
function missingFromBatch(specs: readonly PipelineSpec[], line: AirflowLine): string[] {
  const strings = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === "string") strings.add(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.entries(value).forEach(([k, v]) => (strings.add(k), walk(v)));
  };
  specs.forEach(walk);
  const all = [...strings].join("\u0000");
  const seen = (keys: Iterable<string>) => new Set(keys);
  const pipelineKeys = seen(specs.flatMap((s) => Object.keys(s.options)));
  const defaultKeys = seen(specs.flatMap((s) => Object.keys((s.options.defaults as object | undefined) ?? {})));
  const taskKeys = seen(specs.flatMap((s) => s.tasks.filter((t) => t.kind !== "spark").flatMap((t) => Object.keys(t.options))));
  const sparkTasks = specs.flatMap((s) => s.tasks.filter((t) => t.kind === "spark"));
  const sparkKeys = seen(sparkTasks.flatMap((t) => Object.keys(t.options)));
  const roleKeys = seen(sparkTasks.flatMap((t) => ["driver", "executor"].flatMap((role) => Object.keys((t.options[role] as object | undefined) ?? {}).map((k) => `${role}.${k}`))));
  const schedules = seen(specs.map((s) => (s.schedule.kind === "preset" ? s.schedule.name : s.schedule.kind)));
  const shapes = seen(
    specs.flatMap((s) => [
      ...(s.tasks.length === 1 ? ["single"] : []),
      ...(s.edges.length === s.tasks.length - 1 && s.edges.every((e) => e.down === e.up + 1) && s.tasks.length > 2 ? ["chain"] : []),
      ...(s.edges.filter((e) => e.up === 0).length >= 10 ? ["wide fan-out"] : []),
    ]),
  );
  const want = {
    fragment: HOSTILE_FRAGMENTS.filter((f) => !all.includes(f)),
    "pipeline option": ["description", "docs", "owner", "tags", "timezone", "end", "maxActiveRuns", "maxActiveTasks", "runTimeout", "pausedOnCreation", "defaults"].filter((k) => !pipelineKeys.has(k)),
    default: ["owner", "namespace", "serviceAccount", "nodeSelector", "tolerations", "affinity", "labels", "annotations", "imagePullPolicy", "imagePullSecrets", "resources", "retries", "retryDelay", "retryExponentialBackoff", "maxRetryDelay", "executionTimeout", "startupTimeout", "podCleanup", "pool", "poolSlots", "priorityWeight"].filter((k) => !defaultKeys.has(k)),
    "task option": ["command", "args", "env", "envFrom", "mounts", "doc", "triggerRule", "resources", "tolerations", "affinity", "labels", "annotations", "nodeSelector", "namespace", "pool", "produces"].filter((k) => !taskKeys.has(k)),
    "Spark option": ["type", "image", "mainApplicationFile", "mainClass", "arguments", "sparkVersion", "dynamicAllocation", "env", "envFrom", "mounts", "sparkConf", "hadoopConf", "deps", "restartPolicy", "timeToLive", "cleanup", "namespace", "serviceAccount", "tolerations", "affinity", "annotations", "retries", "produces"].filter((k) => !sparkKeys.has(k)),
    "Spark role option": ["cores", "coreRequest", "coreLimit", "memory", "memoryOverhead", "gpu", "serviceAccount", "nodeSelector", "tolerations", "affinity", "labels", "annotations"]
      .flatMap((k) => [`driver.${k}`, `executor.${k}`])
      .concat("executor.instances")
      .filter((k) => !roleKeys.has(k)),
    schedule: ["cron", "every", "none", "once", "continuous", "daily", "assets"].filter((k) => !schedules.has(k)),
    shape: ["single", "chain", "wide fan-out"].filter((k) => !shapes.has(k)),
    ...kindsMissing(specs, line),
  };
  return Object.entries(want).flatMap(([what, missing]) => missing.map((m) => `${what} ${JSON.stringify(m)} never generated`));
}

