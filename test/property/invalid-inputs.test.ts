import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileIn, tempProject } from "../helpers/temp-project";
import { invalidCase, MUTATION_COUNT } from "./invalid-inputs";
import { toTypeScript } from "./pipeline-spec";

const SEED = Number(process.env.AIRFLOW_TS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = 200;

describe("property: what Kubernetes, Airflow or Python would refuse is refused at compile time", () => {
  it(`${RUNS} random pipelines, each with one invalid value: each gets its diagnostic, on its file and field, and nothing is written`, () => {
    console.log(`seed ${SEED}: replay with AIRFLOW_TS_SEED=${SEED}`);
    const cases = fc.sample(invalidCase, { seed: SEED, numRuns: RUNS });
    const root = tempProject(Object.fromEntries(cases.map((c, i) => [`pipelines/bad${i}.pipeline.ts`, toTypeScript(c.spec, `bad_${i}`)])));
    const result = compileIn(root);

    expect(result.diagnostics.filter((d) => /^TS\d+$/.test(d.code)), "every case must type-check: its bad value is a well-typed one").toEqual([]);
    const failures: string[] = [];
    cases.forEach((c, i) => {
      const file = path.join(root, `pipelines/bad${i}.pipeline.ts`);
      const errors = result.diagnostics.filter((d) => d.severity === "error" && d.location?.file === file);
      const matching = errors.filter((d) => d.code === c.code && (d.path ?? "").includes(c.field) && d.location!.line > 0 && d.hint);
      const others = errors.filter((d) => d.code !== c.code);
      if (matching.length === 0 || others.length > 0) {
        failures.push(`case ${i}, ${c.what}: expected ${c.code} at ${c.field}, got ${JSON.stringify(errors.map((d) => [d.code, d.path]))}`);
      }
    });
    expect(failures).toEqual([]);
    expect(new Set(cases.map((c) => c.what.split(" ")[0])).size).toBeGreaterThan(MUTATION_COUNT / 2);
    expect(fs.existsSync(path.join(root, "generated"))).toBe(false);
  });
});
