import fc from "fast-check";
import type { AirflowLine } from "../airflow/airflow-env";
import { HOSTILE_FRAGMENTS, pipelineSpec } from "./arbitraries";
import { kindsMissing, withKinds } from "./kinds";
import type { PipelineSpec } from "./pipeline-spec";

/** A batch of `runs` random pipelines with the kinds that tie them together, all drawn from `seed`. */
export function batchOf(seed: number, runs: number, line: AirflowLine): PipelineSpec[] {
  return fc.sample(withKinds(fc.sample(pipelineSpec, { seed, numRuns: runs }), line), { seed, numRuns: 1 })[0]!;
}

/** How many seeds a batch may draw from before a form it never generates is a generator that stopped producing it. */
export const COVERAGE_ATTEMPTS = 8;

/**
 * The first batch drawn from `seed`, `seed + 1`, ... that exercises every form `missingFromBatch` lists, and the
 * seed it was drawn from; or, after COVERAGE_ATTEMPTS, the last batch and what it misses.
 *
 * Some forms need several rare draws to line up (a wait at an offset needs a waiter, a shift and a target with a
 * fixed daily time): over 100 seeds, one 200-pipeline batch in seven missed one of them. A generator that still
 * produces a form misses it in eight batches in a row about once in 10^7 runs; one that stopped misses it in all.
 * The search is deterministic, so AIRFLOW_TS_SEED replays the same batch.
 */
export function coveringBatch(seed: number, runs: number, line: AirflowLine): { specs: PipelineSpec[]; seed: number; missing: string[] } {
  for (let attempt = 0; ; attempt++) {
    const specs = batchOf(seed + attempt, runs, line);
    const missing = missingFromBatch(specs, line);
    if (missing.length === 0 || attempt === COVERAGE_ATTEMPTS - 1) return { specs, seed: seed + attempt, missing };
  }
}

/**
 * What the batch failed to exercise: every hostile fragment, every option of pipelines, defaults and tasks,
 * every schedule kind, and the graph shapes (single task, chain, wide fan-out/fan-in). Empty for a batch
 * that covers the API, so a generator that silently stopped producing something fails here.
 */
export function missingFromBatch(specs: readonly PipelineSpec[], line: AirflowLine): string[] {
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

