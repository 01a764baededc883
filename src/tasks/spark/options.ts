import type { ProducesOption } from "../../dsl/asset";
import type { Duration } from "../../dsl/duration";
import type { EnvSource, Mount } from "../../dsl/kubernetes-refs";
import type { Affinity, EnvValue, Quantity, TaskSettings, Toleration, TriggerRule } from "../../dsl/task-settings";

/**
 * A Spark memory amount, as `spark.driver.memory` reads it: a whole number with a binary unit `k`, `m`, `g`, `t`
 * (1024-based; `kb`, `mb`, `gb`, `tb` mean the same). Not a Kubernetes quantity: Spark wants `4g`, not `4Gi`.
 * @example "512m" | "4g"
 */
export type SparkMemory = string;

/** A GPU (or other extended resource) for the driver or each executor. */
export interface SparkGpu {
  /** The extended resource's name. @example "nvidia.com/gpu" */
  readonly name: string;
  /** Whole units per pod. @example 1 */
  readonly quantity: number;
}

/** What the driver and the executors share: size and placement of one pod. */
export interface SparkPodOptions {
  /** CPU cores (`spark.driver.cores` / `spark.executor.cores`), whole cores. @default 1 @example 2 */
  readonly cores?: number;
  /** CPU request of the pod, as a Kubernetes quantity; overrides `cores` for scheduling. @default `cores` @example "500m" */
  readonly coreRequest?: Quantity;
  /** Hard CPU limit of the pod, as a Kubernetes quantity. @default none @example "2" */
  readonly coreLimit?: Quantity;
  /** Heap memory (`spark.driver.memory` / `spark.executor.memory`). @default Spark's "1g" @example "4g" */
  readonly memory?: SparkMemory;
  /** Off-heap memory added to the pod's request. @default Spark's 10% of `memory` (at least "384m") @example "1g" */
  readonly memoryOverhead?: SparkMemory;
  /** GPUs per pod. @default none @example { name: "nvidia.com/gpu", quantity: 1 } */
  readonly gpu?: SparkGpu;
  /** Service account of the pod (the driver's must be allowed to create executor pods). @default the task's `serviceAccount` @example "spark" */
  readonly serviceAccount?: string;
  /** Only schedule on nodes with these labels; merged over the task's. @example { "node-pool": "spark" } */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Tolerations; replaces the task's. @default the task's */
  readonly tolerations?: readonly Toleration[];
  /** Affinity; replaces the task's. @default the task's */
  readonly affinity?: Affinity;
  /** Pod labels; merged over the task's. @example { role: "driver" } */
  readonly labels?: Readonly<Record<string, string>>;
  /** Pod annotations; merged over the task's. @example { "example.com/team": "sales" } */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The driver pod. */
export type SparkDriverOptions = SparkPodOptions;

/** The executor pods. */
export interface SparkExecutorOptions extends SparkPodOptions {
  /** Executors to run (with `dynamicAllocation`: at least this many to start with). @default 1 @example 4 */
  readonly instances?: number;
}

/** Let Spark add and remove executors with the load (Spark 3.0+, with shuffle tracking). */
export interface SparkDynamicAllocation {
  /** Fewest executors. The provider's operator refuses 0. @example 1 */
  readonly minExecutors: number;
  /** Most executors. @example 10 */
  readonly maxExecutors: number;
  /** Executors at start, between min and max. @default `minExecutors` @example 2 */
  readonly initialExecutors?: number;
  /** Keep executors holding shuffle data at most this long. @default Spark's (infinite) @example "10m" */
  readonly shuffleTrackingTimeout?: Duration;
}

/** Files the application needs, downloaded by spark-submit (`local://` paths are already in the image). */
export interface SparkDeps {
  /** Jars on the driver's and executors' class path. @default [] @example ["local:///opt/spark/jars/postgresql.jar"] */
  readonly jars?: readonly string[];
  /** Files placed in each executor's working directory. @default [] @example ["s3a://acme/conf/app.conf"] */
  readonly files?: readonly string[];
  /** Python files (`.py`, `.zip`, `.egg`) on the Python path. @default [] @example ["local:///opt/app/lib.zip"] */
  readonly pyFiles?: readonly string[];
  /** Maven coordinates to resolve. @default [] @example ["org.apache.hadoop:hadoop-aws:3.3.4"] */
  readonly packages?: readonly string[];
  /** Extra Maven repositories for `packages`. @default [] @example ["https://repo.acme.com/maven"] */
  readonly repositories?: readonly string[];
  /** Archives extracted into each executor's working directory. @default [] @example ["local:///opt/app/env.tar.gz#env"] */
  readonly archives?: readonly string[];
}

/** Whether the Spark operator restarts the application itself (on top of the task's Airflow `retries`). */
export type SparkRestartPolicy =
  | { readonly type: "Never" }
  | {
      readonly type: "OnFailure";
      /** Runs retried after a failed run. @default the Spark operator's (0) @example 2 */
      readonly onFailureRetries?: number;
      /** Wait between them. @default the Spark operator's (5s) @example "1m" */
      readonly onFailureRetryInterval?: Duration;
      /** Retries of a submission spark-submit failed. @default the Spark operator's (0) @example 3 */
      readonly onSubmissionFailureRetries?: number;
      /** Wait between them. @default the Spark operator's (5s) @example "30s" */
      readonly onSubmissionFailureRetryInterval?: Duration;
    };

/** Settings of a pipeline's `defaults` a Spark task uses: Spark sizes pods with cores and memory, not `resources`. */
export type SparkTaskSettings = Omit<TaskSettings, "resources" | "podCleanup">;

/**
 * A Spark application on Kubernetes (the Kubeflow Spark operator's `SparkApplication`), submitted and watched by
 * the cncf-kubernetes provider's `SparkKubernetesOperator`.
 */
export interface SparkTaskOptions extends SparkTaskSettings, ProducesOption {
  /** The application's language. Required. @example "Python" */
  readonly type: "Scala" | "Java" | "Python" | "R";
  /** The image of the driver and executors (Spark installed). Required. @example "ghcr.io/acme/spark-etl:3.5.5-1" */
  readonly image: string;
  /** The jar, `.py` or `.R` file to run; `local://` for a path in the image. Required. @example "local:///opt/app/transform.py" */
  readonly mainApplicationFile: string;
  /** The class to run, for Scala and Java. @default the jar's manifest @example "com.acme.etl.Transform" */
  readonly mainClass?: string;
  /** Arguments to the application. Jinja templates allowed. @default [] @example ["--date", "{{ ds }}"] */
  readonly arguments?: readonly string[];
  /** The Spark version of the image. Required. @example "3.5.5" */
  readonly sparkVersion: string;
  /** The driver pod. @default Spark's defaults (1 core, 1g) @example { cores: 1, memory: "2g" } */
  readonly driver?: SparkDriverOptions;
  /** The executor pods. @default one executor, Spark's defaults @example { instances: 4, cores: 2, memory: "4g" } */
  readonly executor?: SparkExecutorOptions;
  /** Scale executors with the load between bounds. @default none (`executor.instances` executors) @example { minExecutors: 1, maxExecutors: 10 } */
  readonly dynamicAllocation?: SparkDynamicAllocation;
  /**
   * Environment variables of the driver and the executors: plain values (Jinja allowed) or Secret/ConfigMap keys.
   * @example { LOG_LEVEL: "info", DB_PASSWORD: db.key("password") }
   */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /** Every key of these Secrets/ConfigMaps as variables of the driver and the executors. @default [] @example [cfg.all()] */
  readonly envFrom?: readonly EnvSource[];
  /** Volumes mounted into the driver and the executors. @default [] @example [raw.at("/data")] */
  readonly mounts?: readonly Mount[];
  /** Spark properties (`--conf`). Jinja allowed in values. @default {} @example { "spark.sql.shuffle.partitions": "200" } */
  readonly sparkConf?: Readonly<Record<string, string>>;
  /** Hadoop properties (`spark.hadoop.` is added). Jinja allowed in values. @default {} @example { "fs.s3a.path.style.access": "true" } */
  readonly hadoopConf?: Readonly<Record<string, string>>;
  /** Jars, files and Python files to fetch. @default none @example { pyFiles: ["local:///opt/app/lib.zip"] } */
  readonly deps?: SparkDeps;
  /** Whether the Spark operator itself reruns a failed application. @default { type: "Never" } (Airflow's `retries` rerun the task) */
  readonly restartPolicy?: SparkRestartPolicy;
  /** Delete the finished SparkApplication after this long. @default kept until the task deletes it @example "1h" */
  readonly timeToLive?: Duration;
  /** What the task does with the SparkApplication when it ends: delete it, or keep it to read its logs. @default "delete" */
  readonly cleanup?: "delete" | "keep";
  /** Markdown shown as the task's documentation in the Airflow UI. @example "Joins orders with customers." */
  readonly doc?: string;
  /** When the task runs given its upstream tasks' states. @default "all_success" */
  readonly triggerRule?: TriggerRule;
}
