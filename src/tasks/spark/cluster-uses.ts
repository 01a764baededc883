import type { ClaimSpec } from "../../dsl/kubernetes-refs";
import type { ApiAccess } from "../task-kind";
import type { SparkEnvFrom, SparkEnvVar, SparkTaskModel } from "./model";

/** The Kubernetes objects a Spark task needs besides its namespace and pool, read off its SparkApplication. */
export interface SparkClusterUses {
  readonly secrets: readonly { readonly name: string; readonly key?: string }[];
  readonly configMaps: readonly { readonly name: string; readonly key?: string }[];
  readonly claims: readonly { readonly claimName: string; readonly create?: ClaimSpec }[];
  /** The driver's service account ("default" when none is set): it creates the executor pods. */
  readonly serviceAccount: string;
  readonly imagePullSecrets: readonly string[];
  readonly apiAccess: readonly ApiAccess[];
}

/**
 * What SparkKubernetesOperator does with SparkApplications (provider 10.25.0, operators/custom_object_launcher.py):
 * creates one (create_namespaced_custom_object), polls its status (get_namespaced_custom_object_status: the status
 * subresource) and deletes it when the task ends (delete_namespaced_custom_object). The driver pod it then watches
 * and reads the logs of is covered by the pod-launcher role.
 */
export const SPARK_API_ACCESS: readonly ApiAccess[] = [
  { group: "sparkoperator.k8s.io", resource: "sparkapplications", verbs: ["create", "delete", "get"] },
  { group: "sparkoperator.k8s.io", resource: "sparkapplications/status", verbs: ["get"] },
];

export function sparkClusterUses(task: SparkTaskModel): SparkClusterUses {
  const { spec } = task.application;
  // Both roles get the same env today; reading both keeps this right if they ever differ.
  const env: SparkEnvVar[] = [...(spec.driver.env ?? []), ...(spec.executor.env ?? [])];
  const envFrom: SparkEnvFrom[] = [...(spec.driver.envFrom ?? []), ...(spec.executor.envFrom ?? [])];
  const unique = <T>(items: readonly T[]) => [...new Map(items.map((i) => [JSON.stringify(i), i])).values()];
  return {
    secrets: unique([
      ...env.flatMap((e) => ("valueFrom" in e && "secretKeyRef" in e.valueFrom ? [{ name: e.valueFrom.secretKeyRef.name, key: e.valueFrom.secretKeyRef.key }] : [])),
      ...envFrom.flatMap((s) => ("secretRef" in s ? [{ name: s.secretRef.name }] : [])),
    ]),
    configMaps: unique([
      ...env.flatMap((e) => ("valueFrom" in e && "configMapKeyRef" in e.valueFrom ? [{ name: e.valueFrom.configMapKeyRef.name, key: e.valueFrom.configMapKeyRef.key }] : [])),
      ...envFrom.flatMap((s) => ("configMapRef" in s ? [{ name: s.configMapRef.name }] : [])),
    ]),
    claims: task.claims.map((c) => ({ claimName: c.claimName, ...(c.create && { create: c.create }) })),
    serviceAccount: spec.driver.serviceAccount ?? "default",
    imagePullSecrets: spec.imagePullSecrets ?? [],
    apiAccess: SPARK_API_ACCESS,
  };
}
