import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileIn, lineOf, pipelineModule, tempProject } from "../helpers/temp-project";

/** A pipeline module with `ctx`, `literal` and `z` imported too. */
const module = (body: string, options: Record<string, string> = {}) =>
  pipelineModule(body, options).replace('from "airflow-ts";', 'from "airflow-ts";\nimport { ctx, literal, z } from "airflow-ts";');

/** The project's config with a deployment on one Airflow version (which the templates must work on). */
const deployedOn = (airflowVersion: string) => `import { defineConfig } from "airflow-ts";
export default defineConfig({ pipelines: ["pipelines/**/*.pipeline.ts"], deployment: {
  airflowVersion: "${airflowVersion}", namespace: "airflow",
  gitSync: { repo: "https://github.com/acme/pipelines.git", ref: "main" },
  secrets: { fernetKey: "f", webSecretKey: "w"${airflowVersion.startsWith("3.") ? `, jwtSecret: "j"` : ""} },
} });
`;

function problems(source: string, config?: string) {
  const root = tempProject({ "pipelines/demo.pipeline.ts": source, ...(config && { "airflow-ts.config.ts": config }) });
  const result = compileIn(root);
  return {
    root,
    result,
    found: result.diagnostics.filter((d) => d.severity === "error").map((d) => ({ code: d.code, line: d.location?.line, path: d.path, hint: d.hint })),
  };
}

describe("templates are parsed at compile time", () => {
  it("reports syntax errors, unknown context variables and undeclared params at their field, all together, writing nothing", () => {
    const source = module(
      [
        `  p.pod("a", {`,
        `    image: "x:1",`,
        `    args: ["--day", "{{ ds }", "--when", "{{ execution_date }}", "--region", "{{ params.regoin }}"],`,
        `    env: { LATE: "{{ data_interval_ned }}", OK: "{{ macros.ds_add(ds, -1) }}" },`,
        `  });`,
      ].join("\n"),
      { params: `z.object({ region: z.string().default("emea") })` },
    );
    const { found, root } = problems(source);
    const at = lineOf(source, "image:") + 1;
    expect(found).toEqual([
      { code: "invalid-template", line: at, path: "demo.tasks.a.args[1]", hint: expect.stringContaining("literal(") },
      { code: "unknown-template-variable", line: at, path: "demo.tasks.a.args[3]", hint: expect.stringContaining("logical_date") },
      { code: "unknown-param", line: at, path: "demo.tasks.a.args[5]", hint: expect.stringContaining("params.region") },
      { code: "unknown-template-variable", line: at + 1, path: "demo.tasks.a.env.LATE", hint: 'did you mean {{ data_interval_end }}?' },
    ]);
    expect(fs.existsSync(path.join(root, "generated"))).toBe(false);
  });

  it("checks context variables against the deployment's Airflow line: execution_date is fine on 2.11, an error on 3", () => {
    const source = module(`  p.pod("a", { image: "x:1", args: ["{{ execution_date }}", "{{ prev_ds }}"] });`);
    expect(problems(source, deployedOn("2.11.2")).found).toEqual([]);
    expect(problems(source, deployedOn("3.1.7")).found.map((f) => [f.code, f.path])).toEqual([
      ["unknown-template-variable", "demo.tasks.a.args[0]"],
      ["unknown-template-variable", "demo.tasks.a.args[1]"],
    ]);
  });

  it("passes literal() text through unrendered, and the helpers' Jinja compiles", () => {
    const source = module(
      `  p.pod("a", { image: "x:1", args: [literal("{{ not a template }} {% if %}"), ctx.ds, ctx.format("dataIntervalEnd", "%Y/%m'%d"), ctx.dsAdd(-3), ctx.runId] });`,
    );
    const { found, root } = problems(source);
    expect(found).toEqual([]);
    const dag = fs.readFileSync(path.join(root, "generated/dags/demo.py"), "utf8");
    expect(dag).toContain(`"{% raw %}{{ not a template }} {% if %}{% endraw %}"`);
    expect(dag).toContain(`"{{ data_interval_end.strftime('%Y/%m\\\\'%d') }}"`);
  });
});

describe("typed XCom results", () => {
  const producer = `  const extract = p.pod("extract", { image: "x:1", result: z.object({ rows: z.number(), files: z.array(z.string()), ok: z.boolean() }) });`;

  it("turn field references into xcom_pull templates, turn on the sidecar and add the missing dependency", () => {
    const { found, root, result } = problems(module(`${producer}\n  p.pod("load", { image: "x:1", args: [extract.result.rows, extract.result.files, extract.result.ok] });`));
    expect(found).toEqual([]);
    const load = result.pipelines[0]!.tasks.find((t) => t.taskId === "load")!;
    expect(load.upstream).toEqual(["extract"]);
    expect(load.kind === "pod" && load.args).toEqual([
      "{{ ti.xcom_pull(task_ids='extract')['rows'] }}",
      "{{ ti.xcom_pull(task_ids='extract')['files'] | tojson }}",
      "{{ ti.xcom_pull(task_ids='extract')['ok'] | tojson }}",
    ]);
    const dag = fs.readFileSync(path.join(root, "generated/dags/demo.py"), "utf8");
    expect(dag.match(/do_xcom_push=True/g)).toHaveLength(1);
    expect(dag).toContain("extract >> load");
  });

  it("refuse a hand-written pull of a task that does not exist or declares no result, and a pull that closes a cycle", () => {
    const source = module(
      [
        producer,
        `  const other = p.pod("other", { image: "x:1" });`,
        `  p.pod("load", { image: "x:1", args: ["{{ ti.xcom_pull(task_ids='extrct') }}", "{{ ti.xcom_pull(task_ids='other') }}"] });`,
        `  extract.after("load2");`,
        `  p.pod("load2", { image: "x:1", args: [extract.result.rows] });`,
      ].join("\n"),
    );
    const codes = problems(source).found.map((f) => [f.code, f.path, f.hint?.slice(0, 22)]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ["unknown-xcom-task", "demo.tasks.load.args[0]", 'did you mean "extract"'],
        ["xcom-without-result", "demo.tasks.load.args[1]", "declare what it writes"],
        ["cycle", expect.stringMatching(/^demo\.tasks\.(extract|load2)/), expect.any(String)],
      ]),
    );
  });
});

describe("task groups", () => {
  it("prefix task ids with the groups' ids, and refuse ids Airflow refuses", () => {
    const good = module(`  p.group("outer", (g) => { g.group("inner", (h) => { h.pod("a", { image: "x:1" }); }); g.pod("b", { image: "x:1" }); });`);
    const { found, result } = problems(good);
    expect(found).toEqual([]);
    expect(result.pipelines[0]!.tasks.map((t) => [t.taskId, t.localId, t.group])).toEqual([
      ["outer.inner.a", "a", "outer.inner"],
      ["outer.b", "b", "outer"],
    ]);
    expect(result.pipelines[0]!.groups).toEqual([
      { groupId: "outer", localId: "outer" },
      { groupId: "outer.inner", localId: "inner", parent: "outer" },
    ]);

    const bad = module(`  p.group("a.b", (g) => { g.pod("x", { image: "x:1" }); });\n  p.pod("dup", { image: "x:1" });\n  p.group("dup", () => {});`);
    expect(problems(bad).found.map((f) => [f.code, f.line])).toEqual([
      ["invalid-group-id", lineOf(bad, `p.group("a.b"`)],
      ["duplicate-group-id", lineOf(bad, `p.group("dup"`)],
    ]);
  });
});

describe("mapped tasks", () => {
  it("expand over a literal list into one args list per item", () => {
    const source = module(`  p.map("t", { over: [{ region: "emea", n: 1 }, { region: "amer", n: 2 }], maxParallel: 2 }, (item) => ({ image: "x:1", args: ["--region", item.region, "--n=" + item.n, ctx.ds] }));`);
    const { found, result } = problems(source);
    expect(found).toEqual([]);
    expect(result.pipelines[0]!.tasks[0]!.mapping).toEqual({
      kind: "static",
      argsPerItem: [
        ["--region", "emea", "--n=1", "{{ ds }}"],
        ["--region", "amer", "--n=2", "{{ ds }}"],
      ],
      maxParallel: 2,
    });
  });

  it("expand over an upstream list result, after it; the item only in args, no templates there, no empty list", () => {
    const ok = module(`  const list = p.pod("list", { image: "x:1", result: z.array(z.object({ path: z.string() })) });\n  p.map("t", { over: list.result }, (part) => ({ image: "x:1", args: ["--in", part.path + "/x"], env: { DAY: ctx.ds } }));`);
    const { found, result } = problems(ok);
    expect(found).toEqual([]);
    const mapped = result.pipelines[0]!.tasks.find((t) => t.taskId === "t")!;
    expect(mapped.upstream).toEqual(["list"]);
    expect(mapped.mapping).toEqual({ kind: "result", sourceTaskId: "list", args: [[{ text: "--in" }], [{ itemField: "path" }, { text: "/x" }]] });

    const bad = module(
      [
        `  const list = p.pod("list", { image: "x:1", result: z.array(z.string()) });`,
        `  p.map("t", { over: list.result, maxParallel: 0 }, (part) => ({`,
        `    image: "x:1",`,
        `    args: [part, ctx.ds],`,
        `    env: { PART: part },`,
        `  }));`,
        `  p.map("e", { over: [] as string[] }, (x) => ({ image: "x:1", args: [x] }));`,
      ].join("\n"),
    );
    expect(problems(bad).found.map((f) => [f.code, f.path, f.line]).sort((a, b) => Number(a[2]) - Number(b[2]))).toEqual([
      ["invalid-max-parallel", "demo.tasks.t.maxParallel", lineOf(bad, "maxParallel: 0")],
      ["template-in-mapped-args", "demo.tasks.t.args[1]", lineOf(bad, "args: [part")],
      ["item-outside-args", "demo.tasks.t.env.PART", lineOf(bad, "env: { PART")],
      ["empty-mapping", "demo.tasks.e.over", lineOf(bad, `p.map("e"`)],
    ]);
  });
});

describe("rendering", () => {
  it("warns when Airflow's Jinja would change a value (a carriage return, a final newline), not when literal() escapes it", () => {
    const source = module(`  p.pod("a", { image: "x:1", args: ["one\\r\\ntwo", "ends\\n", literal("one\\r\\ntwo"), literal("ends\\n"), "inside\\nis fine"] });`);
    const result = compileIn(tempProject({ "pipelines/demo.pipeline.ts": source }));
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.path])).toEqual([
      ["altered-by-rendering", "warning", "demo.tasks.a.args[0]"],
      ["altered-by-rendering", "warning", "demo.tasks.a.args[1]"],
    ]);
  });
});
