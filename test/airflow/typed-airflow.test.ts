import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import type { Pipeline } from "../../src/model/pipeline";
import { AIRFLOW_LINES, airflowPython, airflowWorkspace, compileDagFolder } from "./airflow-env";

/**
 * Groups, mapped tasks, XCom results and templates as real Airflow sees them (typed_airflow.py): the loaded and
 * the serialized DAG, each templated field rendered by the operator's own code with Airflow's Jinja, and each
 * mapped instance unmapped by Airflow and rendered, with XCom values the pods would have pushed.
 */
const REPO = path.resolve(__dirname, "..", "..");
const DAY = "2026-03-04";
const PARTITIONS = [
  { region: "emea", path: `/lake/${DAY}/emea` },
  { region: "amer", path: `/lake/${DAY}/amer` },
];
const RUN = {
  date: `${DAY}T03:30:00+00:00`,
  interval_end: "2026-03-05T03:30:00+00:00",
  run_id: `scheduled__${DAY}T03:30:00+00:00`,
  xcoms: {
    partitioned_sales: {
      list_partitions: PARTITIONS,
      summarize: { rows: 1234, regions: ["emea", "amer"], complete: true },
      "publish.quality_gate": { verdict: "warn", failedChecks: ["null_rates"] },
    },
    hostile_typed: { produce: { "it's": "A", 'say "hi"': 2, 日本: true, nested: { "a\\b": "B" } } },
  },
  items: {
    partitioned_sales: { transform: PARTITIONS },
    hostile_typed: { "outer-group.inner_group.from_result": [{ "it's": "x'y {{ ds }}", n: 3 }] },
  },
};
/** The golden case's template-like and quote-laden items (test/golden/cases/typed). */
const NASTY = ["it's", 'say "hi"', "back\\slash", "new\nline", "tab\there", "日本語 🚀", "''' triple", "{#not a comment#}"];

interface Rendered {
  image: string;
  cmds: string[];
  arguments: string[];
  env: Record<string, string>;
  labels: Record<string, string>;
}
interface TaskReport {
  group: string | null;
  mapped: boolean;
  do_xcom_push: boolean;
  upstream: string[];
  serialized_upstream: string[];
  max_active_tis_per_dagrun: number | null;
  mapping?: { kind: "static" | "result"; source?: string; key?: string; instances: string[][] };
  rendered?: Rendered;
  instances?: Rendered[];
}
interface Report {
  import_errors: Record<string, string>;
  dags: Record<string, { groups: Record<string, { tooltip: string; parent: string | null; children: string[] }>; serialized_groups: string[]; tasks: Record<string, TaskReport> }>;
}

describe.each(AIRFLOW_LINES)("groups, mapping, XCom and templates in real Airflow (%s)", (line) => {
  let pipelines: Pipeline[];
  let report: Report;
  let dagFolder: string;

  beforeAll(() => {
    const compiled = compileDagFolder([path.join(REPO, "airflow-ts.config.ts"), path.join(REPO, "test/golden/cases/airflow-ts.config.ts")]);
    pipelines = compiled.pipelines;
    dagFolder = compiled.dagFolder;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-typed-"));
    fs.writeFileSync(path.join(dir, "run.json"), JSON.stringify(RUN));
    execFileSync(airflowPython(line), [path.join(__dirname, "typed_airflow.py"), compiled.dagFolder, path.join(dir, "run.json"), path.join(dir, "out.json")], { stdio: ["ignore", "ignore", "pipe"] });
    report = JSON.parse(fs.readFileSync(path.join(dir, "out.json"), "utf8")) as Report;
  });

  it("loads every example, and every task's group, mapping, sidecar, dependencies and cap are the model's, before and after serialization", () => {
    expect(report.import_errors).toEqual({});
    for (const pipeline of pipelines) {
      const dag = report.dags[pipeline.dagId]!;
      expect(Object.keys(dag.groups).sort()).toEqual(pipeline.groups.map((g) => g.groupId).sort());
      expect(dag.serialized_groups).toEqual(pipeline.groups.map((g) => g.groupId).sort());
      for (const task of pipeline.tasks) {
        const actual = dag.tasks[task.taskId]!;
        const where = `${pipeline.dagId}.${task.taskId}`;
        expect({ group: actual.group, mapped: actual.mapped, xcom: actual.do_xcom_push, upstream: actual.upstream, serialized: actual.serialized_upstream, cap: actual.max_active_tis_per_dagrun }, where).toEqual({
          group: task.group ?? null,
          mapped: task.mapping !== undefined,
          // Waits and triggers keep BaseOperator's do_xcom_push (True): they return nothing a task reads.
          xcom: task.kind === "wait" || task.kind === "trigger" ? true : task.pushesResult,
          upstream: [...task.upstream].sort(),
          serialized: [...task.upstream].sort(),
          cap: task.mapping?.maxParallel ?? null,
        });
      }
    }
  });

  it("shows the publish group, with its tooltip and its tasks, in the graph", () => {
    const groups = report.dags.partitioned_sales!.groups;
    expect(groups).toEqual({
      publish: {
        tooltip: "Quality checks and gate, then the warehouse load and the notification, or the quarantine",
        parent: null,
        children: ["publish.check", "publish.load", "publish.notify", "publish.quality_gate", "publish.quarantine", "publish.record_outcome", "publish.route_by_quality"],
      },
    });
  });

  it("wires XCom: the producers push through the sidecar, and their consumers run after them although the pipeline never said so", () => {
    const tasks = report.dags.partitioned_sales!.tasks;
    expect(tasks.list_partitions!.do_xcom_push).toBe(true);
    expect(tasks.summarize!.do_xcom_push).toBe(true);
    expect(tasks["publish.load"]!.do_xcom_push).toBe(false);
    expect(tasks.transform!.upstream).toEqual(["list_partitions"]);
    expect(tasks["publish.load"]!.upstream).toEqual(["publish.route_by_quality", "summarize"]);
    expect(tasks["publish.notify"]!.upstream).toEqual(["publish.load", "summarize"]);
  });

  it("renders the typed references, params and context helpers to the values of the run", () => {
    const tasks = report.dags.partitioned_sales!.tasks;
    expect(tasks.list_partitions!.rendered!.arguments).toEqual(["list", "--day", DAY, "--regions", '["emea", "amer", "apac"]', "--out", "/airflow/xcom/return.json"]);
    expect(tasks.summarize!.rendered!.arguments).toEqual(["summarize", "--day", DAY, "--since", "2026-02-25"]);
    expect(tasks["publish.load"]!.rendered!.arguments).toEqual(["load", "--day", DAY, "--expected-rows", "1234", "--regions", '["emea", "amer"]', "--batch-size", "5000"]);
    expect(tasks["publish.load"]!.rendered!.env).toEqual({ WAREHOUSE_PASSWORD: "<from secret>" });
    expect(tasks["publish.quarantine"]!.rendered!.arguments).toEqual(["quarantine", "--day", DAY, "--failed", '["null_rates"]']);
    // The quality gate's branch gets its data as written: nothing in it is a template.
    expect(tasks["publish.route_by_quality"]!.rendered).toEqual({
      op_kwargs: { source_task_id: "publish.quality_gate", field_path: ["verdict"], cases: [["pass", ["publish.load"]], ["warn", ["publish.load"]], ["fail", ["publish.quarantine"]]] },
    });
    // literal() reaches the pod as written; ctx.format renders with strftime.
    expect(tasks["publish.notify"]!.rendered!.arguments).toEqual(["notify", "--template", "Loaded {{rows}} rows for {{day}}", "--rows", "1234", "--day", "04 Mar 2026"]);
  });

  it("maps transform over list_partitions' result: one pod per partition, through the generated item function", () => {
    const transform = report.dags.partitioned_sales!.tasks.transform!;
    expect(transform.mapping).toEqual({
      kind: "result",
      source: "list_partitions",
      key: "return_value",
      instances: PARTITIONS.map((p) => ["transform", "--region", p.region, "--in", p.path]),
    });
    expect(transform.instances!.map((i) => i.arguments)).toEqual(PARTITIONS.map((p) => ["transform", "--region", p.region, "--in", p.path]));
    expect(transform.instances!.map((i) => i.env)).toEqual(PARTITIONS.map(() => ({ DAY, FULL_REFRESH: "false", RUN_ID: RUN.run_id })));
  });

  it("maps publish.check over its literal list: three pods, each with its check and the run's day", () => {
    const check = report.dags.partitioned_sales!.tasks["publish.check"]!;
    expect(check.mapping!.kind).toBe("static");
    expect(check.max_active_tis_per_dagrun).toBe(2);
    expect(check.instances!.map((i) => i.arguments)).toEqual(["row_counts", "null_rates", "freshness"].map((c) => ["check", c, "--day", DAY]));
  });

  it("carries hostile field names, items and tooltips through XCom pulls, mapping and groups unchanged", () => {
    const dag = report.dags.hostile_typed!;
    expect(dag.groups["outer-group.inner_group"]!.tooltip).toBe('A tooltip with "quotes", \'apostrophes\' and a \\ backslash');
    expect(dag.tasks["outer-group.consume"]!.rendered!.arguments).toEqual(["A", "2", "true", "B", "04'03\"2026\\", "{% raw %}{{ x }}{% endraw %}"]);
    const statics = dag.tasks["outer-group.inner_group.static"]!.instances!.map((i) => i.arguments);
    expect(statics).toEqual(NASTY.map((item) => ["--value", item, `prefix-${item}-suffix`]));
    // Values from XCom are data, never templates: Airflow passes them as they are.
    const fromResult = dag.tasks["outer-group.inner_group.from_result"]!.mapping!.instances;
    expect(fromResult).toEqual([["x'y {{ ds }}", `3's "n"`, "\\"]]);
  });

  it("renders each mapped instance as the `airflow tasks render --map-index` CLI does", () => {
    const workspace = airflowWorkspace(line, dagFolder);
    ["row_counts", "null_rates", "freshness"].forEach((check, index) => {
      const out = workspace.airflow("tasks", "render", "partitioned_sales", "publish.check", RUN.date, "--map-index", String(index));
      // The CLI prints each field under a "# property: <name>" banner; arguments is a one-line Python list.
      const lines = out.split("\n").map((l) => l.trim());
      const value = lines[lines.indexOf("# property: arguments") + 2]!;
      expect(JSON.parse(value.replaceAll("'", '"'))).toEqual(["check", check, "--day", DAY]);
    });
  });
});
