import { AIRFLOW_LINES } from "../knowledge/airflow-lines";
import type { ClusterObjects, ObjectUse } from "../model/cluster-objects";
import { podLaunchers, type DeploymentModel } from "../model/deployment";
import type { Pipeline } from "../model/pipeline";

/** An object the compile writes to <outDir>/k8s/: preflight tells the user to apply that file when it is missing. */
export interface EmittedObject {
  readonly kind: string;
  readonly namespace: string | null;
  readonly name: string;
  /** The file, as the user should type it (relative to where they run the command). */
  readonly file: string;
}

/** One permission a pod-launching account needs in a namespace: `verb` on `resource` (with `subresource`). */
export interface PodRule {
  readonly verb: string;
  /** The API group; the core group ("") without one. */
  readonly group?: string;
  readonly resource: string;
  readonly subresource?: string;
}

interface Base {
  readonly namespace: string | null;
  readonly name: string;
  /** Who needs it: "dag.task" of the pipelines, or what of the deployment ("the Helm values: fernet key"). */
  readonly usedBy: readonly string[];
  /** The file under <outDir>/k8s/ that creates it, when airflow-ts generates it. */
  readonly emittedIn?: string;
}
/** Something the compiled pipelines need from the cluster, as preflight checks it. */
export type Requirement =
  | (Base & { readonly kind: "namespace" })
  | (Base & { readonly kind: "serviceAccount"; readonly namespace: string; readonly createdByChart: boolean })
  | (Base & { readonly kind: "secret" | "configMap"; readonly namespace: string; readonly keys: readonly string[]; readonly allKeys: boolean; readonly secretType?: "tls" | "ssh" })
  | (Base & { readonly kind: "claim"; readonly namespace: string })
  | (Base & { readonly kind: "imagePullSecret"; readonly namespace: string })
  | (Base & {
      readonly kind: "podLaunching";
      /** The namespace pods are launched in; `name` is the launching ServiceAccount, in `account.namespace`. */
      readonly namespace: string;
      readonly account: { readonly namespace: string; readonly name: string };
      readonly rules: readonly PodRule[];
      /** Files that grant it, when airflow-ts generates them (perNamespaceRoles). */
      readonly grantedBy: readonly string[];
    });

/** What KubernetesPodOperator does with pods (create, watch, read logs, patch the "already checked" label, delete, events on failure). */
const POD_RULES: readonly PodRule[] = [
  ...["create", "get", "list", "watch", "patch", "delete"].map((verb) => ({ verb, resource: "pods" })),
  { verb: "get", resource: "pods", subresource: "log" },
  { verb: "list", resource: "events" },
];
/** The XCom sidecar's result is read through exec, only for tasks that push a result. */
const EXEC_RULES: readonly PodRule[] = [{ verb: "create", resource: "pods", subresource: "exec" }];

/** What task kinds' operators do beyond pods in a namespace (ClusterObjects.apiAccess), one rule per verb. */
function kindRules(objects: ClusterObjects, namespace: string, releaseNamespace: string): PodRule[] {
  return objects.apiAccess
    .filter((a) => (a.namespace ?? releaseNamespace) === namespace)
    .flatMap((a) => {
      const [resource, subresource] = a.resource.split("/");
      return a.verbs.map((verb) => ({ verb, group: a.group, resource: resource!, ...(subresource && { subresource }) }));
    });
}

/** The Secrets the chart reads Airflow's keys from, with the keys of each line (AIRFLOW_LINES[line].chart). */
function deploymentSecrets(d: DeploymentModel): Requirement[] {
  const { chart } = AIRFLOW_LINES[d.line];
  const ns = d.namespace;
  const values = (what: string) => [`the Helm values (${what})`];
  const secret = (name: string, keys: string[], what: string, secretType?: "tls" | "ssh"): Requirement => ({
    kind: "secret",
    namespace: ns,
    name,
    keys,
    allKeys: false,
    usedBy: values(what),
    ...(secretType && { secretType }),
  });
  const out: Requirement[] = [
    secret(d.secrets.fernetKey, ["fernet-key"], "fernet key"),
    secret(d.secrets.webSecretKey, [chart.uiSecretKey.secretKey], chart.uiSecretKey.valuesKey),
  ];
  if (chart.jwtSecret && d.secrets.jwtSecret) out.push(secret(d.secrets.jwtSecret, [chart.jwtSecret.secretKey], chart.jwtSecret.valuesKey));
  if (d.gitSync.sshKeySecret) out.push(secret(d.gitSync.sshKeySecret, ["gitSshKey"], "git-sync SSH key", "ssh"));
  if (d.gitSync.credentialsSecret) out.push(secret(d.gitSync.credentialsSecret, ["GITSYNC_USERNAME", "GITSYNC_PASSWORD"], "git-sync credentials"));
  if (d.database !== "embedded") out.push(secret(d.database.secret, ["connection"], "metadata database URL"));
  if ("ingress" in d.ui && d.ui.ingress.tlsSecret) out.push(secret(d.ui.ingress.tlsSecret, ["tls.crt", "tls.key"], "UI ingress TLS", "tls"));
  for (const name of d.imagePullSecrets) out.push({ kind: "imagePullSecret", namespace: ns, name, usedBy: values("Airflow image pull Secret") });
  return out;
}

/**
 * Everything the pipelines (and, with a deployment, the Helm release) need from the cluster, in the order
 * preflight reports it: namespaces, accounts, Secrets, ConfigMaps, claims, image pull Secrets, pod launching.
 * `objects` are the pipelines' needs with tasks placed in the deployment's namespace (or `fallbackNamespace`).
 */
export function requirementsOf(
  pipelines: readonly Pipeline[],
  objects: ClusterObjects,
  deployment: DeploymentModel | undefined,
  emitted: readonly EmittedObject[],
  fallbackNamespace: string,
): Requirement[] {
  const ns = (o: ObjectUse) => o.namespace ?? fallbackNamespace;
  const users = (o: ObjectUse) => o.usedBy.map((u) => `${u.pipeline}.${u.task}`);
  const emittedIn = (kind: string, namespace: string | null, name: string) => {
    const file = emitted.find((e) => e.kind === kind && e.name === name && (e.namespace ?? fallbackNamespace) === (namespace ?? fallbackNamespace))?.file;
    return file === undefined ? {} : { emittedIn: file };
  };

  const namespaces = new Map<string, string[]>();
  for (const n of objects.namespaces) namespaces.set(n.name, users(n));
  if (deployment && !namespaces.has(deployment.namespace)) namespaces.set(deployment.namespace, ["the Helm release"]);

  const out: Requirement[] = [...namespaces.keys()].sort().map((name) => ({ kind: "namespace", namespace: null, name, usedBy: namespaces.get(name)!, ...emittedIn("Namespace", null, name) }));
  const launchers = deployment ? podLaunchers(deployment) : [];
  for (const account of launchers) out.push({ kind: "serviceAccount", namespace: deployment!.namespace, name: account, usedBy: ["the Helm release (launches task pods)"], createdByChart: true });
  for (const sa of objects.serviceAccounts) out.push({ kind: "serviceAccount", namespace: ns(sa), name: sa.name, usedBy: users(sa), createdByChart: false, ...emittedIn("ServiceAccount", ns(sa), sa.name) });
  if (deployment) out.push(...deploymentSecrets(deployment));
  for (const s of objects.secrets) out.push({ kind: "secret", namespace: ns(s), name: s.name, keys: s.keys, allKeys: s.allKeys, usedBy: users(s), ...emittedIn("Secret", ns(s), s.name) });
  for (const c of objects.configMaps) out.push({ kind: "configMap", namespace: ns(c), name: c.name, keys: c.keys, allKeys: c.allKeys, usedBy: users(c), ...emittedIn("ConfigMap", ns(c), c.name) });
  for (const c of objects.claims) out.push({ kind: "claim", namespace: ns(c), name: c.name, usedBy: users(c), ...emittedIn("PersistentVolumeClaim", ns(c), c.name) });
  for (const s of objects.imagePullSecrets) out.push({ kind: "imagePullSecret", namespace: ns(s), name: s.name, usedBy: users(s) });

  if (deployment) {
    for (const n of objects.namespaces) {
      const pushers = pipelines.some((p) => p.tasks.some((t) => t.pushesResult && (t.namespace ?? deployment.namespace) === n.name));
      const grantedBy = emitted.filter((e) => (e.kind === "Role" || e.kind === "RoleBinding") && e.namespace === n.name).map((e) => e.file);
      for (const account of launchers) {
        out.push({
          kind: "podLaunching",
          namespace: n.name,
          name: account,
          account: { namespace: deployment.namespace, name: account },
          rules: [...POD_RULES, ...(pushers ? EXEC_RULES : []), ...kindRules(objects, n.name, deployment.namespace)],
          usedBy: users(n),
          grantedBy,
        });
      }
    }
  }
  return out;
}
