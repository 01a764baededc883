import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileIn, lineOf, pipelineModule, tempProject } from "../helpers/temp-project";

/** A pipeline module with `z` imported, whose body starts with a check task with a typed result. */
const module = (body: string, id = "demo") =>
  pipelineModule(
    `  const check = p.pod("check", { image: "x:1", result: z.object({ ok: z.boolean(), tier: z.enum(["gold", "silver"]), note: z.string(), maybe: z.boolean().optional() }) });
  const a = p.pod("a", { image: "x:1" });
  const b = p.pod("b", { image: "x:1" });
${body}`,
    { id: `"${id}"` },
  ).replace('from "airflow-ts";', 'from "airflow-ts";\nimport { z } from "airflow-ts";');

function compile(files: Record<string, string>) {
  const root = tempProject(files);
  const result = compileIn(root);
  const pick = (severity: string) => result.diagnostics.filter((d) => d.severity === severity).map((d) => ({ code: d.code, line: d.location?.line, path: d.path, hint: d.hint }));
  return { root, result, errors: pick("error"), warnings: pick("warning") };
}

describe("branch checks", () => {
  it("reports a switch's missing and unknown cases against the result's schema, a when on a non-boolean and a branch on no result, all together, writing nothing", () => {
    const source = module(
      [
        `  // @ts-expect-error the case "silver" is missing and "bronze" is no value of the enum`,
        `  p.switch(check.result.tier, { gold: [a], bronze: [b] });`,
        `  // @ts-expect-error when needs a boolean`,
        `  p.when(check.result.tier, { then: [a], else: [b] }, { id: "on_tier" });`,
        `  p.continueIf("{{ ti.xcom_pull(task_ids='check')['ok'] }}", { then: [a] });`,
        `  p.switch(check.result.note, { x: [a] }, { id: "on_note" });`,
        `  p.when(check.result.maybe, { then: [a], else: [b] }, { id: "on_maybe" });`,
      ].join("\n"),
    );
    const { errors, root } = compile({ "pipelines/demo.pipeline.ts": source });
    expect(errors).toEqual([
      { code: "branch-unknown-case", line: lineOf(source, "bronze: [b]"), path: "demo.tasks.branch_on_check_tier.bronze", hint: 'the cases are "gold", "silver"' },
      { code: "branch-missing-case", line: lineOf(source, "bronze: [b]"), path: "demo.tasks.branch_on_check_tier", hint: expect.stringContaining('"gold", "silver"') },
      { code: "branch-needs-boolean", line: lineOf(source, `id: "on_tier"`), path: "demo.tasks.on_tier.on", hint: "use p.switch for a field with several values" },
      { code: "branch-needs-result", line: lineOf(source, "p.continueIf("), path: "demo.tasks.continue_if_result.on", hint: expect.stringContaining("check.result.ok") },
      { code: "switch-needs-closed-values", line: lineOf(source, `id: "on_note"`), path: "demo.tasks.on_note.on", hint: expect.stringContaining("z.enum") },
      { code: "branch-field-optional", line: lineOf(source, `id: "on_maybe"`), path: "demo.tasks.on_maybe.on", hint: expect.stringContaining("required") },
    ]);
    expect(fs.existsSync(path.join(root, "generated"))).toBe(false);
  });

  it("suggests the closest case for a misspelt one", () => {
    const source = module(`  // @ts-expect-error misspelt\n  p.switch(check.result.tier, { gold: [a], silvr: [b] });`);
    expect(compile({ "pipelines/demo.pipeline.ts": source }).errors.map((e) => [e.code, e.hint])).toEqual([
      ["branch-unknown-case", 'did you mean "silver"? the cases are "gold", "silver"'],
      ["branch-missing-case", expect.stringContaining('"gold", "silver"')],
    ]);
  });

  it("refuses paths with tasks of another pipeline or ids no task has", () => {
    const other = `import { cron, pipeline, type PodTask } from "airflow-ts";
export let elsewhere: PodTask | undefined;
export default pipeline({ id: "other", schedule: cron("0 2 * * *"), start: "2026-01-01", catchup: false }, (p) => {
  elsewhere = p.pod("elsewhere", { image: "x:1" });
});
`;
    const source = module(`  p.when(check.result.ok, { then: [elsewhere!], else: ["nope"] });`).replace('import { z } from "airflow-ts";', 'import { z } from "airflow-ts";\nimport { elsewhere } from "./other.pipeline";');
    const { errors } = compile({ "pipelines/other.pipeline.ts": other, "pipelines/demo.pipeline.ts": source });
    expect(errors.map((e) => [e.code, e.path, e.line])).toEqual([
      ["foreign-task", "demo.tasks.branch_on_check_ok.before[0]", lineOf(source, "p.when(")],
      ["unknown-downstream", "demo.tasks.branch_on_check_ok.before[1]", lineOf(source, "p.when(")],
    ]);
  });

  it("gives a join after both paths none_failed_min_one_success, keeps a task after one path all_success, and warns when the user's rule skips a join forever", async () => {
    const source = module(
      [
        `  const c = p.pod("c", { image: "x:1" }).after(a);`,
        `  p.pod("join", { image: "x:1" }).after(c, b);`,
        `  p.pod("after_then", { image: "x:1" }).after(a);`,
        `  p.pod("strict_join", { image: "x:1", triggerRule: "all_success" }).after(a, b);`,
        `  p.pod("own_join", { image: "x:1", triggerRule: "one_success" }).after(a, b);`,
        `  p.when(check.result.ok, { then: [a], else: [b] });`,
      ].join("\n"),
    );
    const { result, errors, warnings } = compile({ "pipelines/demo.pipeline.ts": source });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([{ code: "join-never-runs", line: lineOf(source, "strict_join"), path: "demo.tasks.strict_join.triggerRule", hint: expect.stringContaining("none_failed_min_one_success") }]);
    const rules = Object.fromEntries(result.pipelines[0]!.tasks.map((t) => [t.taskId, t.triggerRule ?? "(default)"]));
    expect(rules).toMatchObject({ join: "none_failed_min_one_success", after_then: "(default)", strict_join: "all_success", own_join: "one_success", a: "(default)", b: "(default)" });
  });
});
