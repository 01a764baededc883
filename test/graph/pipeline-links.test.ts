import { describe, expect, it } from "vitest";
import { pipelineGraph, projectGraph } from "../../src/graph/graph-model";
import type { Pipeline } from "../../src/model/pipeline";

/** Just what the graph reads of a pipeline and its tasks. */
const schedule = { kind: "cron", expression: "0 2 * * *", dataInterval: false } as const;
const base = { upstream: [], sourceFile: "p.ts", sourceLine: 1, pushesResult: false };
const pipeline = (dagId: string, tasks: object[]) => ({ dagId, schedule, timezone: "UTC", tasks, groups: [], assets: [] }) as unknown as Pipeline;

const etl = pipeline("etl", [{ ...base, kind: "pod", taskId: "load", localId: "load", image: "x:1" }]);
const report = pipeline("report", [
  { ...base, kind: "wait", taskId: "ready", localId: "ready", waitsFor: { kind: "pipeline", dagId: "etl", taskId: "load", offsetSeconds: 1800 }, sensor: { deferrable: true } },
  { ...base, kind: "wait", taskId: "again", localId: "again", waitsFor: { kind: "pipeline", dagId: "etl" }, sensor: { deferrable: false } },
  { ...base, kind: "trigger", taskId: "start", localId: "start", targetDagId: "training", waitForCompletion: true },
  { ...base, kind: "trigger", taskId: "elsewhere", localId: "elsewhere", targetDagId: "not_in_project", waitForCompletion: false },
]);
const training = pipeline("training", []);

describe("waits and triggers in the graph", () => {
  it("--all: an edge from the pipeline waited for and to the pipeline triggered, once each, only between compiled pipelines", () => {
    expect(projectGraph([etl, report, training]).edges).toEqual([
      { from: "etl", to: "report" },
      { from: "report", to: "training" },
    ]);
  });

  it("a wait's and a trigger's box say what they wait for or start", () => {
    expect(pipelineGraph(report).nodes.map((n) => n.details)).toEqual([
      ["wait · etl.load (1800s earlier) · deferrable"],
      ["wait · etl (whole run)"],
      ["trigger · training · waits for it"],
      ["trigger · not_in_project"],
    ]);
  });
});
