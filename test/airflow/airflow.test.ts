import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compileProject } from "../../src/compile-project";
import { writeOutputs } from "../../src/emit/write-outputs";
import type { Pipeline } from "../../src/model/pipeline";
import type { OutputFile } from "../../src/render/render-project";
import { AIRFLOW_LINES, airflowPython, inspectDags, type Inspection } from "./airflow-env";
import { differencesFromModel } from "./compare";

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

  it("builds every DAG, task and pod as the model says: schedule, dates, limits, dependencies, retries, pod spec", () => {
    for (const pipeline of pipelines) expect(differencesFromModel(pipeline, inspection.dags[pipeline.dagId])).toEqual([]);
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
