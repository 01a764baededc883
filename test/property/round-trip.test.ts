import fc from "fast-check";
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { AIRFLOW_LINES, airflowPython } from "../airflow/airflow-env";
import { PWNED, pipelineSpec } from "./arbitraries";
import { toTypeScript } from "./pipeline-spec";
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
    const python = airflowPython(line);
    fs.rmSync(PWNED, { force: true });

    const specs = fc.sample(pipelineSpec, { seed: SEED, numRuns: RUNS });
    const results = roundTrip(specs, python);
    const tasks = specs.reduce((n, s) => n + s.tasks.length, 0);
    const failing = results.flatMap((r, i) => (r.problems.length ? [i] : []));
    console.log(`[${line}] ${specs.length} pipelines, ${tasks} tasks, ${failing.length} failing`);
    expect(fs.existsSync(PWNED), "a string escaped its Python literal and ran").toBe(false);
    if (failing.length === 0) return;

    const first = failing[0]!;
    const small = shrink(specs[first]!, results[first]!.problems, (candidates) => roundTrip(candidates, python).map((r) => r.problems));
    throw new Error(
      [
        `[${line}] ${failing.length} of ${RUNS} pipelines do not round-trip (seed ${SEED}; cases ${failing.slice(0, 20).join(", ")}).`,
        `Replay: AIRFLOW_TS_SEED=${SEED} npx vitest run test/property/round-trip.test.ts`,
        "",
        `Case ${first}, shrunk in ${small.rounds} rounds:`,
        ...small.problems,
        "",
        "as a pipeline file:",
        "",
        toTypeScript(small.spec, dagIdOf(small.spec, 0)),
      ].join("\n"),
    );
  });
});
