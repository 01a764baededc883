import type { PipelineSpec, TaskSpec } from "./pipeline-spec";

/**
 * Shrinking a failing pipeline to a small one that fails the same way, in batches.
 *
 * fast-check shrinks one candidate at a time, and every candidate here costs a compile and an Airflow start.
 * Instead every one-step simplification of the current pipeline (drop a task, an edge, a volume, an option,
 * a default, a task option, an element of a list) is tried in one batch; if all failing ones together still
 * fail they are all taken, else the smallest. A handful of rounds end in a pipeline with nothing left to drop,
 * or the time budget ends them with the smallest failing pipeline found so far.
 */
export function shrink(
  failing: PipelineSpec,
  problems: readonly string[],
  evaluate: (specs: readonly PipelineSpec[]) => readonly (readonly string[])[],
  budgetMs = 4 * 60_000,
): { spec: PipelineSpec; problems: readonly string[]; rounds: number } {
  const deadline = Date.now() + budgetMs;
  const wanted = signature(problems);
  const failsAlike = (found: readonly string[]) => found.length > 0 && sameFailure(wanted, signature(found));
  let current = { spec: failing, problems };
  let rounds = 0;
  for (; Date.now() < deadline; rounds++) {
    // Coarse steps come first; batches are bounded (each is one compile), and the first batch with a hit is used.
    const all = simplifications(current.spec);
    let steps: Step[] = [];
    let results: (readonly string[])[] = [];
    let kept: Step[] = [];
    for (let from = 0; from < all.length && kept.length === 0 && Date.now() < deadline; from += BATCH) {
      steps = all.slice(from, from + BATCH);
      results = [...evaluate(steps.map((step) => step.apply(current.spec)))];
      kept = steps.filter((_, i) => failsAlike(results[i]!));
    }
    if (kept.length === 0) break;
    // Steps at different places compose; try them all at once first.
    const together = kept.reduce((spec, step) => step.apply(spec), current.spec);
    const [togetherProblems] = kept.length > 1 ? evaluate([together]) : [results[steps.indexOf(kept[0]!)]!];
    if (kept.length > 1 && failsAlike(togetherProblems!)) {
      current = { spec: together, problems: togetherProblems! };
    } else {
      const best = kept.map((step) => ({ spec: step.apply(current.spec), problems: results[steps.indexOf(step)]! }));
      current = best.reduce((a, b) => (JSON.stringify(b.spec).length < JSON.stringify(a.spec).length ? b : a));
    }
  }
  return { ...current, rounds };
}

/** The kinds of a failure: compile error codes, or the names of the fields Airflow saw differently. */
function signature(problems: readonly string[]): Set<string> {
  const kinds = new Set<string>();
  for (const problem of problems) {
    if (problem.startsWith("rejected by the compiler")) for (const m of problem.matchAll(/ error ([\w-]+):/g)) kinds.add(`rejected:${m[1]}`);
    else if (problem.startsWith("import error")) kinds.add(`import:${/(\w+(?:Error|Exception)): /.exec(problem)?.[1] ?? "?"}`);
    else kinds.add(`field:${/^[^:]+: ([^:]+):/.exec(problem)?.[1] ?? problem.slice(0, 40)}`);
  }
  return kinds;
}

function sameFailure(wanted: Set<string>, found: Set<string>): boolean {
  if ([...found].some((k) => k.startsWith("rejected:") && !wanted.has(k))) return false;
  return [...found].some((k) => wanted.has(k));
}

const BATCH = 40;

interface Step {
  readonly apply: (spec: PipelineSpec) => PipelineSpec;
}

/** Every one-step simplification. Each is described by where it acts, so steps compose when applied in turn. */
function simplifications(spec: PipelineSpec): Step[] {
  const steps: Step[] = [];
  // Tasks are dropped by id, edges by their ends, so earlier steps of a combined application do not shift them.
  for (const task of spec.tasks) if (spec.tasks.length > 1) steps.push({ apply: (s) => dropTask(s, task.id) });
  for (const edge of spec.edges) {
    const [up, down] = [spec.tasks[edge.up]!.id, spec.tasks[edge.down]!.id];
    steps.push({ apply: (s) => ({ ...s, edges: s.edges.filter((e) => s.tasks[e.up]!.id !== up || s.tasks[e.down]!.id !== down) }) });
  }
  for (const key of Object.keys(spec.options)) {
    if (key === "start" || key === "catchup") continue;
    steps.push({ apply: (s) => ({ ...s, options: without(s.options, key) }) });
  }
  for (const key of Object.keys((spec.options.defaults as object | undefined) ?? {})) {
    steps.push({ apply: (s) => ({ ...s, options: s.options.defaults ? { ...s.options, defaults: without(s.options.defaults as Record<string, unknown>, key) } : s.options }) });
  }
  if (!(spec.schedule.kind === "preset" && spec.schedule.name === "none")) steps.push({ apply: (s) => ({ ...s, schedule: { kind: "preset", name: "none" } }) });
  for (const task of spec.tasks) {
    for (const [key, value] of Object.entries(task.options)) {
      // Required options: a candidate without one is only rejected by the compiler (a pod needs its image; a Spark task its type, image, file and version; a branch's source its result).
      if (key === "image" || (key === "result" && spec.branches?.some((b) => b.source === task.id)) || (task.kind === "spark" && (key === "type" || key === "mainApplicationFile" || key === "sparkVersion"))) continue;
      steps.push({ apply: (s) => mapTask(s, task.id, (o) => without(o, key)) });
      if (Array.isArray(value) && value.length > 1) {
        value.forEach((_, index) => steps.push({ apply: (s) => mapTask(s, task.id, (o) => (Array.isArray(o[key]) && o[key].length === value.length ? { ...o, [key]: o[key].filter((_, i) => i !== index) } : o)) }));
      }
      if (isPlainRecord(value) && Object.keys(value).length > 1 && (key === "env" || key === "labels" || key === "annotations" || key === "nodeSelector")) {
        for (const inner of Object.keys(value)) steps.push({ apply: (s) => mapTask(s, task.id, (o) => (isPlainRecord(o[key]) ? { ...o, [key]: without(o[key], inner) } : o)) });
      }
    }
  }
  // The kinds: a whole branch, wait or trigger, and a branch's tasks one by one.
  for (const key of ["branches", "waits", "triggers"] as const) {
    (spec[key] ?? []).forEach((_, index) => steps.push({ apply: (s) => dropKind(s, key, index, (spec[key] ?? []).length) }));
  }
  spec.branches?.forEach((branch, b) =>
    branch.cases.forEach((c) => c.taskIds.forEach((id) => steps.push({ apply: (s) => (s.branches?.[b]?.source === branch.source ? dropFromBranches(s, id, b) : s) }))),
  );
  spec.volumes.forEach((volume, index) => {
    const mounts = spec.tasks.flatMap((t) => (t.options.mounts as { $?: string; volume: unknown }[] | undefined) ?? []);
    const used = mounts.some((m) => (m.$ === "mount" ? m.volume === index : m.volume === (volume.name ?? volume.claimName)));
    if (!used) steps.push({ apply: (s) => dropUnusedVolume(s, volume.claimName) });
  });
  return steps;
}

/** Without the `index`-th of its branches, waits or triggers (when their number is still `count`, so steps compose). */
function dropKind(spec: PipelineSpec, key: "branches" | "waits" | "triggers", index: number, count: number): PipelineSpec {
  const list = spec[key] ?? [];
  return list.length === count ? { ...spec, [key]: list.filter((_, i) => i !== index) } : spec;
}

/** Without task `id` on a branch's paths (the `only`-th branch, or all); a branch left with no task on any path goes. */
function dropFromBranches(spec: PipelineSpec, id: string, only?: number): PipelineSpec {
  const branches = (spec.branches ?? [])
    .map((b, i) => (only === undefined || i === only ? { ...b, cases: b.cases.map((c) => ({ ...c, taskIds: c.taskIds.filter((t) => t !== id) })) } : b))
    .filter((b) => b.cases.some((c) => c.taskIds.length > 0));
  return { ...spec, branches };
}

function dropTask(spec: PipelineSpec, id: string): PipelineSpec {
  const index = spec.tasks.findIndex((t) => t.id === id);
  if (index < 0 || spec.tasks.length === 1) return spec;
  const shift = (i: number) => (i > index ? i - 1 : i);
  // What named the task goes with it: the branches it decides, its place on paths, the waits before and triggers after it.
  const kinds = dropFromBranches({ ...spec, branches: (spec.branches ?? []).filter((b) => b.source !== id) }, id);
  return {
    ...spec,
    branches: kinds.branches,
    waits: spec.waits?.map(({ downstream, ...w }) => (downstream === id ? w : { ...w, ...(downstream !== undefined && { downstream }) })),
    triggers: spec.triggers?.map(({ upstream, ...t }) => (upstream === id ? t : { ...t, ...(upstream !== undefined && { upstream }) })),
    tasks: spec.tasks.filter((_, i) => i !== index),
    edges: spec.edges.filter((e) => e.up !== index && e.down !== index).map((e) => ({ ...e, up: shift(e.up), down: shift(e.down) })),
    declarationOrder: spec.declarationOrder.filter((i) => i !== index).map(shift),
  };
}

/** Only volumes no mount refers to (mounts name volumes by index), so the indexes of the others are renumbered. */
function dropUnusedVolume(spec: PipelineSpec, claimName: string): PipelineSpec {
  const index = spec.volumes.findIndex((v) => v.claimName === claimName);
  if (index < 0) return spec;
  const renumber = (mount: unknown) => {
    const m = mount as { $?: string; volume: unknown };
    return m.$ === "mount" && typeof m.volume === "number" && m.volume > index ? { ...m, volume: m.volume - 1 } : mount;
  };
  return {
    ...spec,
    volumes: spec.volumes.filter((_, i) => i !== index),
    tasks: spec.tasks.map((t): TaskSpec => (Array.isArray(t.options.mounts) ? { ...t, options: { ...t.options, mounts: t.options.mounts.map(renumber) } } : t)),
  };
}

function mapTask(spec: PipelineSpec, id: string, change: (options: Record<string, unknown>) => Record<string, unknown>): PipelineSpec {
  return { ...spec, tasks: spec.tasks.map((t) => (t.id === id ? { ...t, options: change({ ...t.options }) } : t)) };
}

function without<T extends Record<string, unknown>>(record: T, key: string): T {
  const { [key]: _, ...rest } = record;
  return rest as T;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !("$" in value);
}
