import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileProject, type CompileResult } from "../../src/compile-project";
import { lineOf, tempProject } from "../helpers/temp-project";

// The checks across pipelines (a wait on another pipeline, a trigger's params, the assets between pipelines) run on
// every compile over every pipeline, cached or not: an edit to B is checked against A's wait, trigger or asset even
// when A's own work comes from the per-pipeline cache. Each case compiles with the cache, edits B, compiles again
// with the cache, and requires the diagnostic at A's line, and the same diagnostics as a compile without the cache.

const configOf = (root: string) => path.join(root, "airflow-ts.config.ts");
const compile = (root: string, cache: boolean): CompileResult => compileProject({ configFile: configOf(root), mode: "check", cache });
const ran = (root: string, result: CompileResult) => (result.modules?.ran ?? []).map((f) => path.relative(root, f).split(path.sep).join("/"));
const found = (result: CompileResult) => result.diagnostics.map((d) => [path.basename(d.location!.file), d.location!.line, d.code, d.path]);

/** The compile with the cache after an edit reports what a compile without the cache reports. */
function expectSameAsCold(root: string, cached: CompileResult): void {
  expect(cached.diagnostics).toEqual(compile(root, false).diagnostics);
}

const etl = (schedule: string, params = "") => `import { cron, pipeline, z } from "airflow-ts";
export default pipeline({ id: "etl", schedule: ${schedule}, start: "2026-01-01", catchup: false${params} }, (p) => {
  p.pod("load", { image: "ghcr.io/acme/load:1.0" });
});
`;

const waiter = `import { cron, pipeline } from "airflow-ts";
import etl from "./etl.pipeline";
export default pipeline({ id: "report", schedule: cron("30 2 * * *"), start: "2026-01-01", catchup: false }, (p) => {
  p.waitFor(etl, { task: "load", offset: "30m" }); // <- wait
});
`;

describe("the checks across pipelines, with the per-pipeline cache", () => {
  it("(a) a wait on B is checked again when B's schedule changes: the error is at the wait's line", () => {
    const root = tempProject({ "pipelines/etl.pipeline.ts": etl(`cron("0 2 * * *")`), "pipelines/report.pipeline.ts": waiter });
    const first = compile(root, true);
    expect(first.diagnostics).toEqual([]);
    fs.writeFileSync(path.join(root, "pipelines/etl.pipeline.ts"), etl(`cron("0 3 * * 1")`));
    const after = compile(root, true);
    expect(found(after)).toEqual([["report.pipeline.ts", lineOf(waiter, "// <- wait"), "wait-schedules-misaligned", "report.tasks.wait_for_etl_load.offset"]]);
    expectSameAsCold(root, after);
  });

  it("(a') a cached pipeline's wait on a pipeline that left the project is reported, though nothing of it changed", () => {
    const config = (globs: string) => `import { defineConfig } from "airflow-ts";\nexport default defineConfig({ pipelines: [${globs}] });\n`;
    const root = tempProject({
      "airflow-ts.config.ts": config(`"pipelines/**/*.pipeline.ts"`),
      "pipelines/etl.pipeline.ts": etl(`cron("0 2 * * *")`),
      "pipelines/report.pipeline.ts": waiter,
    });
    expect(compile(root, true).diagnostics).toEqual([]);
    fs.writeFileSync(configOf(root), config(`"pipelines/report.pipeline.ts"`));
    const after = compile(root, true);
    // report's own work came from the cache: it did not run.
    expect(ran(root, after)).toEqual([]);
    expect(found(after)).toEqual([["report.pipeline.ts", lineOf(waiter, "// <- wait"), "pipeline-not-in-project", "report.tasks.wait_for_etl_load.pipeline"]]);
    expectSameAsCold(root, after);
  });

  it("(b) an asset consumed by cached A, produced by B: removing B's produces warns on A", () => {
    const lake = `import { asset } from "airflow-ts";\nexport const sales = asset("s3://lake/sales", { name: "sales" });\n`;
    const producer = (produces: string) => `import { cron, pipeline } from "airflow-ts";
import { sales } from "../lib/lake";
export default pipeline({ id: "producer", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false }, (p) => {
  p.pod("write", { image: "ghcr.io/acme/w:1.0"${produces} });
});
`;
    const consumer = `import { onAssets, pipeline } from "airflow-ts";
import { sales } from "../lib/lake";
export default pipeline({ id: "consumer", schedule: onAssets(sales), // <- consumes
  start: "2026-01-01", catchup: false }, (p) => {
  p.pod("read", { image: "ghcr.io/acme/r:1.0" });
});
`;
    const root = tempProject({ "lib/lake.ts": lake, "pipelines/producer.pipeline.ts": producer(", produces: [sales]"), "pipelines/consumer.pipeline.ts": consumer });
    expect(compile(root, true).diagnostics).toEqual([]);
    fs.writeFileSync(path.join(root, "pipelines/producer.pipeline.ts"), producer(""));
    const after = compile(root, true);
    // The consumer was not run again: its facts came from the cache.
    expect(ran(root, after)).toEqual(["pipelines/producer.pipeline.ts"]);
    expect(found(after)).toEqual([["consumer.pipeline.ts", lineOf(consumer, "// <- consumes"), "asset-not-produced", "consumer.schedule.condition.uri"]]);
    expect(after.diagnostics[0]!.severity).toBe("warning");
    expectSameAsCold(root, after);
  });

  const triggerer = (params: string) => `import { pipeline, schedules } from "airflow-ts";
import etl from "./etl.pipeline";
export default pipeline({ id: "kick", schedule: schedules.none, start: "2026-01-01", catchup: false }, (p) => {
  // The type check refuses wrong params of a typed handle itself; the cast leaves them to the compiler's own check
  // (what a handle typed without params gets).
  p.trigger(etl, { params: ${params} as never }); // <- trigger
});
`;
  const daysParam = (days: string) => `,\n  params: z.object({ days: ${days} })`;

  it("(c) a trigger with params: changing B's params schema is an error at the trigger", () => {
    const root = tempProject({ "pipelines/etl.pipeline.ts": etl(`schedules.none`, daysParam("z.number().int().default(1)")).replace("import { cron,", "import { cron, schedules,"), "pipelines/kick.pipeline.ts": triggerer(`{ days: 2 }`) });
    expect(compile(root, true).diagnostics).toEqual([]);
    fs.writeFileSync(path.join(root, "pipelines/etl.pipeline.ts"), etl(`schedules.none`, daysParam("z.string().default(\"1\")")).replace("import { cron,", "import { cron, schedules,"));
    const after = compile(root, true);
    expect(found(after)).toEqual([["kick.pipeline.ts", lineOf(triggerer(`{ days: 2 }`), "// <- trigger"), "invalid-trigger-param", "kick.tasks.trigger_etl.params.days"]]);
    expectSameAsCold(root, after);
  });

  it("(c') a trigger edited to pass a wrong param is checked against the schema of a cached B (its module run again for it)", () => {
    const root = tempProject({ "pipelines/etl.pipeline.ts": etl(`schedules.none`, daysParam("z.number().int().default(1)")).replace("import { cron,", "import { cron, schedules,"), "pipelines/kick.pipeline.ts": triggerer(`{ days: 2 }`) });
    expect(compile(root, true).diagnostics).toEqual([]);
    fs.writeFileSync(path.join(root, "pipelines/kick.pipeline.ts"), triggerer(`{ days: "two" }`));
    const after = compile(root, true);
    // etl's work came from the cache; only kick ran.
    expect(ran(root, after)).toEqual(["pipelines/kick.pipeline.ts"]);
    expect(found(after)).toEqual([["kick.pipeline.ts", lineOf(triggerer(`{ days: "two" }`), "// <- trigger"), "invalid-trigger-param", "kick.tasks.trigger_etl.params.days"]]);
    expectSameAsCold(root, after);
  });
});
