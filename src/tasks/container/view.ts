import type { Toleration } from "../../dsl/task-settings";
import { pyBool, pyCall, pyDict, pyInt, pyStr, type PyExpr } from "../../python/python-literals";
import type { EnvFromModel, EnvVarModel, MountModel, ResourceListModel, VolumeModel } from "./model";

/** The `k8s.V1...` objects of a container's env, envFrom, tolerations and resources, as every container kind writes them. */
export function envVar(env: EnvVarModel): PyExpr {
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

export function envFromVar(source: EnvFromModel): PyExpr {
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
export function k8sModel(model: string, kwargs: Readonly<Record<string, PyExpr | undefined>>): PyExpr {
  return pyCall(model, { ...kwargs, local_vars_configuration: K8S_CONFIG });
}

export function resources(requestList: ResourceListModel, limitList: ResourceListModel): PyExpr | undefined {
  const requests = strDict(requestList);
  const limits = strDict(limitList);
  return requests || limits ? k8sModel("k8s.V1ResourceRequirements", { requests, limits }) : undefined;
}

export function strDict(record: Readonly<Record<string, string>>): PyExpr | undefined {
  return Object.keys(record).length === 0 ? undefined : pyDict(Object.entries(record).map(([k, v]) => [k, pyStr(v)]));
}

export function toleration(t: Toleration): PyExpr {
  const str = (value: string | undefined) => (value === undefined ? undefined : pyStr(value));
  return k8sModel("k8s.V1Toleration", {
    key: str(t.key),
    operator: str(t.operator),
    value: str(t.value),
    effect: str(t.effect),
    toleration_seconds: t.tolerationSeconds === undefined ? undefined : pyInt(t.tolerationSeconds),
  });
}

export function volume(v: VolumeModel): PyExpr {
  return k8sModel("k8s.V1Volume", {
    name: pyStr(v.name),
    persistent_volume_claim: k8sModel("k8s.V1PersistentVolumeClaimVolumeSource", { claim_name: pyStr(v.claimName) }),
  });
}

export function volumeMount(m: MountModel): PyExpr {
  return k8sModel("k8s.V1VolumeMount", {
    name: pyStr(m.volumeName),
    mount_path: pyStr(m.path),
    sub_path: m.subPath === undefined ? undefined : pyStr(m.subPath),
    read_only: pyBool(m.readOnly),
  });
}
