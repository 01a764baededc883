import type { ClaimSpec } from "../dsl/kubernetes-refs";
import type { ParamJson } from "./params";
import type { LocalDateTime } from "../knowledge/dates";
import type { Affinity, PodCleanup, Toleration, TriggerRule } from "../dsl/pod-task";

/**
 * The validated, resolved model: defaults applied, ids resolved, tasks in topological order, durations in
 * seconds, Kubernetes names as the API spells them. Built once, deeply frozen, read by every renderer.
 */
export interface Pipeline {
  readonly dagId: string;
  /** The defining module, relative to the project root with "/" separators. */
  readonly sourceFile: string;
  readonly sourceLine: number;
  readonly description?: string;
  readonly docs?: string;
  readonly tags: readonly string[];
  readonly schedule: ScheduleModel;
  readonly timezone: string;
  readonly start: LocalDateTime;
  readonly end?: LocalDateTime;
  readonly catchup: boolean;
  readonly maxActiveRuns?: number;
  readonly maxActiveTasks?: number;
  readonly runTimeoutSeconds?: number;
  readonly pausedOnCreation?: boolean;
  /** Run parameters: Airflow `Param`s, in declaration order. */
  readonly params: readonly ParamJson[];
  /** Task groups, enclosing groups before the groups they hold. */
  readonly groups: readonly GroupModel[];
  readonly tasks: readonly PodTaskModel[];
}

export interface GroupModel {
  /** The full id: enclosing groups' ids and its own, joined by ".". */
  readonly groupId: string;
  readonly localId: string;
  /** The enclosing group's full id; none at the top level. */
  readonly parent?: string;
  readonly tooltip?: string;
}

/** One argument of a mapped task's pod, as text and the item (or one of its fields) in between. */
export type ArgTemplate = readonly ({ readonly text: string } | { readonly itemField: string | null })[];

/** How a mapped task's instances get their `args`: one list per item. */
export type MappingModel =
  | { readonly kind: "static"; readonly argsPerItem: readonly (readonly string[])[]; readonly maxParallel?: number }
  | { readonly kind: "result"; readonly sourceTaskId: string; readonly args: readonly ArgTemplate[]; readonly maxParallel?: number };

export type ScheduleModel =
  | { readonly kind: "cron"; readonly expression: string; readonly dataInterval: boolean }
  | { readonly kind: "interval"; readonly seconds: number; readonly dataInterval: boolean }
  | { readonly kind: "once" | "continuous" | "none" };

export type EnvVarModel =
  | { readonly name: string; readonly kind: "value"; readonly value: string }
  | { readonly name: string; readonly kind: "secretKey" | "configMapKey"; readonly source: string; readonly key: string; readonly optional: boolean };

export interface EnvFromModel {
  readonly kind: "secret" | "configMap";
  readonly name: string;
  readonly prefix: string;
  readonly optional: boolean;
}

export interface VolumeModel {
  readonly name: string;
  readonly claimName: string;
  /** Set when airflow-ts creates the claim (generated/k8s/). */
  readonly create?: ClaimSpec;
}

export interface MountModel {
  readonly volumeName: string;
  readonly path: string;
  readonly subPath?: string;
  readonly readOnly: boolean;
}

/** Kubernetes resource names ("cpu", "memory", "ephemeral-storage", "nvidia.com/gpu") to quantity strings. */
export type ResourceListModel = Readonly<Record<string, string>>;

export interface PodTaskModel {
  readonly kind: "pod";
  /** The Airflow task id, with its groups' ids as prefix: "regions.emea". */
  readonly taskId: string;
  /** The id within its group, as the operator is given it. */
  readonly localId: string;
  /** The full id of the innermost group holding the task. */
  readonly group?: string;
  /** Whether the pod writes a result that the XCom sidecar pushes (`do_xcom_push`). */
  readonly pushesResult: boolean;
  /** Set for a mapped task (`p.map`): its `args` are expanded per item instead of `args`. */
  readonly mapping?: MappingModel;
  /** Base name of the pod (DNS-1123); Airflow appends a random suffix per try. */
  readonly podName: string;
  /** The module whose `p.pod(...)` call made the task (a helper module, for tasks made by a helper). */
  readonly sourceFile: string;
  readonly sourceLine: number;
  readonly upstream: readonly string[];
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env: readonly EnvVarModel[];
  readonly envFrom: readonly EnvFromModel[];
  readonly volumes: readonly VolumeModel[];
  readonly mounts: readonly MountModel[];
  readonly requests: ResourceListModel;
  readonly limits: ResourceListModel;
  readonly namespace?: string;
  readonly serviceAccount?: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  readonly affinity?: Affinity;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly imagePullPolicy?: "Always" | "IfNotPresent" | "Never";
  readonly imagePullSecrets: readonly string[];
  readonly owner?: string;
  readonly doc?: string;
  readonly retries?: number;
  readonly retryDelaySeconds?: number;
  readonly retryExponentialBackoff?: boolean;
  readonly maxRetryDelaySeconds?: number;
  readonly executionTimeoutSeconds?: number;
  readonly startupTimeoutSeconds?: number;
  readonly podCleanup: PodCleanup;
  readonly pool?: string;
  readonly poolSlots?: number;
  readonly priorityWeight?: number;
  readonly triggerRule?: TriggerRule;
}
