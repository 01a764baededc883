import type { ArgTemplate, PodTaskModel } from "../model/pipeline";
import { withProvenance } from "./provenance";
import type { SharedK8sObjects } from "./shared-k8s-objects";
import { formatPy, pyBool, pyCall, pyDict, pyInt, pyList, pyStr, pyTimedelta, pyValue, type PyExpr } from "../python/python-literals";

/** A keyword argument as the template prints it: `name=value,`. */
export interface ArgView {
  readonly name: string;
  readonly value: string;
}

/** What `dag-templates/pod-task.py.hbs` sees: one KubernetesPodOperator, or a mapped one (`.partial(...).expand(...)`). */
export interface PodTaskView {
  readonly variable: string;
  readonly source: string;
  readonly args: readonly ArgView[];
  /** For a mapped task: the `arguments` it is expanded over; false otherwise. */
  readonly expand: string | false;
}

/** The Python names a task's arguments refer to: its group's, its mapping source's and its item function's. */
export interface TaskNames {
  readonly variable: string;
  readonly groupVariable?: string;
  readonly sourceVariable?: string;
  readonly itemFunction?: string;
}

/** Python arguments start inside `with DAG(...)` and the operator call: two levels deep. */
const INDENT = "        ";

/** `shared`: the DAG file's Kubernetes objects built once; each task refers to them in lists of its own. */
export function podTaskView(task: PodTaskModel, names: TaskNames, shared: SharedK8sObjects): PodTaskView {
  const str = (value: string | undefined) => (value === undefined ? undefined : pyStr(value));
  const int = (value: number | undefined) => (value === undefined ? undefined : pyInt(value));
  const delta = (seconds: number | undefined) => (seconds === undefined ? undefined : pyTimedelta(seconds));
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
    env_vars: nonEmpty(task.env.map((e) => shared.share(envVar(e), `ENV_${e.name}`))),
    env_from: nonEmpty(task.envFrom.map((e) => shared.share(envFrom(e), `ENV_FROM_${e.name}`))),
    volumes: nonEmpty(task.volumes.map((v) => shared.share(k8sModel("k8s.V1Volume", {
      name: pyStr(v.name),
      persistent_volume_claim: k8sModel("k8s.V1PersistentVolumeClaimVolumeSource", { claim_name: pyStr(v.claimName) }),
    }), `VOLUME_${v.name}`))),
    volume_mounts: nonEmpty(task.mounts.map((m) => shared.share(k8sModel("k8s.V1VolumeMount", {
      name: pyStr(m.volumeName),
      mount_path: pyStr(m.path),
      sub_path: str(m.subPath),
      read_only: pyBool(m.readOnly),
    }), `MOUNT_${m.volumeName}`))),
    container_resources: sharedIfAny(resources(task), (r) => shared.share(r, "RESOURCES")),
    namespace: str(task.namespace),
    service_account_name: str(task.serviceAccount),
    node_selector: strDict(task.nodeSelector),
    tolerations: nonEmpty(task.tolerations.map((t) => shared.share(k8sModel("k8s.V1Toleration", {
      key: str(t.key),
      operator: str(t.operator),
      value: str(t.value),
      effect: str(t.effect),
      toleration_seconds: int(t.tolerationSeconds),
    }), `TOLERATION_${t.key ?? "ANY"}`))),
    // KubernetesPodOperator deserializes a dict with the pod spec's own (camelCase) field names.
    affinity: task.affinity === undefined ? undefined : pyValue(task.affinity),
    labels: strDict(task.labels),
    annotations: strDict(task.annotations),
    image_pull_policy: str(task.imagePullPolicy),
    image_pull_secrets: nonEmpty(task.imagePullSecrets.map((name) => shared.share(k8sModel("k8s.V1LocalObjectReference", { name: pyStr(name) }), `PULL_SECRET_${name}`))),
    owner: str(task.owner),
    doc_md: pyStr(withProvenance(task.doc, task.sourceFile, task.sourceLine)),
    retries: int(task.retries),
    retry_delay: delta(task.retryDelaySeconds),
    retry_exponential_backoff: task.retryExponentialBackoff === undefined ? undefined : pyBool(task.retryExponentialBackoff),
    max_retry_delay: delta(task.maxRetryDelaySeconds),
    execution_timeout: delta(task.executionTimeoutSeconds),
    startup_timeout_seconds: int(task.startupTimeoutSeconds),
    on_finish_action: pyStr(task.podCleanup),
    pool: str(task.pool),
    pool_slots: int(task.poolSlots),
    priority_weight: int(task.priorityWeight),
    trigger_rule: str(task.triggerRule),
    // The sidecar reads /airflow/xcom/return.json when the container ends and pushes it as the task's XCom.
    do_xcom_push: task.pushesResult ? pyBool(true) : undefined,
    max_active_tis_per_dagrun: int(task.mapping?.maxParallel),
  };
  return {
    variable: names.variable,
    source: `${task.sourceFile}:${task.sourceLine}`,
    expand: expandArguments(task, names),
    args: Object.entries(args)
      .filter((entry): entry is [string, PyExpr] => entry[1] !== undefined)
      .map(([name, value]) => ({ name, value: formatPy(value, INDENT) })),
  };
}

/** A literal list of each item's args, or the upstream result mapped through the task's item function. */
function expandArguments(task: PodTaskModel, names: TaskNames): string | false {
  const mapping = task.mapping;
  if (!mapping) return false;
  if (mapping.kind === "static") return formatPy(pyList(mapping.argsPerItem.map((args) => pyList(args.map(pyStr)))), INDENT);
  return `${names.sourceVariable}.output.map(${names.itemFunction})`;
}

/**
 * The body of a mapped task's item function: its args with the item's value (or a field of it) in place.
 * Only literals and `str(item[...])` are written: user text never becomes code.
 */
export function itemArgsExpression(args: readonly ArgTemplate[]): string {
  const argument = (arg: ArgTemplate) =>
    arg.map((part) => ("text" in part ? pyStr(part.text) : part.itemField === null ? "str(item)" : `str(item[${pyStr(part.itemField)}])`)).join(" + ");
  return formatPy(pyList(args.map(argument)), "    ");
}

function envVar(env: PodTaskModel["env"][number]): PyExpr {
  if (env.kind === "value") return k8sModel("k8s.V1EnvVar", { name: pyStr(env.name), value: pyStr(env.value) });
  const selector =
    env.kind === "secretKey"
      ? { secret_key_ref: k8sModel("k8s.V1SecretKeySelector", keySelector(env)) }
      : { config_map_key_ref: k8sModel("k8s.V1ConfigMapKeySelector", keySelector(env)) };
  return k8sModel("k8s.V1EnvVar", { name: pyStr(env.name), value_from: k8sModel("k8s.V1EnvVarSource", selector) });
}

function keySelector(env: { source: string; key: string; optional: boolean }) {
  return { name: pyStr(env.source), key: pyStr(env.key), optional: env.optional ? "True" : undefined };
}

function envFrom(source: PodTaskModel["envFrom"][number]): PyExpr {
  const ref = { name: pyStr(source.name), optional: source.optional ? "True" : undefined };
  return k8sModel("k8s.V1EnvFromSource", {
    ...(source.kind === "secret"
      ? { secret_ref: k8sModel("k8s.V1SecretEnvSource", ref) }
      : { config_map_ref: k8sModel("k8s.V1ConfigMapEnvSource", ref) }),
    prefix: source.prefix === "" ? undefined : pyStr(source.prefix),
  });
}

/** The module's one kubernetes client Configuration, which every model object is given (see dag.py.hbs). */
export const K8S_CONFIG = "_K8S_CONFIG";

/**
 * A kubernetes model object. Given no Configuration, each one builds its own (about 0.2 ms: its logger set-up
 * clears every logger cache in the process), the largest cost of parsing a DAG file of pod tasks; given the
 * module's, none does.
 */
function k8sModel(model: string, kwargs: Readonly<Record<string, PyExpr | undefined>>): PyExpr {
  return pyCall(model, { ...kwargs, local_vars_configuration: K8S_CONFIG });
}

function sharedIfAny(expr: PyExpr | undefined, share: (e: PyExpr) => PyExpr): PyExpr | undefined {
  return expr === undefined ? undefined : share(expr);
}

function resources(task: PodTaskModel): PyExpr | undefined {
  const requests = strDict(task.requests);
  const limits = strDict(task.limits);
  return requests || limits ? k8sModel("k8s.V1ResourceRequirements", { requests, limits }) : undefined;
}

function strDict(record: Readonly<Record<string, string>>): PyExpr | undefined {
  return Object.keys(record).length === 0 ? undefined : pyDict(Object.entries(record).map(([k, v]) => [k, pyStr(v)]));
}
