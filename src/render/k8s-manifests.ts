import { yamlText } from "./yaml-text";
import type { ClusterObjects } from "../model/cluster-objects";
import { podLaunchers, taskRunners, type DeploymentModel } from "../model/deployment";

/** A Kubernetes object airflow-ts creates, with the file it goes to (under generated/k8s/). */
export interface Manifest {
  readonly file: string;
  readonly object: Readonly<Record<string, unknown>>;
}

const LABELS = { "app.kubernetes.io/managed-by": "airflow-ts" };

/**
 * The claims pipelines create, in the namespace of the tasks that mount them; the ServiceAccounts the deployment
 * creates for tasks, in each namespace whose tasks run as them (with those tasks' image pull Secrets); and, when the deployment uses
 * per-namespace roles, the Role and RoleBinding that let Airflow's pod launchers create task pods in each
 * namespace other than the release's (the rules of the chart's own pod-launcher role).
 */
export function k8sManifests(objects: ClusterObjects, deployment: DeploymentModel | undefined): Manifest[] {
  const manifests: Manifest[] = [];
  for (const claim of objects.claims) {
    if (!claim.create) continue;
    const namespace = claim.namespace ?? deployment?.namespace;
    manifests.push({
      file: `pvc-${namespace ?? "default"}-${claim.name}.yaml`,
      object: {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name: claim.name, ...(namespace && { namespace }), labels: LABELS },
        spec: {
          accessModes: [...(claim.create.accessModes ?? ["ReadWriteOnce"])],
          resources: { requests: { storage: String(claim.create.size) } },
          ...(claim.create.storageClass && { storageClassName: claim.create.storageClass }),
        },
      },
    });
  }
  for (const account of objects.serviceAccounts) {
    if (!deployment?.taskServiceAccounts.includes(account.name)) continue;
    const namespace = account.namespace ?? deployment.namespace;
    manifests.push({
      file: `sa-${namespace}-${account.name}.yaml`,
      object: {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: account.name, namespace, labels: LABELS },
        ...(account.imagePullSecrets.length && { imagePullSecrets: account.imagePullSecrets.map((name) => ({ name })) }),
      },
    });
  }
  if (deployment?.podLaunching === "perNamespaceRoles") {
    const name = `${deployment.release}-pod-launcher`;
    for (const namespace of deployment.otherNamespaces) {
      const role = {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: { name, namespace, labels: LABELS },
        rules: [
          { apiGroups: [""], resources: ["pods"], verbs: ["create", "list", "get", "patch", "watch", "delete"] },
          { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
          { apiGroups: [""], resources: ["pods/exec"], verbs: ["create", "get"] },
          { apiGroups: [""], resources: ["events"], verbs: ["list", "watch"] },
        ],
      };
      const binding = {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name, namespace, labels: LABELS },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
        subjects: podLaunchers(deployment).map((sa) => ({ kind: "ServiceAccount", name: sa, namespace: deployment.namespace })),
      };
      manifests.push({ file: `rbac-${namespace}-role.yaml`, object: role }, { file: `rbac-${namespace}-rolebinding.yaml`, object: binding });
    }
  }
  if (deployment) manifests.push(...taskLauncherRoles(objects, deployment));
  return manifests.sort((a, b) => (a.file < b.file ? -1 : 1));
}

/**
 * A Role and RoleBinding in each namespace where a task kind's operator works with custom objects (a Spark task's
 * SparkApplication), whatever the pod-launching mode: neither the chart's pod-launcher role nor the per-namespace
 * roles above grant them. Bound to the accounts that run task code (`taskRunners`): the operator submits and
 * watches its objects from the task's process, so the scheduler of a Kubernetes executor, which only launches the
 * task's pod, gets nothing.
 */
function taskLauncherRoles(objects: ClusterObjects, deployment: DeploymentModel): Manifest[] {
  const name = `${deployment.release}-task-launcher`;
  const byNamespace = new Map<string, ClusterObjects["apiAccess"][number][]>();
  for (const a of objects.apiAccess) {
    const namespace = a.namespace ?? deployment.namespace;
    byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), a]);
  }
  return [...byNamespace].flatMap(([namespace, access]) => [
    {
      file: `rbac-${namespace}-task-launcher-role.yaml`,
      object: {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: { name, namespace, labels: LABELS },
        rules: access.map((a) => ({ apiGroups: [a.group], resources: [a.resource], verbs: [...a.verbs] })),
      },
    },
    {
      file: `rbac-${namespace}-task-launcher-rolebinding.yaml`,
      object: {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name, namespace, labels: LABELS },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
        subjects: taskRunners(deployment).map((sa) => ({ kind: "ServiceAccount", name: sa, namespace: deployment.namespace })),
      },
    },
  ]);
}

export function renderManifest(m: Manifest): string {
  return yamlText(m.object);
}
