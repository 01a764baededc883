import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileIn, lineOf, pipelineModule, tempProject } from "../helpers/temp-project";

const withParams = (params: string, schedule = `cron("0 2 * * *")`) =>
  pipelineModule(`  p.pod("a", { image: "x:1" });`, { schedule, params: `z.object({\n${params}\n  })` }).replace('from "airflow-ts";', 'from "airflow-ts";\nimport { z } from "airflow-ts";');

describe("params", () => {
  it("report what Airflow would refuse, at the param's line, all together, writing nothing", () => {
    const source = withParams(`    region: z.enum(["emea", "amer"]),\n    "batch-size": z.number().default(10),\n    when: z.date().default(new Date(0)),`);
    const root = tempProject({ "pipelines/demo.pipeline.ts": source });
    const result = compileIn(root);
    const problems = result.diagnostics.map((d) => ({ code: d.code, severity: d.severity, line: d.location?.line, path: d.path }));
    expect(problems).toEqual(
      expect.arrayContaining([
        { code: "invalid-param-name", severity: "error", line: lineOf(source, '"batch-size"'), path: 'demo.params["batch-size"]' },
        { code: "invalid-params", severity: "error", line: lineOf(source, "params:"), path: "demo.params" },
      ]),
    );
    expect(fs.existsSync(path.join(root, "generated"))).toBe(false);
  });

  it("a scheduled pipeline's params need defaults (Airflow refuses the DAG otherwise); a manual one may require them", () => {
    const scheduled = withParams(`    table: z.string(),`);
    const root = tempProject({ "pipelines/demo.pipeline.ts": scheduled });
    expect(compileIn(root).diagnostics.map((d) => [d.code, d.location?.line, d.path, d.hint])).toEqual([
      ["param-needs-default", lineOf(scheduled, "table:"), "demo.params.table", expect.stringContaining(".default(")],
    ]);
    const manual = tempProject({ "pipelines/demo.pipeline.ts": withParams(`    table: z.string(),`, "schedules.none") });
    expect(compileIn(manual).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("warn about refinements, which neither the trigger form nor Airflow checks, and still compile", () => {
    const source = withParams(`    odd: z.number().refine((n) => n % 2 === 1, "must be odd").default(1),`);
    const root = tempProject({ "pipelines/demo.pipeline.ts": source });
    const result = compileIn(root);
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.location?.line])).toEqual([["param-refinement-not-enforced", "warning", lineOf(source, "odd:")]]);
    expect(fs.readFileSync(path.join(root, "generated/dags/demo.py"), "utf8")).toContain('"odd": Param(1, type="number")');
  });

  it("refuse a params value that is not a zod object", () => {
    const source = pipelineModule(`  p.pod("a", { image: "x:1" });`, { params: `{ region: "emea" } as never` });
    const result = compileIn(tempProject({ "pipelines/demo.pipeline.ts": source }));
    expect(result.diagnostics.map((d) => [d.code, d.path])).toEqual([["invalid-params", "demo.params"]]);
  });
});
