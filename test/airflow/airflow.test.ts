import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Pipeline } from "../../src/model/pipeline";
import { AIRFLOW_LINES, airflowPython, compileDagFolder, inspectDags, KUBERNETES_VERSION, podsOf, validateKubernetes, type Inspection } from "./airflow-env";
import { differencesFromModel } from "./compare";
import { differencesInKinds } from "./compare-kinds";

const REPO = path.resolve(__dirname, "..", "..");
const PROJECTS = [path.join(REPO, "airflow-ts.config.ts"), path.join(REPO, "test/golden/cases/airflow-ts.config.ts")];
const PWNED = "/tmp/airflow-ts-pwned";

describe.each(AIRFLOW_LINES)("real Airflow (%s)", (line) => {
  let pipelines: Pipeline[];
  let inspection: Inspection;

  beforeAll(() => {
    fs.rmSync(PWNED, { force: true });
    const compiled = compileDagFolder(PROJECTS);
    pipelines = compiled.pipelines;
    inspection = inspectDags(airflowPython(line), compiled.dagFolder);
  });

  it("imports every generated file with no import error and no warning from the DAG files", () => {
    expect(inspection.airflow_version.startsWith(line === "airflow3" ? "3." : "2.11.")).toBe(true);
    expect(inspection.import_errors).toEqual({});
    expect(inspection.warnings).toEqual([]);
    expect(Object.keys(inspection.dags).sort()).toEqual(pipelines.map((p) => p.dagId).sort());
  });

  it.runIf(line === "airflow3")("imports with deprecation warnings as errors, which do fail a file that uses a deprecated API", () => {
    expect(inspection.deprecations_are_errors).toBe(true);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-deprecated-"));
    fs.copyFileSync(path.join(REPO, "generated/dags/nightly_sales_etl.py"), path.join(folder, "nightly_sales_etl.py"));
    fs.writeFileSync(
      path.join(folder, "deprecated.py"),
      'from airflow.models.dag import DAG\n\nwith DAG("deprecated", schedule=None, start_date=None, catchup=False):\n    pass\n',
    );
    const strict = inspectDags(airflowPython(line), folder);
    expect(Object.keys(strict.dags)).toEqual(["nightly_sales_etl"]);
    expect(Object.keys(strict.import_errors).map((f) => path.basename(f))).toEqual(["deprecated.py"]);
    expect(Object.values(strict.import_errors)[0]).toMatch(/deprecated/i);
  });

  it("builds every DAG, task and pod as the model says: schedule, dates, limits, dependencies, retries, pod spec", () => {
    for (const pipeline of pipelines) expect(differencesFromModel(pipeline, inspection.dags[pipeline.dagId])).toEqual([]);
  });

  it("builds every branch, sensor, trigger, notifier and deadline as the model says (the property round trip's readback)", () => {
    for (const pipeline of pipelines) expect(differencesInKinds(pipeline, inspection.dags[pipeline.dagId], line)).toEqual([]);
  });

  it(`builds pods the Kubernetes API server accepts: strict OpenAPI schema of Kubernetes ${KUBERNETES_VERSION} and its name rules`, () => {
    const pods = podsOf(inspection);
    expect(Object.keys(pods).length).toBe(pipelines.reduce((n, p) => n + p.tasks.filter((t) => t.kind === "pod").length, 0));
    expect(validateKubernetes(pods)).toEqual({});
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

describe("the Kubernetes check itself", () => {
  it("rejects what the API server would: unknown fields, wrong types, bad quantities, names and keys", () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "ok-pod", namespace: "data" },
      spec: { containers: [{ name: "base", image: "busybox:1.36" }] },
    };
    const broken = (change: (p: typeof pod & Record<string, any>) => void) => {
      const copy = structuredClone(pod) as typeof pod & Record<string, any>;
      change(copy);
      return copy;
    };
    const problems = validateKubernetes({
      good: pod,
      unknownField: broken((p) => (p.spec.containers[0] as Record<string, unknown>).imagePullPolicyy = "Always"),
      wrongType: broken((p) => (p.spec.containers[0] as Record<string, unknown>).args = "--date"),
      badQuantity: broken((p) => (p.spec.containers[0] as Record<string, unknown>).resources = { limits: { memory: "2GB" } }),
      volumeWithDot: broken((p) => ((p.spec as Record<string, unknown>).volumes = [{ name: "raw.data", persistentVolumeClaim: { claimName: "raw" } }])),
      badKey: broken((p) => (p.spec.containers[0] as Record<string, unknown>).env = [{ name: "X", valueFrom: { secretKeyRef: { name: "s", key: "..x" } } }]),
      badNamespace: broken((p) => (p.metadata.namespace = "Data")),
      unknownKind: broken((p) => (p.apiVersion = "v2")),
    });
    expect(Object.keys(problems).sort()).toEqual(["badKey", "badNamespace", "badQuantity", "unknownField", "unknownKind", "volumeWithDot", "wrongType"]);
    expect(problems.unknownField!.join()).toMatch(/imagePullPolicyy/);
    expect(problems.badQuantity!.join()).toMatch(/2GB/);
  });
});
