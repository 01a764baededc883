import { describe, expect, it } from "vitest";
import type { ManifestPipeline, ManifestTask, ManifestView } from "../../src/plan/manifest-view";
import { planChanges } from "../../src/plan/plan";

const task = (taskId: string, image: string, specHash?: string): ManifestTask => ({ taskId, image, source: "p.ts:1", ...(specHash && { specHash }) });
const view = (...pipelines: ManifestPipeline[]): ManifestView => ({ pipelines, dependsOn: {} });
const pipeline = (tasks: ManifestTask[], extra: Partial<ManifestPipeline> = {}): ManifestPipeline => ({ dagId: "p", source: "p.ts:1", schedule: "0 2 * * * UTC", tasks, ...extra });
const NOW = new Date("2026-01-31T12:00:00Z");

describe("likely renames", () => {
  it("the same image and a similar id: a rename, though the pod changed", () => {
    const changes = planChanges(view(pipeline([task("load_orders", "load:1", "aaa")])), view(pipeline([task("load_order", "load:1", "bbb")])), NOW);
    expect(changes.map((c) => c.message)).toEqual(["task load_orders renamed to load_order (likely: the same image and a similar id)"]);
  });

  it("the only task removed and the only one added with its image, ids unrelated", () => {
    const changes = planChanges(view(pipeline([task("a", "x:1", "1"), task("old", "y:1", "2")])), view(pipeline([task("a", "x:1", "1"), task("brand_new", "y:1", "3")])), NOW);
    expect(changes.map((c) => c.kind)).toEqual(["task-renamed"]);
  });

  it("different images and ids: one added, one removed", () => {
    const changes = planChanges(view(pipeline([task("old", "y:1", "2")])), view(pipeline([task("brand_new", "z:1", "3")])), NOW);
    expect(changes.map((c) => c.kind)).toEqual(["task-added", "task-removed"]);
  });
});

describe("manifests of an older airflow-ts", () => {
  it("without timetables, a schedule change is read from the schedule text; the rest is skipped", () => {
    const changes = planChanges(view(pipeline([])), view(pipeline([], { schedule: "0 3 * * * UTC" })), NOW);
    expect(changes).toEqual([{ kind: "schedule-changed", dagId: "p", message: "schedule: 0 2 * * * UTC -> 0 3 * * * UTC", before: "0 2 * * * UTC", after: "0 3 * * * UTC" }]);
  });
});

describe("a start moved earlier with catchup", () => {
  const timetable = (start: string) => ({ kind: "cron" as const, expression: "0 2 * * *", dataInterval: true, timezone: "UTC", start, end: null, catchup: true });
  it("with data intervals, counts the intervals before the old first run (30 days: 30 runs, not 29)", () => {
    const changes = planChanges(view(pipeline([], { timetable: timetable("2026-01-01T00:00:00") })), view(pipeline([], { timetable: timetable("2025-12-02T00:00:00") })), NOW);
    expect(changes.map((c) => c.consequence)).toEqual(["catchup on, start moved 30 days earlier: Airflow will create 30 runs for the earlier dates when unpaused"]);
  });
});

describe("waits and triggers", () => {
  const wait = (waitsFor: Record<string, unknown>): ManifestTask => ({ taskId: "ready", kind: "wait", source: "p.ts:1", waitsFor });
  it("a wait's new target or offset, and a trigger's new pipeline, are changes of their own", () => {
    const was = { kind: "pipeline", pipeline: "etl", task: "load", offsetSeconds: 1800 };
    const moved = planChanges(view(pipeline([wait(was)])), view(pipeline([wait({ ...was, offsetSeconds: 3600 })])), NOW);
    expect(moved.map((c) => [c.kind, c.message])).toEqual([["wait-target-changed", "ready waits for etl.load at -3600s, was etl.load at -1800s"]]);
    expect(planChanges(view(pipeline([wait(was)])), view(pipeline([wait(was)])), NOW)).toEqual([]);
    const trigger = (target: string): ManifestTask => ({ taskId: "start", kind: "trigger", source: "p.ts:1", triggers: { pipeline: target } });
    const retargeted = planChanges(view(pipeline([trigger("a")])), view(pipeline([trigger("b")])), NOW);
    expect(retargeted.map((c) => [c.kind, c.message])).toEqual([["trigger-target-changed", "start triggers b, was a"]]);
  });
});
