import type { TaskInputOf } from "../../dsl/pipeline";
import type { Affinity, PodCleanup, Toleration } from "../../dsl/task-settings";
import { freeText } from "../../knowledge/free-text";
import { dns1123LabelFrom } from "../../knowledge/kubernetes";
import { envFromModel, envModel, mountsModel, resourceList, type EnvFromModel, type EnvVarModel, type MountModel, type ResourceListModel, type VolumeModel } from "../container/model";
import { buildMapping } from "../shared/mapping";
import { definedOnly, sortedRecord } from "../shared/records";
import type { BuildContext, TaskModelBase } from "../task-kind";
import { airflowSettingsModel } from "../shared/airflow-settings";
import type { ValidPodTaskOptions } from "./options";
import type { ValidTaskSettings } from "../shared/validated";

/** One KubernetesPodOperator, resolved: defaults applied, durations in seconds, Kubernetes names as the API spells them. */
export interface PodTaskModel extends TaskModelBase<"pod"> {
  /** The container image, as written (a tag or a digest). */
  readonly image: string;
  /** Base name of the pod (DNS-1123); Airflow appends a random suffix per try. */
  readonly podName: string;
  readonly command?: readonly string[];
  /** Absent for a mapped task: its `mapping` gives each instance its args. */
  readonly args?: readonly string[];
  readonly env: readonly EnvVarModel[];
  readonly envFrom: readonly EnvFromModel[];
  readonly volumes: readonly VolumeModel[];
  readonly mounts: readonly MountModel[];
  readonly requests: ResourceListModel;
  readonly limits: ResourceListModel;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Toleration[];
  readonly affinity?: Affinity;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly imagePullPolicy?: "Always" | "IfNotPresent" | "Never";
  readonly imagePullSecrets: readonly string[];
  readonly startupTimeoutSeconds?: number;
  readonly podCleanup: PodCleanup;
}

export function buildPodTask(task: TaskInputOf<"pod", ValidPodTaskOptions>, { defaults, volumes, owner, base }: BuildContext): PodTaskModel {
  const own = task.options;
  const pick = <K extends keyof ValidTaskSettings>(key: K): ValidTaskSettings[K] => own[key] ?? defaults[key];
  const mapping = buildMapping(task, own.args);
  const optional = {
    group: base.group,
    mapping,
    command: own.command,
    args: mapping ? undefined : own.args,
    namespace: pick("namespace"),
    serviceAccount: pick("serviceAccount"),
    affinity: pick("affinity"),
    imagePullPolicy: pick("imagePullPolicy"),
    startupTimeoutSeconds: pick("startupTimeout"),
  };
  return {
    kind: "pod",
    taskId: base.taskId,
    localId: base.localId,
    pushesResult: own.result !== undefined,
    podName: podNameOf(base.taskId),
    sourceFile: base.sourceFile,
    sourceLine: base.sourceLine,
    upstream: base.upstream,
    image: own.image,
    ...definedOnly(optional),
    ...airflowSettingsModel(own, { defaults, owner }),
    env: envModel(own.env),
    envFrom: envFromModel(own.envFrom),
    ...mountsModel(own.mounts, volumes),
    requests: resourceList(defaults.resources?.requests, own.resources?.requests),
    limits: resourceList(defaults.resources?.limits, own.resources?.limits),
    nodeSelector: sortedRecord({ ...defaults.nodeSelector, ...own.nodeSelector }),
    tolerations: pick("tolerations") ?? [],
    labels: sortedRecord({ ...defaults.labels, ...own.labels }),
    annotations: sortedRecord({ ...defaults.annotations, ...own.annotations }),
    imagePullSecrets: pick("imagePullSecrets") ?? [],
    podCleanup: pick("podCleanup") ?? "delete_pod",
  };
}

/** A DNS-1123 pod name from a task id: lower case, "-" for anything else, at most 63 characters. */
export function podNameOf(taskId: string): string {
  return dns1123LabelFrom(taskId) || "task";
}
