import type { ProducesOption } from "../../dsl/asset";
import type { ResultSchema } from "../../dsl/result";
import type { EnvSource, Mount } from "../../dsl/kubernetes-refs";
import type { EnvValue, TaskSettings, TriggerRule } from "../../dsl/task-settings";
import type { DurationKey, ValidMount, WithSeconds } from "../shared/validated";

/** A task that runs one container in its own Kubernetes pod (a KubernetesPodOperator). */
export interface PodTaskOptions extends TaskSettings, ProducesOption {
  /** Container image, ideally pinned by tag or digest. Required. @example "ghcr.io/acme/extract:1.4.2" */
  readonly image: string;
  /** Replaces the image's entrypoint. Jinja templates allowed. @default the image's ENTRYPOINT @example ["python", "-m", "etl.extract"] */
  readonly command?: readonly string[];
  /** Arguments to the entrypoint. Jinja templates allowed. @default the image's CMD @example ["--date", "{{ ds }}"] */
  readonly args?: readonly string[];
  /**
   * Environment variables: plain values (Jinja allowed) or Secret/ConfigMap keys.
   * @example { LOG_LEVEL: "info", DB_PASSWORD: db.key("password"), SOURCE_URL: cfg.key("source_url") }
   */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /** Every key of these Secrets/ConfigMaps as variables. @default [] @example [cfg.all(), db.all({ prefix: "DB_" })] */
  readonly envFrom?: readonly EnvSource[];
  /** Volumes to mount. @default [] @example [raw.at("/data"), models.at("/models", { readOnly: true })] */
  readonly mounts?: readonly Mount[];
  /** Markdown shown as the task's documentation in the Airflow UI. @example "Pulls yesterday's orders." */
  readonly doc?: string;
  /** When the task runs given its upstream tasks' states. @default "all_success" */
  readonly triggerRule?: TriggerRule;
  /**
   * The JSON the container writes to `/airflow/xcom/return.json`, as a zod schema: Airflow's XCom sidecar
   * collects it, and downstream tasks read its fields as `task.result.<field>`. @default none (no sidecar)
   * @example z.object({ rows: z.number().int(), files: z.array(z.string()) })
   */
  readonly result?: ResultSchema;
}

/** A pod task's options as its schema returns them: durations in seconds. */
export type ValidPodTaskOptions = Omit<WithSeconds<PodTaskOptions, DurationKey>, "mounts"> & { readonly mounts?: readonly ValidMount[] };
