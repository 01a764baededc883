import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../src/compile-project";
import { writeOutputs } from "../../src/emit/write-outputs";
import type { Pipeline } from "../../src/model/pipeline";
import type { OutputFile } from "../../src/render/render-project";
import { AIRFLOW_LINES, airflowPython, inspectDags, type Inspection, type KubePod } from "./airflow-env";
import { expectedDag, expectedPod, expectedTask } from "./expected";

const REPO = path.resolve(__dirname, "..", "..");
const PROJECTS = [path.join(REPO, "airflow-ts.config.ts"), path.join(REPO, "test/golden/cases/airflow-ts.config.ts")];
const PWNED = "/tmp/airflow-ts-pwned";

/** Examples and focused cases compiled in memory, written to one throwaway DAG folder. */
function compileAll(): { pipelines: Pipeline[]; dagFolder: string } {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-dags-"));
  const pipelines: Pipeline[] = [];
  const files: OutputFile[] = [];
  for (const configFile of PROJECTS) {
    const result = compileProject({ configFile, mode: "check" });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    pipelines.push(...result.pipelines);
    files.push(...result.files);
  }
  // One write of everything: a write per project would delete the other project's files as stale.
  writeOutputs(outDir, files);
  return { pipelines, dagFolder: path.join(outDir, "dags") };
}

describe.each(AIRFLOW_LINES)("real Airflow (%s)", (line) => {
  let pipelines: Pipeline[];
  let inspection: Inspection;

  beforeAll(() => {
    fs.rmSync(PWNED, { force: true });
    const compiled = compileAll();
    pipelines = compiled.pipelines;
    inspection = inspectDags(airflowPython(line), compiled.dagFolder);
  });

  it("imports every generated file with no import error and no warning from the DAG files", () => {
    expect(inspection.airflow_version.startsWith(line === "airflow3" ? "3." : "2.11.")).toBe(true);
    expect(inspection.import_errors).toEqual({});
    expect(inspection.warnings).toEqual([]);
    expect(Object.keys(inspection.dags).sort()).toEqual(pipelines.map((p) => p.dagId).sort());
  });

  it("builds DAGs with the declared schedule, dates, catchup, limits and tags", () => {
    for (const pipeline of pipelines) {
      const dag = inspection.dags[pipeline.dagId]!;
      const { timetable, ...rest } = expectedDag(pipeline);
      expect({ ...dag, timetable: pick(dag.timetable, Object.keys(timetable)) }).toMatchObject({ ...rest, timetable });
      if (pipeline.pausedOnCreation !== undefined) expect(dag.is_paused_upon_creation).toBe(pipeline.pausedOnCreation);
    }
  });

  it("builds every task with its dependencies, retries and operator settings", () => {
    for (const pipeline of pipelines) {
      const dag = inspection.dags[pipeline.dagId]!;
      expect(Object.keys(dag.tasks).sort()).toEqual(pipeline.tasks.map((t) => t.taskId).sort());
      for (const task of pipeline.tasks) {
        const actual = dag.tasks[task.taskId]!;
        expect(actual, `${pipeline.dagId}.${task.taskId}`).toMatchObject(expectedTask(task));
        // Airflow 3.2+ stores exponential backoff as a multiplier: True becomes 2.0.
        expect(Boolean(actual.retry_exponential_backoff)).toBe(task.retryExponentialBackoff ?? false);
      }
    }
  });

  it("builds the pod each task declared, read back through build_pod_request_obj()", () => {
    for (const pipeline of pipelines) {
      for (const task of pipeline.tasks) {
        const pod: KubePod = inspection.dags[pipeline.dagId]!.tasks[task.taskId]!.pod;
        const want = expectedPod(task);
        const where = `${pipeline.dagId}.${task.taskId}`;
        const container = pod.spec.containers[0];
        expect(pod.spec.containers, where).toHaveLength(1);
        expect(pod.metadata.name.startsWith(`${task.podName}-`), where).toBe(true);
        // Unset, the namespace falls back to the connection, then the in-cluster one, then "default" (no cluster here).
        expect(pod.metadata.namespace, where).toBe(want.namespace ?? "default");
        expect(pod.metadata.annotations ?? {}, where).toEqual(want.annotations);
        // Airflow adds its own labels (airflow_version, airflow_kpo_in_cluster); ours must all be there.
        expect(pod.metadata.labels, where).toMatchObject(task.labels);
        expect(pod.spec.serviceAccountName, where).toBe(want.spec.serviceAccountName);
        expect(pod.spec.nodeSelector ?? {}, where).toEqual(want.spec.nodeSelector);
        expect(pod.spec.tolerations ?? [], where).toEqual(want.spec.tolerations);
        expect(pod.spec.affinity ?? {}, where).toEqual(want.spec.affinity);
        expect(pod.spec.imagePullSecrets ?? [], where).toEqual(want.spec.imagePullSecrets);
        expect(pod.spec.volumes ?? [], where).toEqual(want.spec.volumes);
        expect(container.image, where).toBe(want.spec.container.image);
        expect(container.command ?? [], where).toEqual(want.spec.container.command);
        expect(container.args ?? [], where).toEqual(want.spec.container.args);
        expect(container.imagePullPolicy, where).toBe(want.spec.container.imagePullPolicy);
        expect(container.env ?? [], where).toEqual(want.spec.container.env);
        expect(container.envFrom ?? [], where).toEqual(want.spec.container.envFrom);
        expect(container.volumeMounts ?? [], where).toEqual(want.spec.container.volumeMounts);
        expect(container.resources ?? {}, where).toEqual(want.spec.container.resources);
      }
    }
  });

  it("carries hostile strings verbatim into the pod, and none of them ran as code", () => {
    const pod = inspection.dags.kitchen_sink!.tasks["first-step"]!.pod;
    const args: string[] = pod.spec.containers[0].args;
    expect(args).toContain('"); import os; os.system("touch /tmp/airflow-ts-pwned"); ("');
    expect(args).toContain("line one\nline two\r\n\ttabbed");
    expect(args).toContain("unicode: é ü ß 日本語 🚀 👩‍💻");
    expect(args).toContain("{{ ds }}");
    expect(fs.existsSync(PWNED)).toBe(false);
  });
});

function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, record[k]]));
}
