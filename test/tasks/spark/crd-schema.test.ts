import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import Ajv from "ajv";
import { checkAgainstCrd, closeObjects } from "../../../src/tasks/spark/crd-schema";

const crdDir = path.resolve(__dirname, "../../../src/tasks/spark/crd");

const minimal = () => ({
  apiVersion: "sparkoperator.k8s.io/v1beta2",
  kind: "SparkApplication",
  metadata: { name: "transform", namespace: "data" },
  spec: { type: "Python", sparkVersion: "3.5.5", mainApplicationFile: "local:///opt/app/t.py", restartPolicy: { type: "Never" }, driver: { cores: 1, memory: "2g" }, executor: { instances: 2 } },
});

describe("the vendored SparkApplication CRD", () => {
  it("ships the YAML's v1beta2 schema, only without descriptions", () => {
    const crd = parse(fs.readFileSync(path.join(crdDir, "sparkoperator.k8s.io_sparkapplications.yaml"), "utf8")) as { spec: { versions: { name: string; schema: { openAPIV3Schema: unknown } }[] } };
    const fromYaml = crd.spec.versions.find((v) => v.name === "v1beta2")!.schema.openAPIV3Schema;
    const withoutDescriptions = JSON.parse(JSON.stringify(fromYaml, (k, v: unknown) => (k === "description" && typeof v === "string" ? undefined : v)));
    expect(JSON.parse(fs.readFileSync(path.join(crdDir, "sparkapplication.schema.json"), "utf8"))).toEqual(withoutDescriptions);
  });

  it.each([
    ["a minimal application", minimal(), []],
    ["cores below 1", { ...minimal(), spec: { ...minimal().spec, driver: { cores: 0 } } }, [{ pointer: "/spec/driver/cores", message: "must be >= 1" }]],
    ["a field the CRD does not have", { ...minimal(), spec: { ...minimal().spec, executor: { replicas: 2 } } }, [{ pointer: "/spec/executor", message: 'unknown field "replicas"' }]],
    ["a type that is not a language", { ...minimal(), spec: { ...minimal().spec, type: "Go" } }, [{ pointer: "/spec/type", message: "must be equal to one of the allowed values" }]],
    ["no sparkVersion", { ...minimal(), spec: { ...minimal().spec, sparkVersion: undefined } }, [{ pointer: "/spec", message: "must have required property 'sparkVersion'" }]],
    ["a string where the CRD wants a number", { ...minimal(), spec: { ...minimal().spec, timeToLiveSeconds: "3600" } }, [{ pointer: "/spec/timeToLiveSeconds", message: "must be integer" }]],
  ])("%s", (_name, application, want) => {
    expect(checkAgainstCrd(JSON.parse(JSON.stringify(application)))).toEqual(want);
  });

  it("keeps open what the CRD keeps open (labels, sparkConf are maps)", () => {
    const application = { ...minimal(), spec: { ...minimal().spec, sparkConf: { "spark.any.key": "1" }, driver: { labels: { anything: "x" } } } };
    expect(checkAgainstCrd(application)).toEqual([]);
  });
});

describe("checking against the schema's projection on an object's fields", () => {
  it("gives the whole CRD schema's verdict", () => {
    const schema = closeObjects(JSON.parse(fs.readFileSync(path.join(crdDir, "sparkapplication.schema.json"), "utf8")));
    const whole = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema as object);
    const spec = minimal().spec;
    const cases: unknown[] = [
      minimal(),
      { ...minimal(), spec: { ...spec, volumes: [{ name: "raw", persistentVolumeClaim: { claimName: "etl-raw" } }], driver: { volumeMounts: [{ name: "raw", mountPath: "/data" }], env: [{ name: "A", valueFrom: { secretKeyRef: { name: "s", key: "k" } } }] } } },
      { ...minimal(), spec: { ...spec, volumes: [{ name: "raw", persistentVolumeClaim: { claimName: 5 } }] } },
      { ...minimal(), spec: { ...spec, driver: { env: [{ name: "A", valueFrom: { secretKeyRef: { key: "k", nam: "s" } } }] } } },
      { ...minimal(), spec: { ...spec, driver: { tolerations: [{ key: "a", tolerationSeconds: "x" }], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } } } } } },
      { ...minimal(), spec: { ...spec, executor: { gpu: { name: "nvidia.com/gpu" } }, dynamicAllocation: { enabled: true, minExecutors: "1" } } },
      { ...minimal(), metadata: undefined },
    ];
    const refused: boolean[] = [];
    for (const application of cases) {
      const clean = JSON.parse(JSON.stringify(application));
      whole(clean);
      const wholeVerdict = (whole.errors ?? []).map((e) => e.instancePath).sort();
      expect(checkAgainstCrd(clean).map((v) => (v.pointer === "/" ? "" : v.pointer)).sort()).toEqual(wholeVerdict);
      refused.push(wholeVerdict.length > 0);
    }
    expect(refused).toEqual([false, false, true, true, true, true, true]);
  });
});

describe("the CRD's verdict as a task's problems", () => {
  it("names the field under spec as the option path, with a stable code and a hint", async () => {
    const { sparkApplicationIssues } = await import("../../../src/tasks/spark/crd-schema.js");
    const issues = sparkApplicationIssues({ ...minimal(), spec: { ...minimal().spec, executor: { instances: 0 } } });
    expect(issues.map(({ code, field, message }) => ({ code, field, message }))).toEqual([
      { code: "invalid-spark-application", field: ["executor", "instances"], message: "the SparkApplication's spec.executor.instances must be >= 1" },
    ]);
    expect(issues[0]!.hint).toContain("CRD");
  });
});
