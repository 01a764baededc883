import { describe, expect, it } from "vitest";
import { cron, pipeline, type PipelineInput } from "../../src/tasks/authoring";
import { checkGraph } from "../../src/validate/checks/graph";

/** One DAG whose tasks form one chain, each after the one before; `closeLoop` makes the first depend on the last. */
function chain(length: number, closeLoop = false): PipelineInput {
  return pipeline({ id: "long_chain", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false }, (p) => {
    const tasks = Array.from({ length }, (_, i) => p.pod(`t${i}`, { image: "busybox:1.36" }));
    tasks.forEach((task, i) => i > 0 && task.after(tasks[i - 1]!));
    if (closeLoop) tasks[0]!.after(tasks[length - 1]!);
  }) as unknown as PipelineInput;
}

// The cycle search was recursive, one call per task of a chain: a 5,000-task chain overflowed the call stack, and
// the compile died with a RangeError instead of compiling (npm run bench, one DAG of 5,000 tasks).
describe("the graph check on long chains", () => {
  it("a chain of 20,000 tasks has no issue (and does not overflow the call stack)", () => {
    expect(checkGraph(chain(20_000))).toEqual([]);
  });

  it("a cycle through 20,000 tasks is reported once, naming its ends", () => {
    const issues = checkGraph(chain(20_000, true));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "cycle" });
    expect(issues[0]!.message).toMatch(/^dependency cycle: t0 -> t1 -> t2 -> .* -> t19999 -> t0$/);
  });
});
