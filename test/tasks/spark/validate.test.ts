import { describe, expect, it } from "vitest";
import { fromZodIssues, parseReported } from "../../../src/diagnostics/issue";
import { checkTemplates, type TemplateScope } from "../../../src/validate/checks/templates";
import { knownKeysAt } from "../../../src/tasks/shared/schema-parts";
import { sparkKind } from "../../../src/tasks/spark";
import type { SparkTaskOptions } from "../../../src/tasks/spark/options";
import { checkSparkMemory } from "../../../src/tasks/spark/memory";
import { fullSpark, minimalSpark } from "./fixtures";

const scope: TemplateScope = { lines: ["airflow3", "airflow2"], params: new Set(["region"]), taskIds: ["extract", "transform"], producers: new Set(["extract"]) };

/** One task's problems as the validate stage finds them through the kind (validate-project.ts): schema, then checks and templates. */
function issuesOf(options: unknown) {
  const parsed = parseReported(sparkKind.schema, options);
  const task = { kind: "spark" as const, id: "transform", localId: "transform", groupPath: [], options: options as SparkTaskOptions };
  const issues = parsed.success
    ? [...sparkKind.check(task, { pipeline: { volumes: [] } as never }), ...checkTemplates(sparkKind.templatedStrings(task.options), scope)]
    : fromZodIssues(parsed.error.issues, (path) => knownKeysAt(sparkKind.schema, path));
  return issues.map(({ code, field, severity }) => ({ code, field: field.join("."), ...(severity && { severity }) }));
}

describe("Spark memory strings", () => {
  it.each([["512m"], ["4g"], ["4G"], ["2048"], ["1gb"], ["16t"]])("%s is one", (text) => expect(checkSparkMemory(text)).toBeUndefined());
  it.each([
    ["4Gi", "4g"],
    ["512Mi", "512m"],
    ["1.5Gi", "1536m"],
    ["2GiB", "2g"],
    ["1.5g", "1536m"],
  ])("%s is a Kubernetes quantity: the hint says %s", (text, want) => {
    expect(checkSparkMemory(text)?.hint).toContain(`Spark wants "${want}"`);
  });
  it.each([["lots"], ["-1g"], [""]])("%s is not one, and the hint shows the form", (text) => {
    expect(checkSparkMemory(text)?.hint).toBe('write a whole number with k, m, g or t (1024-based), e.g. "512m" or "4g"');
  });
});

describe("a Spark task's options", () => {
  it("valid ones pass, the full set and the minimal one", () => {
    expect(issuesOf(fullSpark)).toEqual([]);
    expect(issuesOf(minimalSpark)).toEqual([]);
  });

  it.each([
    ["a Kubernetes quantity as memory", { executor: { memory: "4Gi" } }, [{ code: "invalid-spark-memory", field: "executor.memory" }]],
    ["a Kubernetes quantity as memory overhead", { driver: { memoryOverhead: "512Mi" } }, [{ code: "invalid-spark-memory", field: "driver.memoryOverhead" }]],
    ["zero cores", { driver: { cores: 0 } }, [{ code: "invalid-value", field: "driver.cores" }]],
    ["fractional cores", { executor: { cores: 1.5 } }, [{ code: "invalid-type", field: "executor.cores" }]],
    ["no executors", { executor: { instances: 0 } }, [{ code: "invalid-value", field: "executor.instances" }]],
    ["a misspelt option", { exector: {} }, [{ code: "unknown-option", field: "exector" }]],
    ["pod resources", { resources: { limits: { memory: "1Gi" } } }, [{ code: "unknown-option", field: "resources" }]],
    ["a bad CPU quantity", { driver: { coreLimit: "1 core" } }, [{ code: "invalid-quantity", field: "driver.coreLimit" }]],
    ["a GPU by a bad name", { executor: { gpu: { name: "gpu", quantity: 1 } } }, [{ code: "invalid-resource-name", field: "executor.gpu.name" }]],
    ["a bad Secret name", { envFrom: [{ kind: "secret", name: "Warehouse_DB", prefix: "", optional: false }] }, [{ code: "invalid-name", field: "envFrom.0.name" }]],
    ["a bad env name", { env: { "1X": "a" } }, [{ code: "invalid-env-name", field: "env.1X" }]],
    ["a relative mount path", { mounts: [{ volume: "raw", path: "data" }] }, [{ code: "invalid-mount-path", field: "mounts.0.path" }]],
    ["an unknown Spark type", { type: "Go" }, [{ code: "invalid-value", field: "type" }]],
    ["no main application file", { mainApplicationFile: " " }, [{ code: "missing-mainApplicationFile", field: "mainApplicationFile" }]],
    ["a Spark version that is not one", { sparkVersion: "latest" }, [{ code: "invalid-spark-version", field: "sparkVersion" }]],
    ["a bad duration", { timeToLive: "1 hour" }, [{ code: "invalid-duration", field: "timeToLive" }]],
    ["a property name with a space", { sparkConf: { "spark. x": "1" } }, [{ code: "invalid-spark-conf", field: "sparkConf.spark. x" }]],
  ])("%s is refused by the schema", (_name, change, want) => {
    expect(issuesOf({ ...minimalSpark, ...change })).toEqual(want);
  });

  it.each([
    ["min above max", { dynamicAllocation: { minExecutors: 5, maxExecutors: 2 } }, [{ code: "invalid-executor-bounds", field: "dynamicAllocation.minExecutors" }]],
    ["initial outside the bounds", { dynamicAllocation: { minExecutors: 2, maxExecutors: 4, initialExecutors: 8 } }, [{ code: "invalid-executor-bounds", field: "dynamicAllocation.initialExecutors" }]],
    ["instances above max", { executor: { instances: 9 }, dynamicAllocation: { minExecutors: 1, maxExecutors: 4 } }, [{ code: "invalid-executor-bounds", field: "executor.instances" }]],
    ["cores above coreLimit", { driver: { cores: 2, coreLimit: "1500m" } }, [{ code: "request-above-limit", field: "driver.cores" }]],
    ["coreRequest above coreLimit", { executor: { coreRequest: "2", coreLimit: "1" } }, [{ code: "request-above-limit", field: "executor.coreRequest" }]],
    ["a mount of an undeclared volume", { mounts: [{ volume: "raw", path: "/data" }] }, [{ code: "undeclared-volume", field: "mounts.0.volume" }]],
    ["a template syntax error in an argument", { arguments: ["{{ ds "] }, [{ code: "invalid-template", field: "arguments.0" }]],
    ["an Airflow 2 only variable in a Spark property", { sparkConf: { "spark.x": "{{ execution_date }}" } }, [{ code: "unknown-template-variable", field: "sparkConf.spark.x" }]],
    ["an undeclared param in an env value", { env: { R: "{{ params.regoin }}" } }, [{ code: "unknown-param", field: "env.R" }]],
    ["a password in a Spark property", { hadoopConf: { "fs.s3a.secret.key": "hunter2" } }, [{ code: "credential-in-clear", field: "hadoopConf.fs.s3a.secret.key", severity: "warning" }]],
    ["a URL with a password in an argument", { arguments: ["--db", "postgres://etl:hunter2@db/x"] }, [{ code: "credential-in-clear", field: "arguments.1", severity: "warning" }]],
    ["an unpinned image", { image: "ghcr.io/acme/spark-jobs" }, [{ code: "unpinned-image", field: "image", severity: "warning" }]],
    ["bad affinity for the executors", { executor: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "gpu", operator: "In", values: [] }] }] } } } } }, [{ code: "invalid-affinity", field: "executor.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms.0.matchExpressions.0.values" }]],
  ])("%s is reported by the checks", (_name, change, want) => {
    expect(issuesOf({ ...minimalSpark, ...change })).toEqual(want);
  });
});
