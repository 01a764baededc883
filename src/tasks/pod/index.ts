import type { PodTaskOptions, ValidPodTaskOptions } from "./options";
import { checkAffinity } from "../container/affinity";
import { checkImagePinned, checkMounts, checkResources, mergeResources } from "../container/checks";
import { checkClearCredentials } from "../container/credentials";
import { templatedStrings } from "../container/templated-fields";
import type { TaskKind } from "../task-kind";
import { podBuilder, type PodBuilder } from "./builder";
import { buildPodTask, type PodTaskModel } from "./model";
import { podTaskSchema } from "./schema";
import { K8S_CONFIG } from "../container/view";
import { podTaskView, podUsesKubernetesModels } from "./view";

/**
 * The pod kind: one container in its own Kubernetes pod, a KubernetesPodOperator (`p.pod`, and `p.map` for a
 * pod per item). Its template partial is dag-templates/pod-task.py.hbs.
 */
export const podKind: TaskKind<"pod", PodTaskOptions, ValidPodTaskOptions, PodTaskModel, PodBuilder> = {
  name: "pod",
  builder: podBuilder,
  schema: podTaskSchema,
  check(task, { pipeline }) {
    const own = task.options;
    return [
      ...(own.resources ? checkResources(mergeResources(pipeline.defaults?.resources, own.resources), ["resources"]) : []),
      ...checkMounts(pipeline.volumes, own.mounts),
      ...checkAffinity(own.affinity, ["affinity"]),
      ...checkImagePinned(own.image),
      ...checkClearCredentials(own),
    ];
  },
  templatedStrings,
  build: buildPodTask,
  clusterUses: (task) => ({
    secrets: [
      ...task.env.flatMap((e) => (e.kind === "secretKey" ? [{ name: e.source, key: e.key }] : [])),
      ...task.envFrom.filter((s) => s.kind === "secret").map((s) => ({ name: s.name })),
    ],
    configMaps: [
      ...task.env.flatMap((e) => (e.kind === "configMapKey" ? [{ name: e.source, key: e.key }] : [])),
      ...task.envFrom.filter((s) => s.kind === "configMap").map((s) => ({ name: s.name })),
    ],
    claims: task.volumes.map((v) => ({ claimName: v.claimName, ...(v.create && { create: v.create }) })),
    serviceAccount: task.serviceAccount ?? "default",
    imagePullSecrets: task.imagePullSecrets,
    // The chart's pod-launcher role is exactly what KubernetesPodOperator needs.
    apiAccess: [],
  }),
  view: podTaskView,
  usesKubernetesModels: podUsesKubernetesModels,
  pythonImport: "from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator",
  reservedNames: ["KubernetesPodOperator", "k8s", "Configuration", K8S_CONFIG],
};

export type { PodTaskOptions, ValidPodTaskOptions } from "./options";
export type { PodBuilder, PodTaskWithResult } from "./builder";
export type { PodTaskModel } from "./model";
export type { PodTaskView } from "./view";
