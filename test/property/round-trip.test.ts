import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { AIRFLOW_LINES } from "../airflow/airflow-env";
import { hangGuardFor } from "../helpers/hang-guard";
import { PWNED } from "./arbitraries";
import { batchOf, coveringBatch } from "./coverage";
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
    // waits, deadlines on Airflow 3): both from the seed. A CI-sized batch must exercise every form; a small one
    // (AIRFLOW_TS_RUNS) may miss a rare one.
    const drawn = RUNS >= 100 ? coveringBatch(SEED, RUNS, line) : { specs: batchOf(SEED, RUNS, line), seed: SEED, missing: [] };
    if (drawn.seed !== SEED) console.log(`[${line}] the batch of seed ${SEED} missed a rare form; drawn from seed ${drawn.seed}, the first that covers them`);
    expect(drawn.missing, `no batch from seeds ${SEED}..${drawn.seed} exercises these: has a generator stopped producing them?`).toEqual([]);
    const specs = drawn.specs;
    const results = roundTrip(specs, line);
    const tasks = specs.reduce((n, s) => n + s.tasks.length, 0);
    const sparkTasks = specs.reduce((n, s) => n + s.tasks.filter((t) => t.kind === "spark").length, 0);
    const count = (pick: (s: PipelineSpec) => readonly unknown[] | undefined) => specs.reduce((n, s) => n + (pick(s)?.length ?? 0), 0);
    const failing = results.flatMap((r, i) => (r.problems.length ? [i] : []));
    console.log(
      `[${line}] ${specs.length} pipelines, ${tasks} tasks (${sparkTasks} Spark), ${count((s) => s.branches)} branches, ${count((s) => s.waits)} waits, ${count((s) => s.triggers)} triggers, ${failing.length} failing`,
    );
    expect(fs.existsSync(PWNED), "a string escaped its Python literal and ran").toBe(false);
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
