import { configMap, secret, volume, type VolumeClaim } from "../../../src/dsl/kubernetes-refs";
import type { TaskSettings } from "../../../src/dsl/task-settings";
import { buildSparkTask } from "../../../src/tasks/spark/build";
import { sparkTaskSchema } from "../../../src/tasks/spark/schema";
import { taskSettingsSchema } from "../../../src/tasks/container/schema";
import type { SparkTaskModel } from "../../../src/tasks/spark/model";
import type { SparkTaskOptions } from "../../../src/tasks/spark/options";

export const raw = volume.claim("etl-raw");
const db = secret("warehouse-db");
const cfg = configMap("etl-config");

/** Every option a Spark task has, set. */
export const fullSpark: SparkTaskOptions = {
  type: "Python",
  image: "ghcr.io/acme/spark-etl:3.5.5-1",
  mainApplicationFile: "local:///opt/app/transform.py",
  arguments: ["--date", "{{ ds }}", "--in", "/data/raw/{{ ds }}", "--format=json", "--schema", "/data/schema.yaml"],
  sparkVersion: "3.5.5",
  namespace: "data",
  serviceAccount: "spark",
  imagePullPolicy: "IfNotPresent",
  imagePullSecrets: ["ghcr-pull"],
  driver: { cores: 1, coreLimit: "1200m", memory: "2g", memoryOverhead: "512m", labels: { role: "driver" } },
  executor: {
    instances: 2,
    cores: 2,
    memory: "4g",
    gpu: { name: "nvidia.com/gpu", quantity: 1 },
    nodeSelector: { "node-pool": "gpu" },
    tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "gpu", operator: "In", values: ["a100"] }] }] } } },
  },
  dynamicAllocation: { minExecutors: 1, maxExecutors: 6, initialExecutors: 2, shuffleTrackingTimeout: "10m" },
  env: { LOG_LEVEL: "info", RUN_DATE: "{{ ds }}", DB_PASSWORD: db.key("password"), SOURCE_URL: cfg.key("source_url", { optional: true }) },
  envFrom: [cfg.all(), db.all({ prefix: "DB_" })],
  mounts: [raw.at("/data"), raw.at("/archive", { subPath: "archive", readOnly: true })],
  sparkConf: { "spark.sql.shuffle.partitions": "200", "spark.sql.sources.default": "json", "spark.app.run": "{{ run_id }}" },
  hadoopConf: { "fs.s3a.path.style.access": "true" },
  deps: { pyFiles: ["local:///opt/app/lib.zip"], jars: ["local:///opt/spark/jars/postgresql.jar"] },
  restartPolicy: { type: "OnFailure", onFailureRetries: 2, onFailureRetryInterval: "1m", onSubmissionFailureRetries: 3, onSubmissionFailureRetryInterval: "30s" },
  timeToLive: "1h",
  cleanup: "keep",
  nodeSelector: { "kubernetes.io/os": "linux" },
  labels: { team: "sales" },
  annotations: { "example.com/owner": "data" },
  owner: "data-platform",
  doc: "Joins orders with customers.",
  retries: 2,
  retryDelay: "5m",
  executionTimeout: "2h",
  startupTimeout: "10m",
  pool: "spark",
  poolSlots: 2,
  priorityWeight: 5,
  triggerRule: "all_done",
};

/** Only what a Spark task requires. */
export const minimalSpark: SparkTaskOptions = {
  type: "Scala",
  image: "ghcr.io/acme/spark-jobs:1.0.0",
  mainApplicationFile: "local:///opt/spark/jobs/etl.jar",
  mainClass: "com.acme.Etl",
  sparkVersion: "3.5.5",
};

/** A Spark task's model, built as the model stage builds it, at the top level of a pipeline. */
export function buildFixture(
  options: SparkTaskOptions,
  id: string,
  pipeline: { defaults?: TaskSettings; volumes?: readonly VolumeClaim[]; upstream?: readonly string[] } = {},
): SparkTaskModel {
  // Through the schemas, as the validate stage hands options to the model.
  return buildSparkTask({ options: sparkTaskSchema.parse(options) }, {
    defaults: taskSettingsSchema.parse(pipeline.defaults ?? {}),
    volumes: pipeline.volumes ?? [],
    base: { taskId: id, localId: id, sourceFile: "spark.pipeline.ts", sourceLine: 1, upstream: pipeline.upstream ?? [] },
  });
}
