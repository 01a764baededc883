import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { AIRFLOW_LINES as LINE_DESCRIPTORS } from "../../src/knowledge/airflow-lines";
import type { Pipeline, TaskModel } from "../../src/model/pipeline";
import { pipelineModule, tempProject } from "../helpers/temp-project";
import { AIRFLOW_LINES, airflowPython, airflowWorkspace, compileDagFolder } from "./airflow-env";
import { expectedBranchTask } from "./expected";

/**
 * Branches in real Airflow, on both lines: the generated operators and their downstream ids as the loaded and the
 * serialized DAG hold them, and runs (`dag.test()`, pods replaced by the result they would push) that take each
 * path. Expected states are written out by hand from Airflow's semantics, not derived from the model.
 */
const BRANCHES = pipelineModule(
  `
  const check = p.pod("check", { image: "x:1", result: z.object({ ok: z.boolean(), tier: z.enum(["gold", "silver", "{{ bronze }}"]), stats: z.object({ level: z.union([z.literal(1), z.literal(2)]) }) }) });
  const publish = p.pod("publish", { image: "x:1" });
  const quarantine = p.pod("quarantine", { image: "x:1" });
  const report = p.pod("report", { image: "x:1" }).after(publish, quarantine);
  p.when(check.result.ok, { then: [publish], else: [quarantine] });
  let full = publish;
  p.group("loads", (g) => {
    full = g.pod("full", { image: "x:1" });
    const sample = g.pod("sample", { image: "x:1" });
    g.switch(check.result.tier, { gold: [full], silver: [sample], "{{ bronze }}": [] }, { id: "by_tier" });
  });
  const one = p.pod("level_one", { image: "x:1" });
  const two = p.pod("level_two", { image: "x:1" });
  p.switch(check.result.stats.level, { 1: [one], 2: [two] });
  const notify = p.pod("notify", { image: "x:1" });
  const archive = p.pod("archive", { image: "x:1" }).after(notify);
  p.continueIf(check.result.ok, { then: [notify] });
  p.pod("summary", { image: "x:1" }).after(full, one);
`,
  { id: `"branches"` },
).replace('from "airflow-ts";', 'from "airflow-ts";\nimport { z } from "airflow-ts";');

/** Each run: what `check` pushes, and the state every task must end in. */
const RUNS: { results: Record<string, unknown>; states: Record<string, string> }[] = [
  {
    results: { check: { ok: true, tier: "gold", stats: { level: 1 } } },
    states: {
      check: "success", branch_on_check_ok: "success", publish: "success", quarantine: "skipped", report: "success",
      "loads.by_tier": "success", "loads.full": "success", "loads.sample": "skipped",
      branch_on_check_stats_level: "success", level_one: "success", level_two: "skipped",
      continue_if_check_ok: "success", notify: "success", archive: "success", summary: "success",
    },
  },
  {
    results: { check: { ok: false, tier: "{{ bronze }}", stats: { level: 2 } } },
    states: {
      check: "success", branch_on_check_ok: "success", publish: "skipped", quarantine: "success", report: "success",
      "loads.by_tier": "success", "loads.full": "skipped", "loads.sample": "skipped",
      branch_on_check_stats_level: "success", level_one: "skipped", level_two: "success",
      // The short-circuit skips what follows it, whatever its trigger rule.
      continue_if_check_ok: "success", notify: "skipped", archive: "skipped",
      // After one skipped path of each of two branches: a join of neither, so skipped with them (all_success).
      summary: "skipped",
    },
  },
  {
    results: { check: { ok: true, tier: "silver", stats: { level: 2 } } },
    states: {
      check: "success", branch_on_check_ok: "success", publish: "success", quarantine: "skipped", report: "success",
      "loads.by_tier": "success", "loads.full": "skipped", "loads.sample": "success",
      branch_on_check_stats_level: "success", level_one: "skipped", level_two: "success",
      continue_if_check_ok: "success", notify: "success", archive: "success", summary: "skipped",
    },
  },
  // A value the schema does not allow: the branch fails instead of guessing a path.
  {
    results: { check: { ok: "yes", tier: "platinum", stats: { level: 3 } } },
    states: {
      check: "success", branch_on_check_ok: "failed", publish: "upstream_failed", quarantine: "upstream_failed", report: "upstream_failed",
      "loads.by_tier": "failed", "loads.full": "upstream_failed", "loads.sample": "upstream_failed",
      branch_on_check_stats_level: "failed", level_one: "upstream_failed", level_two: "upstream_failed",
      continue_if_check_ok: "failed", notify: "upstream_failed", archive: "upstream_failed", summary: "upstream_failed",
    },
  },
];

interface OracleTask {
  operator: string;
  trigger_rule: string;
  downstream: string[];
  python_callable?: string;
  op_kwargs?: Record<string, unknown>;
  ignore_downstream_trigger_rules?: boolean | null;
  do_xcom_push?: boolean;
}
interface OracleAnswer {
  import_errors: Record<string, string>;
  modules: Record<string, boolean>;
  dags: Record<string, { loaded: Record<string, OracleTask>; serialized: Record<string, OracleTask> }>;
  runs: Record<string, string>[];
}

describe.each(AIRFLOW_LINES)("branches in real Airflow (%s)", (line) => {
  let pipeline: Pipeline;
  let answer: OracleAnswer;

  beforeAll(() => {
    const root = tempProject({ "pipelines/branches.pipeline.ts": BRANCHES });
    const compiled = compileDagFolder([path.join(root, "airflow-ts.config.ts")]);
    pipeline = compiled.pipelines[0]!;
    const workspace = airflowWorkspace(line, compiled.dagFolder);
    const input = {
      folder: compiled.dagFolder,
      modules: [LINE_DESCRIPTORS[line].imports.pythonOperators],
      runs: RUNS.map((r) => ({ dag_id: "branches", results: r.results })),
    };
    const out = execFileSync(airflowPython(line), [path.join(__dirname, "branches_oracle.py")], {
      input: JSON.stringify(input),
      env: workspace.env,
      encoding: "utf8",
      stdio: ["pipe", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
    answer = JSON.parse(out.trim().split("\n").pop()!) as OracleAnswer;
  });

  it("finds both operators in the module the line's descriptor names", () => {
    expect(answer.modules).toEqual({ [LINE_DESCRIPTORS[line].imports.pythonOperators]: true });
  });

  it("imports the file; each branch is its operator, with its function, its data and the cases' tasks directly downstream", () => {
    expect(answer.import_errors).toEqual({});
    const loaded = answer.dags.branches!.loaded;
    const branches = pipeline.tasks.filter((t): t is Extract<TaskModel, { kind: "branch" }> => t.kind === "branch");
    expect(branches.map((t) => t.taskId).sort()).toEqual(["branch_on_check_ok", "branch_on_check_stats_level", "continue_if_check_ok", "loads.by_tier"]);
    for (const t of branches) {
      const want = expectedBranchTask(t);
      expect(loaded[t.taskId], t.taskId).toEqual({ operator: want.operator, trigger_rule: want.trigger_rule, ...want.branch });
    }
    // By hand, for the one whose data holds a value that looks like a template and a group's task ids.
    expect(loaded["loads.by_tier"]!.op_kwargs).toEqual({
      source_task_id: "check",
      field_path: ["tier"],
      cases: [["gold", ["loads.full"]], ["silver", ["loads.sample"]], ["{% raw %}{{ bronze }}{% endraw %}", []]],
    });
    expect(loaded.branch_on_check_stats_level!.op_kwargs).toEqual({ source_task_id: "check", field_path: ["stats", "level"], cases: [[1, ["level_one"]], [2, ["level_two"]]] });
  });

  it("serializes the branches as the scheduler reads them: operators, downstream ids and trigger rules equal the model", () => {
    const { loaded, serialized } = answer.dags.branches!;
    for (const t of pipeline.tasks) {
      const downstream = pipeline.tasks.filter((d) => d.upstream.includes(t.taskId)).map((d) => d.taskId).sort();
      const operator = t.kind === "branch" ? (t.mode === "continueIf" ? "ShortCircuitOperator" : "BranchPythonOperator") : "KubernetesPodOperator";
      const want = { operator, trigger_rule: t.triggerRule ?? "all_success", downstream };
      expect(serialized[t.taskId], t.taskId).toEqual(want);
      expect(loaded[t.taskId], t.taskId).toMatchObject(want);
    }
    // The join after both paths of p.when runs after whichever ran; the task after one path of two branches does not.
    expect(serialized.report!.trigger_rule).toBe("none_failed_min_one_success");
    expect(serialized.summary!.trigger_rule).toBe("all_success");
  });

  it("runs: each branch takes the path of the pushed value and skips the others, the short-circuit skips the rest, the join runs", () => {
    expect(answer.runs).toEqual(RUNS.map((r) => r.states));
  });
});
