import { argViews, baseOperatorArgs } from "../shared/operator-view";
import { formatPy, pyBool, pyInt, pyList, pyStr, pyValue, type PyExpr } from "../../python/python-literals";
import { envFromVar, envVar, k8sModel, resources, strDict, toleration, volume, volumeMount } from "../container/view";
import type { ArgView, ShareObject, TaskNames } from "../task-kind";
import type { PodTaskModel } from "./model";

/** What `dag-templates/pod-task.py.hbs` sees: one KubernetesPodOperator, or a mapped one (`.partial(...).expand(...)`). */
export interface PodTaskView {
  readonly partial: "pod-task";
  readonly variable: string;
  readonly source: string;
  readonly args: readonly ArgView[];
  /** For a mapped task: the `arguments` it is expanded over; false otherwise. */
  readonly expand: string | false;
}

/** Python arguments start inside `with DAG(...)` and the operator call: two levels deep. */
const INDENT = "        ";

/** `share`: the DAG file's Kubernetes objects built once; each task refers to them in lists of its own. */
export function podTaskView(task: PodTaskModel, names: TaskNames, share: ShareObject): PodTaskView {
  const str = (value: string | undefined) => (value === undefined ? undefined : pyStr(value));
  const int = (value: number | undefined) => (value === undefined ? undefined : pyInt(value));
  const strList = (values: readonly string[] | undefined) => (values === undefined ? undefined : pyList(values.map(pyStr)));
  const nonEmpty = (items: readonly PyExpr[]) => (items.length === 0 ? undefined : pyList(items));

  const args: Record<string, PyExpr | undefined> = {
    // The group adds its id as a prefix: the operator gets the id within the group.
    task_id: pyStr(task.localId),
    task_group: names.groupVariable,
    name: pyStr(task.podName),
    image: pyStr(task.image),
    cmds: strList(task.command),
    arguments: strList(task.args),
    env_vars: nonEmpty(task.env.map((e) => share(envVar(e), `ENV_${e.name}`))),
    env_from: nonEmpty(task.envFrom.map((e) => share(envFromVar(e), `ENV_FROM_${e.name}`))),
    volumes: nonEmpty(task.volumes.map((v) => share(volume(v), `VOLUME_${v.name}`))),
    volume_mounts: nonEmpty(task.mounts.map((m) => share(volumeMount(m), `MOUNT_${m.volumeName}`))),
    container_resources: sharedIfAny(resources(task.requests, task.limits), (r) => share(r, "RESOURCES")),
    namespace: str(task.namespace),
    service_account_name: str(task.serviceAccount),
    node_selector: strDict(task.nodeSelector),
    tolerations: nonEmpty(task.tolerations.map((t) => share(toleration(t), `TOLERATION_${t.key ?? "ANY"}`))),
    // KubernetesPodOperator deserializes a dict with the pod spec's own (camelCase) field names.
    affinity: task.affinity === undefined ? undefined : pyValue(task.affinity),
    labels: strDict(task.labels),
    annotations: strDict(task.annotations),
    image_pull_policy: str(task.imagePullPolicy),
    image_pull_secrets: nonEmpty(task.imagePullSecrets.map((name) => share(k8sModel("k8s.V1LocalObjectReference", { name: pyStr(name) }), `PULL_SECRET_${name}`))),
    startup_timeout_seconds: int(task.startupTimeoutSeconds),
    on_finish_action: pyStr(task.podCleanup),
    ...baseOperatorArgs(task, names, {
      outlets: names.outlets,
      // The sidecar reads /airflow/xcom/return.json when the container ends and pushes it as the task's XCom.
      do_xcom_push: task.pushesResult ? pyBool(true) : undefined,
      max_active_tis_per_dagrun: int(task.mapping?.maxParallel),
    }),
  };
  return {
    partial: "pod-task",
    variable: names.variable,
    source: `${task.sourceFile}:${task.sourceLine}`,
    expand: expandArguments(task, names),
    args: argViews(args),
  };
}

/** A literal list of each item's args, or the upstream result mapped through the task's item function. */
function expandArguments(task: PodTaskModel, names: TaskNames): string | false {
  const mapping = task.mapping;
  if (!mapping) return false;
  if (mapping.kind === "static") return formatPy(pyList(mapping.argsPerItem.map((args) => pyList(args.map(pyStr)))), INDENT);
  return `${names.sourceVariable}.output.map(${names.itemFunction})`;
}

function sharedIfAny(expr: PyExpr | undefined, share: (e: PyExpr) => PyExpr): PyExpr | undefined {
  return expr === undefined ? undefined : share(expr);
}

/** Whether the view writes any `k8s.V1...` object for this task. */
export function podUsesKubernetesModels(t: PodTaskModel): boolean {
  return (
    [t.env, t.envFrom, t.volumes, t.mounts, t.tolerations, t.imagePullSecrets].some((list) => list.length > 0) ||
    Object.keys(t.requests).length + Object.keys(t.limits).length > 0
  );
}
