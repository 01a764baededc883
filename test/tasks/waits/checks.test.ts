import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cron, ctx, schedules } from "../../../src/dsl";
import { pipelineFacts, projectView } from "../../../src/validate/project-facts";
import { paramsOf } from "../../../src/validate/validate-project";
import type { Schedule } from "../../../src/dsl/schedule";
import { kindOf, pipeline, type PipelineInput } from "../../../src/tasks";
import { delta } from "../../../src/tasks/authoring";

/**
 * A project of these pipelines, as validation hands it to the kinds' checks: each task's own check, then its check
 * across the project (on its options as plain data, as the project pass gives them).
 */
function issuesOf(own: PipelineInput, ...others: PipelineInput[]) {
  const factsOf = (p: PipelineInput) => pipelineFacts(p, p.tasks.flatMap((t, i) => (kindOf(t).checkAcrossProject ? [i] : [])));
  const project = projectView([own, ...others].map((p) => ({ validation: { facts: factsOf(p) }, params: paramsOf(p) })));
  const across = new Map(factsOf(own).acrossProject.map(({ index, task }) => [index, task]));
  return own.tasks.flatMap((task, index) => {
    const kind = kindOf(task);
    const plain = across.get(index);
    const issues = [...kind.check(task, { pipeline: own.options }), ...(plain ? (kind.checkAcrossProject?.(plain, { pipeline: own.options, project }) ?? []) : [])];
    return issues.map((i) => ({ task: task.id, ...i }));
  });
}

const etl = pipeline({ id: "nightly_etl", schedule: cron("0 2 * * *", { dataInterval: true }), start: "2026-01-01", catchup: false }, (p) => {
  p.pod("extract", { image: "ghcr.io/acme/x:1.0" });
  p.group("warehouse", (g) => g.pod("load", { image: "ghcr.io/acme/x:1.0" }));
});

const training = pipeline(
  {
    id: "training",
    schedule: schedules.none,
    start: "2026-01-01",
    catchup: false,
    params: z.object({ region: z.enum(["emea", "amer"]), epochs: z.number().int().min(1).default(10), dryRun: z.boolean().default(false) }),
  },
  (p) => void p.pod("train", { image: "ghcr.io/acme/x:1.0" }),
);

const daily = (body: Parameters<typeof pipeline>[1], schedule: Schedule = cron("30 2 * * *", { dataInterval: true })) =>
  pipeline({ id: "report", schedule, start: "2026-01-01", catchup: false }, body);

describe("a wait for another pipeline, checked against the project", () => {
  it("passes when the task exists and the offset lines the schedules up", () => {
    const report = daily((p) => void p.waitFor(etl, { task: "warehouse.load", offset: "30m", timeout: "2h", pokeInterval: "5m" }));
    expect(issuesOf(report, etl)).toEqual([]);
    expect(report.tasks[0]!.id).toBe("wait_for_nightly_etl_warehouse_load");
  });

  it('takes offset "0s", its documented default, for schedules that are the same; a zero timeout is still refused', () => {
    const same = daily((p) => void p.waitFor(etl, { offset: "0s" }), cron("0 2 * * *", { dataInterval: true }));
    const task = same.tasks[0]!;
    expect(kindOf(task).schema.safeParse(task.options).success).toBe(true);
    expect(issuesOf(same, etl)).toEqual([]);
    const zeroTimeout = daily((p) => void p.waitFor(etl, { timeout: "0s" }), cron("0 2 * * *", { dataInterval: true })).tasks[0]!;
    expect(kindOf(zeroTimeout).schema.safeParse(zeroTimeout.options).success).toBe(false);
  });

  it("names the offset to use when the user gave none, and refuses one that does not fit", () => {
    const none = daily((p) => void p.waitFor(etl));
    expect(issuesOf(none, etl)).toEqual([
      expect.objectContaining({ code: "wait-needs-offset", field: ["pipeline"], hint: 'add offset: "30m"' }),
    ]);
    const wrong = daily((p) => void p.waitFor(etl, { offset: "1h" }));
    expect(issuesOf(wrong, etl)).toEqual([
      expect.objectContaining({ code: "wait-schedules-misaligned", field: ["offset"], hint: 'use offset: "30m"' }),
    ]);
  });

  it("reports schedules with no constant offset, and a pipeline without a schedule", () => {
    const berlin = pipeline({ id: "berlin", schedule: cron("0 5 * * *"), timezone: "Europe/Berlin", start: "2026-01-01", catchup: false }, (p) => void p.waitFor(etl));
    const [drift] = issuesOf(berlin, etl);
    expect(drift).toMatchObject({ code: "wait-schedules-misaligned", field: ["pipeline"] });
    expect(drift!.message).toContain('the run of 2026-03-29T05:00:00 would wait for a run of "nightly_etl" at 2026-03-29T01:00:00 (UTC)');
    const manual = daily((p) => void p.waitFor(etl), schedules.none);
    expect(issuesOf(manual, etl)).toEqual([expect.objectContaining({ code: "wait-schedules-misaligned", message: expect.stringContaining('"report" has no schedule') })]);
  });

  it("a task the other pipeline lacks gets the nearest id; a pipeline outside the project or itself is refused", () => {
    const typo = daily((p) => void p.waitFor(etl, { task: "warehouse.lod", offset: "30m" }));
    expect(issuesOf(typo, etl)).toEqual([
      expect.objectContaining({ code: "unknown-task-of-pipeline", field: ["task"], message: 'the pipeline "nightly_etl" has no task "warehouse.lod"', hint: 'did you mean "warehouse.load"?' }),
    ]);
    const outside = daily((p) => void p.waitFor(etl, { offset: "30m" }));
    const nightly2 = pipeline({ id: "nightly_etl2", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false }, (p) => void p.pod("a", { image: "ghcr.io/acme/x:1.0" }));
    expect(issuesOf(outside, nightly2)).toEqual([
      expect.objectContaining({ code: "pipeline-not-in-project", field: ["pipeline"], hint: 'add its module to the `pipelines` globs of airflow-ts.config.ts, or did you mean "nightly_etl2"?' }),
    ]);
    // The handle of a pipeline with the same DAG id is the pipeline itself (as when a module imports itself).
    const twin = daily(() => undefined);
    expect(issuesOf(daily((p) => void p.waitFor(twin)))).toEqual([expect.objectContaining({ code: "reference-to-own-pipeline", field: ["pipeline"] })]);
  });

  it("a poke interval longer than the timeout is an error; reschedule with deferrable a warning", () => {
    const report = daily((p) => {
      p.waitFor(delta("30m"), { pokeInterval: "10m", timeout: "5m" });
      p.waitUntil("06:00", { deferrable: true, mode: "reschedule" });
    });
    expect(issuesOf(report).map((i) => [i.task, i.code, i.severity ?? "error", i.field])).toEqual([
      ["wait_30m", "poke-interval-over-timeout", "error", ["pokeInterval"]],
      ["wait_until_0600", "mode-ignored-when-deferrable", "warning", ["mode"]],
    ]);
  });

  it("a time of day that is not one is refused by the schema", () => {
    const report = daily((p) => void p.waitUntil("25:00" as "06:00"));
    const parsed = kindOf(report.tasks[0]!).schema.safeParse(report.tasks[0]!.options);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain("invalid-time-of-day");
  });
});

describe("a trigger's params, checked against the target's zod params", () => {
  it("passes valid params and templates, reports unknown, wrong and missing ones at their field", () => {
    const ok = daily((p) => void p.trigger(training, { params: { region: "emea", epochs: 3 } }));
    expect(issuesOf(ok, training)).toEqual([]);
    const templated = daily((p) => void p.trigger(training, { params: { region: "emea", epochs: ctx.ds as `{{${string}}}` } }));
    expect(issuesOf(templated, training)).toEqual([]);
    // @ts-expect-error: TypeScript already refuses these params (the compile check covers untyped handles too)
    const bad = daily((p) => void p.trigger(training, { params: { regoin: "emea", epochs: 0 } }));
    expect(issuesOf(bad, training).map((i) => [i.code, i.field, i.hint])).toEqual([
      ["unknown-trigger-param", ["params", "regoin"], 'did you mean "region"?'],
      ["invalid-trigger-param", ["params", "epochs"], `pass what "training"'s params schema accepts for "epochs" (or a template, checked when the run starts)`],
      ["missing-trigger-param", ["params"], `add region: ... to params (or give "region" a default in "training")`],
    ]);
  });

  it("pokeInterval without waitForCompletion is a warning", () => {
    const report = daily((p) => void p.trigger(training, { params: { region: "amer" }, pokeInterval: "1m" }));
    expect(issuesOf(report, training)).toEqual([expect.objectContaining({ code: "trigger-option-needs-wait", severity: "warning", field: ["pokeInterval"] })]);
  });
});
