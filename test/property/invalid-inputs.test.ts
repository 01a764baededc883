import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic";
import { pipelineSchema } from "../../src/validate/schemas/pipeline";
import { taskSettingsSchema } from "../../src/tasks/container/schema";
import { podTaskSchema } from "../../src/tasks/pod/schema";
import { compileIn, tempProject } from "../helpers/temp-project";
import { pipelineSpecWithExtras } from "./arbitraries";
import { batchOf } from "./coverage";
import { invalidCase, MUTATION_COUNT, SPEC_REGIONS, uncarryableCase, type InvalidCase } from "./invalid-inputs";
import { toTypeScript } from "./pipeline-spec";

const SEED = Number(process.env.AIRFLOW_TS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = 200;
const UNCARRYABLE_RUNS = 60;
/** A guard against a hang, not a measure of speed: generating and compiling a batch takes minutes on a loaded machine. */
const HANG_GUARD_MS = 30 * 60 * 1000;

/** Compiles the cases as one project; the failures: a case without its diagnostic, or with errors elsewhere. */
function failuresOf(cases: readonly InvalidCase[]): { failures: string[]; root: string; typeErrors: string[] } {
  const root = tempProject(Object.fromEntries(cases.map((c, i) => [`pipelines/bad${i}.pipeline.ts`, toTypeScript(c.spec, `bad_${i}`)])));
  const result = compileIn(root);
  const failures: string[] = [];
  cases.forEach((c, i) => {
    const file = path.join(root, `pipelines/bad${i}.pipeline.ts`);
    const errors = result.diagnostics.filter((d) => d.severity === "error" && d.location?.file === file);
    const matching = errors.filter((d) => d.code === c.code && (d.path ?? "").includes(c.field) && d.location!.line > 0 && d.hint);
    const related = (d: Diagnostic) => c.alsoAtField === true && matching.some((m) => (m.path ?? "").startsWith(d.path ?? "\u0001") || (d.path ?? "").startsWith(m.path ?? "\u0001"));
    const others = errors.filter((d) => d.code !== c.code && !related(d));
    if (matching.length === 0 || others.length > 0) {
      failures.push(`case ${i}, ${c.what}: expected ${c.code} at ${c.field}, got ${JSON.stringify(errors.map((d) => [d.code, d.path]))}`);
    }
  });
  const typeErrors = result.diagnostics.filter((d) => /^TS\d+$/.test(d.code)).map((d) => `${path.basename(d.location?.file ?? "")}:${d.location?.line} ${d.message}`);
  return { failures, root, typeErrors };
}

describe("property: what Kubernetes, Airflow or Python would refuse is refused at compile time", () => {
  it(`${RUNS} random pipelines, each with one invalid value: each gets its diagnostic, on its file and field, and nothing is written`, () => {
    console.log(`seed ${SEED}: replay with AIRFLOW_TS_SEED=${SEED}`);
    const cases = fc.sample(invalidCase, { seed: SEED, numRuns: RUNS });
    const { failures, root, typeErrors } = failuresOf(cases);
    expect(typeErrors, "every case must type-check: its bad value is a well-typed one").toEqual([]);
    expect(failures).toEqual([]);
    expect(new Set(cases.map((c) => c.what.split(" ")[0])).size).toBeGreaterThan(MUTATION_COUNT / 2);
    expect(fs.existsSync(path.join(root, "generated"))).toBe(false);
  }, HANG_GUARD_MS);

  it(`${UNCARRYABLE_RUNS} random pipelines, each with a NUL or a lone surrogate in any string they carry: an error at that field`, () => {
    console.log(`seed ${SEED}: replay with AIRFLOW_TS_SEED=${SEED}`);
    // An equal share from each part of the spec, a position drawn at random within it.
    const share = Math.ceil(UNCARRYABLE_RUNS / SPEC_REGIONS.length);
    const cases = SPEC_REGIONS.flatMap((region, i) => fc.sample(uncarryableCase(region), { seed: SEED + i, numRuns: share }));
    const { failures, root, typeErrors } = failuresOf(cases);
    expect(typeErrors, "every case must type-check").toEqual([]);
    expect(failures).toEqual([]);
    // The positions reached span the spec: pipeline options, defaults, tasks, params, groups and mapped lists.
    const reached = new Set(cases.map((c) => c.what.split(" at ")[1]!.split(".")[0]));
    expect([...reached].sort()).toEqual(expect.arrayContaining(["groups", "mapped", "options", "params", "tasks"]));
    expect(fs.existsSync(path.join(root, "generated"))).toBe(false);
  }, HANG_GUARD_MS);

  it("the arbitraries generate every option the schemas accept, so every string option is a position above", () => {
    const specs = fc.sample(pipelineSpecWithExtras, { seed: SEED, numRuns: 40 });
    // Deadlines (Airflow 3.1+ only) and results (what branches decide on) come with the kinds the round trip adds.
    const withTheKinds = batchOf(SEED, 40, "airflow3");
    const keys = (objects: readonly object[]) => new Set(objects.flatMap((o) => Object.keys(o)));
    const pipelineKeys = keys([...specs, ...withTheKinds].map((s) => s.options));
    const defaultKeys = keys(specs.map((s) => (s.options.defaults as object | undefined) ?? {}));
    const taskKeys = keys([...specs, ...withTheKinds].flatMap((s) => s.tasks.map((t) => t.options)));
    // Written by the spec outside `options`: the DAG id, the schedule, the volumes and the params have fields of their own.
    const outsideOptions = new Set(["id", "schedule", "volumes", "params"]);
    const missing = [
      ...Object.keys(pipelineSchema.shape).filter((k) => !outsideOptions.has(k) && !pipelineKeys.has(k)).map((k) => `pipeline option ${k}`),
      ...Object.keys(taskSettingsSchema.shape).filter((k) => !defaultKeys.has(k)).map((k) => `default ${k}`),
      ...Object.keys(podTaskSchema.shape).filter((k) => !taskKeys.has(k)).map((k) => `task option ${k}`),
    ];
    expect(missing).toEqual([]);
    expect(specs.some((s) => s.params?.some((p) => p.description) && s.groups?.some((g) => g.tooltip) && s.mapped?.length)).toBe(true);
  }, HANG_GUARD_MS);
});
