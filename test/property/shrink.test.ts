import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pipelineSpec } from "./arbitraries";
import type { PipelineSpec } from "./pipeline-spec";
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
});
