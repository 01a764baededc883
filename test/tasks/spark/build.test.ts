import { describe, expect, it } from "vitest";
import { applicationNameOf } from "../../../src/tasks/spark/build";
import { sparkClusterUses } from "../../../src/tasks/spark/cluster-uses";
import { checkAgainstCrd } from "../../../src/tasks/spark/crd-schema";
import { buildFixture, fullSpark, minimalSpark, raw } from "./fixtures";


describe("the SparkApplication of a Spark task", () => {
  it("holds only what a minimal task says, in the operator's namespace by default", () => {
    const model = buildFixture(minimalSpark, "etl");
    expect(model.namespace).toBe("default");
    expect(model.application).toEqual({
      apiVersion: "sparkoperator.k8s.io/v1beta2",
      kind: "SparkApplication",
      metadata: { name: "etl", namespace: "default" },
      spec: {
        type: "Scala",
        sparkVersion: "3.5.5",
        image: "ghcr.io/acme/spark-jobs:1.0.0",
        mainApplicationFile: "local:///opt/spark/jobs/etl.jar",
        mainClass: "com.acme.Etl",
        restartPolicy: { type: "Never" },
        driver: {},
        executor: {},
      },
    });
    expect(checkAgainstCrd(model.application)).toEqual([]);
  });

  it("maps every option to its field, role settings over the task's over the defaults'", () => {
    const defaults = { serviceAccount: "default-sa", labels: { tier: "batch" }, retries: 9, nodeSelector: { zone: "a" }, tolerations: [{ key: "batch", operator: "Exists" as const }] };
    const model = buildFixture(fullSpark, "transform", { defaults, volumes: [raw], upstream: ["extract"] });
    const { spec } = model.application;
    expect(spec.arguments).toEqual(fullSpark.arguments);
    expect(spec.volumes).toEqual([{ name: "etl-raw", persistentVolumeClaim: { claimName: "etl-raw" } }]);
    expect(spec.dynamicAllocation).toEqual({ enabled: true, minExecutors: 1, maxExecutors: 6, initialExecutors: 2, shuffleTrackingTimeout: 600 });
    expect(spec.restartPolicy).toEqual({ type: "OnFailure", onFailureRetries: 2, onFailureRetryInterval: 60, onSubmissionFailureRetries: 3, onSubmissionFailureRetryInterval: 30 });
    expect(spec.timeToLiveSeconds).toBe(3600);
    expect(spec.imagePullSecrets).toEqual(["ghcr-pull"]);
    expect(spec.deps).toEqual({ jars: ["local:///opt/spark/jars/postgresql.jar"], pyFiles: ["local:///opt/app/lib.zip"] });
    expect(spec.driver).toEqual({
      cores: 1,
      coreLimit: "1200m",
      memory: "2g",
      memoryOverhead: "512m",
      serviceAccount: "spark",
      env: [
        { name: "LOG_LEVEL", value: "info" },
        { name: "RUN_DATE", value: "{{ ds }}" },
        { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "warehouse-db", key: "password" } } },
        { name: "SOURCE_URL", valueFrom: { configMapKeyRef: { name: "etl-config", key: "source_url", optional: true } } },
      ],
      envFrom: [{ configMapRef: { name: "etl-config" } }, { secretRef: { name: "warehouse-db" }, prefix: "DB_" }],
      volumeMounts: [{ name: "etl-raw", mountPath: "/data" }, { name: "etl-raw", mountPath: "/archive", subPath: "archive", readOnly: true }],
      nodeSelector: { "kubernetes.io/os": "linux", zone: "a" },
      tolerations: [{ key: "batch", operator: "Exists" }],
      labels: { role: "driver", team: "sales", tier: "batch" },
      annotations: { "example.com/owner": "data" },
    });
    expect(spec.executor).toMatchObject({
      instances: 2,
      gpu: { name: "nvidia.com/gpu", quantity: 1 },
      nodeSelector: { "kubernetes.io/os": "linux", "node-pool": "gpu", zone: "a" },
      tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
      labels: { team: "sales", tier: "batch" },
    });
    expect(model).toMatchObject({ namespace: "data", retries: 2, retryDelaySeconds: 300, executionTimeoutSeconds: 7200, startupTimeoutSeconds: 600, deleteOnTermination: false, upstream: ["extract"], claims: [{ name: "etl-raw", claimName: "etl-raw" }] });
    expect(checkAgainstCrd(model.application)).toEqual([]);
  });

  it.each([
    ["transform", "transform"],
    ["regions.EMEA_load", "regions-emea-load"],
    ["2026_daily", "spark-2026-daily"],
  ])("names %s's application %s (a DNS-1123 label starting with a letter)", (id, want) => {
    expect(applicationNameOf(id)).toBe(want);
  });
});

describe("what a Spark task needs in the cluster", () => {
  it("reads the Secrets, ConfigMaps, claims, service account and pull Secrets off its SparkApplication", () => {
    expect(sparkClusterUses(buildFixture(fullSpark, "transform", { volumes: [raw] }))).toEqual({
      secrets: [{ name: "warehouse-db", key: "password" }, { name: "warehouse-db" }],
      configMaps: [{ name: "etl-config", key: "source_url" }, { name: "etl-config" }],
      claims: [{ claimName: "etl-raw" }],
      serviceAccount: "spark",
      imagePullSecrets: ["ghcr-pull"],
      // The Airflow worker creates, watches and deletes the SparkApplication: the task-launcher Role grants this.
      apiAccess: [
        { group: "sparkoperator.k8s.io", resource: "sparkapplications", verbs: ["create", "delete", "get"] },
        { group: "sparkoperator.k8s.io", resource: "sparkapplications/status", verbs: ["get"] },
      ],
    });
    expect(sparkClusterUses(buildFixture(minimalSpark, "etl"))).toMatchObject({ secrets: [], configMaps: [], claims: [], serviceAccount: "default", imagePullSecrets: [] });
  });
});
