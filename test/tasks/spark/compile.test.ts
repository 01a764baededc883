import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileIn, lineOf, pipelineModule, tempProject } from "../../helpers/temp-project";

/** `p.spark` through the whole compile: the DSL, the validate stage, the model, the DAG file. */
const spark = (extra = "") => `{
    type: "Python",
    image: "ghcr.io/acme/spark-etl:3.5.5-1",
    mainApplicationFile: "local:///opt/app/transform.py",
    sparkVersion: "3.5.5",${extra}
  }`;

describe("p.spark in a pipeline", () => {
  it("compiles to a SparkKubernetesOperator that takes part in groups, dependencies, retries and pools", () => {
    const source = pipelineModule(`  const extract = p.pod("extract", { image: "ghcr.io/acme/extract:1.4.2" });
  p.group("heavy", (g) => {
    g.spark("transform", ${spark(`
    retries: 4,
    pool: "spark",
    arguments: ["--date", "{{ ds }}"],`)}).after(extract);
  });
  p.pod("load", { image: "ghcr.io/acme/load:3.2.0" }).after("heavy.transform");`);
    const root = tempProject({ "pipelines/demo.pipeline.ts": source });
    const result = compileIn(root);
    expect(result.diagnostics).toEqual([]);
    const tasks = result.pipelines[0]!.tasks;
    expect(tasks.map((t) => [t.taskId, t.kind, t.upstream])).toEqual([["extract", "pod", []], ["heavy.transform", "spark", ["extract"]], ["load", "pod", ["heavy.transform"]]]);
    const dag = fs.readFileSync(path.join(root, "generated/dags/demo.py"), "utf8");
    expect(dag).toContain("from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import (\n    SparkKubernetesOperator,\n)\n");
    expect(dag).toContain("from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator\n");
    expect(dag).toMatch(/heavy_transform = SparkKubernetesOperator\(\n {8}task_id="transform",\n {8}task_group=heavy,\n {8}name="heavy-transform",\n {8}namespace="default",\n {8}template_spec=\{/);
    expect(dag).toContain(`        retries=4,\n        pool="spark",\n`);
    // Each task's upstream edges right after the task.
    expect(dag).toContain("    )\n    extract >> heavy_transform\n\n");
    expect(dag.slice(dag.lastIndexOf("    )\n"))).toBe("    )\n    heavy_transform >> load\n");
  });

  it("reports Spark's problems at their line and field, all together, and writes nothing", () => {
    const source = pipelineModule(`  p.spark("transform", ${spark(`
    executor: { memory: "4Gi", instances: 9 }, // MEMORY
    dynamicAllocation: { minExecutors: 2, maxExecutors: 4 },
    sparkConf: { "spark.x": "{{ execution_date }}" },`)});`);
    const root = tempProject({ "pipelines/demo.pipeline.ts": source });
    const result = compileIn(root);
    const found = result.diagnostics.map((d) => ({ code: d.code, path: d.path, line: d.location?.line, hint: d.hint }));
    expect(found).toEqual([
      { code: "invalid-spark-memory", path: "demo.tasks.transform.executor.memory", line: lineOf(source, "MEMORY"), hint: 'Spark wants "4g": a whole number with k, m, g or t (1024-based), not a Kubernetes quantity' },
    ]);
    // Fixed, the checks behind the schema speak: all of them at once.
    const fixed = source.replace('"4Gi"', '"4g"');
    const again = compileIn(tempProject({ "pipelines/demo.pipeline.ts": fixed }));
    expect(again.diagnostics.map((d) => [d.code, d.path])).toEqual([
      ["invalid-executor-bounds", "demo.tasks.transform.executor.instances"],
      ["unknown-template-variable", 'demo.tasks.transform.sparkConf["spark.x"]'],
    ]);
    expect(fs.existsSync(path.join(root, "generated/dags/demo.py"))).toBe(false);
  });

  it("is type-checked: a Kubernetes-style memory number or a missing sparkVersion does not compile", () => {
    const source = pipelineModule(`  p.spark("transform", { type: "Python", image: "ghcr.io/acme/a:1", mainApplicationFile: "local:///a.py", driver: { memory: 4 } });`);
    const codes = compileIn(tempProject({ "pipelines/demo.pipeline.ts": source })).diagnostics.map((d) => d.code);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((c) => /^TS\d+$/i.test(c) || c.startsWith("ts"))).toBe(true);
  });
});
