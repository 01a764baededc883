/**
 * What every task shares, settable in a pipeline's `defaults`: the Airflow task settings and the Kubernetes settings
 * of the pod(s) a task launches, with the Kubernetes types they use. Each task kind (src/tasks/) adds its own options.
 */
import type { TaskNotify } from "./alerts";
import type { Duration } from "./duration";
import type { ConfigMapKeyRef, SecretKeyRef } from "./kubernetes-refs";

/** A Kubernetes quantity. @example "500m" | "1.5" | 2 | "512Mi" | "10Gi" */
export type Quantity = string | number;

/**
 * Amounts of compute for requests or limits. Extended resources such as GPUs use their full name.
 * @example { cpu: "500m", memory: "1Gi" }
 * @example { "nvidia.com/gpu": 1 }
 */
export interface ResourceList {
  /** CPU cores: `"250m"` is a quarter core. @example "500m" */
  readonly cpu?: Quantity;
  /** Memory in bytes, with binary (`Mi`, `Gi`) or decimal (`M`, `G`) suffixes. @example "2Gi" */
  readonly memory?: Quantity;
  /** Local scratch disk. @example "10Gi" */
  readonly ephemeralStorage?: Quantity;
  /** An extended resource, whole units only. @example "nvidia.com/gpu": 1 */
  readonly [extended: `${string}/${string}`]: Quantity | undefined;
}

/** Requests (what the scheduler reserves) and limits (the most the container may use). */
export interface Resources {
  /** @default none: the namespace's LimitRange decides @example { cpu: "500m", memory: "1Gi" } */
  readonly requests?: ResourceList;
  /** @default none @example { memory: "2Gi" } */
  readonly limits?: ResourceList;
}

/** A Kubernetes toleration, as in a pod spec. @example { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" } */
export interface Toleration {
  readonly key?: string;
  /** @default "Equal" */
  readonly operator?: "Exists" | "Equal";
  readonly value?: string;
  readonly effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  /** Only with effect `NoExecute`. */
  readonly tolerationSeconds?: number;
}

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  readonly values?: readonly string[];
}
export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
  readonly values?: readonly string[];
}
export interface NodeSelectorTerm {
  readonly matchExpressions?: readonly NodeSelectorRequirement[];
  readonly matchFields?: readonly NodeSelectorRequirement[];
}
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}
export interface PodAffinityTerm {
  readonly labelSelector?: LabelSelector;
  readonly namespaces?: readonly string[];
  readonly topologyKey: string;
}
export interface WeightedPodAffinityTerm {
  readonly weight: number;
  readonly podAffinityTerm: PodAffinityTerm;
}
export interface PodAffinity {
  readonly requiredDuringSchedulingIgnoredDuringExecution?: readonly PodAffinityTerm[];
  readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly WeightedPodAffinityTerm[];
}

/**
 * Kubernetes affinity, with the field names of a pod spec.
 * @example { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
 *   { matchExpressions: [{ key: "gpu", operator: "In", values: ["a100"] }] }] } } }
 */
export interface Affinity {
  readonly nodeAffinity?: {
    readonly requiredDuringSchedulingIgnoredDuringExecution?: { readonly nodeSelectorTerms: readonly NodeSelectorTerm[] };
    readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly {
      readonly weight: number;
      readonly preference: NodeSelectorTerm;
    }[];
  };
  readonly podAffinity?: PodAffinity;
  readonly podAntiAffinity?: PodAffinity;
}

/** What happens to the pod when the task ends (KubernetesPodOperator `on_finish_action`). */
export type PodCleanup = "delete_pod" | "delete_succeeded_pod" | "keep_pod";

/** When a task runs given the states of its upstream tasks (Airflow trigger rules valid on 2.11 and 3.x). */
export type TriggerRule =
  | "all_success"
  | "all_failed"
  | "all_done"
  | "all_skipped"
  | "one_success"
  | "one_failed"
  | "one_done"
  | "none_failed"
  | "none_skipped"
  | "none_failed_min_one_success"
  | "always";

/** Environment variable values: plain strings (Jinja templates allowed) or keys of Secrets and ConfigMaps. */
export type EnvValue = string | SecretKeyRef | ConfigMapKeyRef;

/** Settings that a pipeline's `defaults` can give every task, and a task can override. */
export interface TaskSettings {
  /** The task's owner, shown in the Airflow UI. @default the pipeline's `owner`, else "airflow" @example "data-platform" */
  readonly owner?: string;
  /** Namespace the pod runs in. @default the namespace Airflow runs in @example "data" */
  readonly namespace?: string;
  /** Service account of the launched pod. @default the namespace's "default" @example "etl-runner" */
  readonly serviceAccount?: string;
  /** Only schedule on nodes with these labels. Merged with the defaults. @example { "node-pool": "batch" } */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Tolerations of the pod. A task's list replaces the defaults'. @default [] */
  readonly tolerations?: readonly Toleration[];
  /** Affinity of the pod. A task's value replaces the defaults'. @default none */
  readonly affinity?: Affinity;
  /** Pod labels. Merged with the defaults. @example { team: "sales" } */
  readonly labels?: Readonly<Record<string, string>>;
  /** Pod annotations. Merged with the defaults. @example { "cluster-autoscaler.kubernetes.io/safe-to-evict": "false" } */
  readonly annotations?: Readonly<Record<string, string>>;
  /** @default the cluster's default ("IfNotPresent", or "Always" for `:latest`) */
  readonly imagePullPolicy?: "Always" | "IfNotPresent" | "Never";
  /** Names of Secrets holding registry credentials. @default [] @example ["ghcr-pull"] */
  readonly imagePullSecrets?: readonly string[];
  /** Resources of the container. A task's requests and limits are merged over the defaults'. */
  readonly resources?: Resources;
  /** Retries after a failure. @default Airflow's `[core] default_task_retries` (0) @example 3 */
  readonly retries?: number;
  /** Wait before a retry. @default Airflow's `[core] default_task_retry_delay` (5m) @example "5m" */
  readonly retryDelay?: Duration;
  /** Double the wait after each retry. @default false */
  readonly retryExponentialBackoff?: boolean;
  /** Upper bound of the wait with exponential backoff. @default none @example "1h" */
  readonly maxRetryDelay?: Duration;
  /** Fail the try when it runs longer than this. @default none @example "2h" */
  readonly executionTimeout?: Duration;
  /** Fail when the pod has not started within this time (image pull, scheduling). @default "2m" @example "10m" */
  readonly startupTimeout?: Duration;
  /** What happens to the pod when the task ends. @default "delete_pod" */
  readonly podCleanup?: PodCleanup;
  /** Airflow pool the task takes slots from. @default "default_pool" @example "warehouse" */
  readonly pool?: string;
  /** Slots taken from the pool. @default 1 */
  readonly poolSlots?: number;
  /** Priority among queued tasks; higher goes first. @default 1 */
  readonly priorityWeight?: number;
  /**
   * Who hears about the task's failure, retries or success (its callbacks). A task's value replaces the defaults'.
   * docs/alerts.md
   * @example { failure: email({ connection: "smtp_default", to: ["oncall@acme.example"], subject: "{{ ti.task_id }} failed", body: "{{ exception }}" }) }
   */
  readonly notify?: TaskNotify;
}
