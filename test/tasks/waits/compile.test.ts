import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileIn, lineOf, tempProject } from "../../helpers/temp-project";

const upstream = `import { cron, pipeline, z } from "airflow-ts";
export default pipeline({ id: "etl", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false,
  params: z.object({ region: z.enum(["emea", "amer"]).default("emea"), days: z.number().int().min(1).default(1) }) }, (p) => {
  p.pod("load", { image: "ghcr.io/acme/load:1.0" });
});
`;

const waiter = `import { cron, pipeline } from "airflow-ts";
import etl from "./etl.pipeline";
export default pipeline({ id: "report", schedule: cron("30 2 * * *"), start: "2026-01-01", catchup: false }, (p) => {
  p.waitFor(etl, { // <- call
    task: "lod", // <- task
  });
  p.waitFor(etl, { id: "no_offset" }); // <- offset
  p.trigger(etl, {
    // @ts-expect-error: the compiler checks this too, for handles typed without params
    params: { region: "emea", dayz: 2 }, // <- param
  });
});
`;

describe("waits and triggers in a compiled project: every problem at its file, line and field, all in one run", () => {
  it("an unknown task, a missing offset and an unknown trigger param", () => {
    const root = tempProject({ "pipelines/etl.pipeline.ts": upstream, "pipelines/report.pipeline.ts": waiter });
    const result = compileIn(root, "check");
    const found = result.diagnostics.map((d) => [path.basename(d.location!.file), d.location!.line, d.code, d.path, d.hint]);
    expect(found).toEqual([
      ["report.pipeline.ts", lineOf(waiter, "// <- task"), "unknown-task-of-pipeline", "report.tasks.wait_for_etl_lod.task", 'did you mean "load"?'],
      // The pipeline is the call's first argument: the call's line.
      ["report.pipeline.ts", lineOf(waiter, "// <- call"), "wait-needs-offset", "report.tasks.wait_for_etl_lod.pipeline", 'add offset: "30m"'],
      ["report.pipeline.ts", lineOf(waiter, "// <- offset"), "wait-needs-offset", "report.tasks.no_offset.pipeline", 'add offset: "30m"'],
      ["report.pipeline.ts", lineOf(waiter, "// <- param"), "unknown-trigger-param", "report.tasks.trigger_etl.params.dayz", 'did you mean "days"?'],
    ]);
  });
});
