import { stringify } from "yaml";
import type { KubectlRun, LocalCluster } from "./cluster";

/** A Kubernetes object as JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KubeObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [k: string]: any }; [k: string]: any };

export const objectId = (o: KubeObject) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;

/**
 * A namespace and its `default` ServiceAccount (which the missing controller-manager would create): what
 * `kubectl create namespace` gives on a real cluster. Idempotent.
 */
export function ensureNamespace(cluster: LocalCluster, namespace: string): void {
  if (cluster.kubectl(["get", "namespace", namespace]).status !== 0) cluster.kubectlOk(["create", "namespace", namespace]);
  if (cluster.kubectl(["-n", namespace, "get", "serviceaccount", "default"]).status !== 0) cluster.kubectlOk(["-n", namespace, "create", "serviceaccount", "default"]);
}

export interface Admission {
  /** The server-side dry run: admission, defaulting, RBAC and strict field validation, nothing stored. */
  readonly dryRun: KubectlRun;
  /** The real apply, only when the dry run passed. */
  readonly apply?: KubectlRun;
}

/** Server-side dry run with strict field validation, then (if it passed) the real server-side apply. */
export function dryRunThenApply(cluster: LocalCluster, objects: readonly KubeObject[], namespace?: string): Admission {
  // JSON, not YAML: kubectl reads YAML 1.1, where the strings the chart quotes ("no", "off") written back
  // unquoted by a YAML 1.2 writer would turn into booleans and be refused as such.
  const input = JSON.stringify({ apiVersion: "v1", kind: "List", items: objects });
  // Objects without a namespace land in `namespace`, as `helm install -n` puts them (helm template leaves some out).
  const common = [...(namespace ? ["-n", namespace] : []), "apply", "--server-side", "--force-conflicts", "--field-manager=airflow-ts-test", "--validate=strict", "-f", "-"];
  const dryRun = cluster.kubectl([...common, "--dry-run=server"], input);
  if (dryRun.status !== 0) return { dryRun };
  return { dryRun, apply: cluster.kubectl(common, input) };
}

/**
 * Binds a claim as the (absent) PersistentVolume controller would: a hostPath PersistentVolume reserved for it,
 * the claim's `volumeName` and bind-completed annotation (what kube-scheduler's volume binding checks), and both
 * statuses `Bound` (what a user, and preflight, see).
 */
export function bindClaim(cluster: LocalCluster, namespace: string, name: string): void {
  const claim = JSON.parse(cluster.kubectlOk(["-n", namespace, "get", "persistentvolumeclaim", name, "-o", "json"])) as KubeObject;
  const pv = `pv-${namespace}-${name}`;
  cluster.kubectlOk(["apply", "-f", "-"], stringify({
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: pv },
    spec: {
      capacity: { storage: claim.spec.resources.requests.storage },
      accessModes: claim.spec.accessModes,
      persistentVolumeReclaimPolicy: "Retain",
      ...(claim.spec.storageClassName && { storageClassName: claim.spec.storageClassName }),
      hostPath: { path: `/tmp/airflow-ts-pv/${pv}` },
      claimRef: { namespace, name, uid: claim.metadata.uid },
    },
  }));
  cluster.kubectlOk(["-n", namespace, "patch", "persistentvolumeclaim", name, "--type=merge", "-p", JSON.stringify({ metadata: { annotations: { "pv.kubernetes.io/bind-completed": "yes" } }, spec: { volumeName: pv } })]);
  cluster.kubectlOk(["patch", "persistentvolume", pv, "--subresource=status", "--type=merge", "-p", JSON.stringify({ status: { phase: "Bound" } })]);
  cluster.kubectlOk(["-n", namespace, "patch", "persistentvolumeclaim", name, "--subresource=status", "--type=merge", "-p", JSON.stringify({ status: { phase: "Bound", accessModes: claim.spec.accessModes, capacity: { storage: claim.spec.resources.requests.storage } } })]);
}

/** A claim for the tests that stands in for one the user has (`existing.claims`). */
export function claimObject(namespace: string, name: string, size = "1Gi"): KubeObject {
  return { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name, namespace }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } } } };
}
