import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pipelineSpec } from "./arbitraries";
import { withKinds } from "./kinds";
import { linksOf, type PipelineSpec } from "./pipeline-spec";
import { shrink } from "./shrink";

/** A stand-in for Airflow: "fails" when some task's args hold a tab, reporting the field like the real comparison. */
function fakeAirflow(specs: readonly PipelineSpec[]): string[][] {
  return specs.map((spec) =>
    spec.tasks.flatMap((t) => ((t.options.args as string[] | undefined) ?? []).some((a) => a.includes("\t")) ? [`dag.${t.id}: container.args: expected tab, got space`] : []),
  );
}

describe("shrinking a failing pipeline", () => {
  it("ends in one task with one argument and none of the options that play no part", () => {
    const big = fc
      .sample(pipelineSpec, { seed: 42, numRuns: 60 })
      .map((spec) => ({ ...spec, tasks: spec.tasks.map((t, i) => (i === spec.tasks.length - 1 ? { ...t, options: { ...t.options, args: ["a", "tab\there", "b"] } } : t)) }))
      // A pod last: a Spark task keeps its required options (type, main file, Spark version) however far it shrinks.
      .find((spec) => spec.tasks.length >= 3 && Object.keys(spec.options).length >= 6 && spec.tasks.at(-1)!.kind === undefined)!;
    let batches = 0;
    const small = shrink(big, fakeAirflow([big])[0]!, (specs) => (batches++, fakeAirflow(specs)));

    expect(small.spec.tasks).toHaveLength(1);
    expect(small.spec.edges).toEqual([]);
    expect(small.spec.tasks[0]!.options).toEqual({ image: big.tasks.at(-1)!.options.image, args: ["tab\there"] });
    expect(Object.keys(small.spec.options).sort()).toEqual(["catchup", "start"]);
    expect(small.problems).toHaveLength(1);
    expect(batches).toBeLessThan(40);
  });

  it("does not trade the failure for a different one (a compile error)", () => {
    const spec = fc.sample(pipelineSpec, { seed: 3, numRuns: 1 })[0]!;
    const rejectedUnlessCatchup = (specs: readonly PipelineSpec[]) =>
      specs.map((s) => (s.options.timezone === undefined ? ["rejected by the compiler:\np.ts:1:1 error invalid-timezone: x"] : ["dag.t: container.args: differs"]));
    const small = shrink({ ...spec, options: { ...spec.options, timezone: "UTC" } }, ["dag.t: container.args: differs"], rejectedUnlessCatchup);
    expect(small.spec.options.timezone).toBe("UTC");
  });

  it("with the kinds: no candidate names a task it dropped, and the pipelines a trigger names stay out of its reach", () => {
    const batch = fc.sample(withKinds(fc.sample(pipelineSpec, { seed: 11, numRuns: 40 }), "airflow3"), { seed: 11, numRuns: 1 })[0]!;
    const index = batch.findIndex((s) => s.triggers?.some((t) => t.options.params) && s.branches?.length && s.waits?.length);
    const failing = batch[index]!;
    const before = new Set(batch.slice(0, index).map((s) => s.key));
    const dangling: string[] = [];
    // "Fails" while a trigger passes params; every candidate's references are checked on the way.
    const fake = (specs: readonly PipelineSpec[]) =>
      specs.map((spec) => {
        const ids = new Set(spec.tasks.map((t) => t.id));
        for (const b of spec.branches ?? []) for (const id of [b.source, ...b.cases.flatMap((c) => c.taskIds)]) if (!ids.has(id)) dangling.push(`branch names ${id}`);
        for (const w of spec.waits ?? []) if (w.downstream !== undefined && !ids.has(w.downstream)) dangling.push(`wait before ${w.downstream}`);
        for (const t of spec.triggers ?? []) if (t.upstream !== undefined && !ids.has(t.upstream)) dangling.push(`trigger after ${t.upstream}`);
        return spec.triggers?.some((t) => t.options.params) ? [`dag.${spec.triggers[0]!.options.id}: conf: differs`] : [];
      });
    const small = shrink(failing, fake([failing])[0]!, fake);

    expect(dangling).toEqual([]);
    expect(small.spec.tasks).toHaveLength(1);
    expect(small.spec.branches ?? []).toEqual([]);
    expect(small.spec.waits ?? []).toEqual([]);
    expect(small.spec.triggers).toHaveLength(1);
    expect(linksOf(small.spec).every((l) => before.has(l.key))).toBe(true);
  });
});
