import * as path from "node:path";
import { atConfig, type ConfigSite } from "../diagnostics/config-site";
import { error, type Diagnostic } from "../diagnostics/diagnostic";
import type { DeploymentOptions } from "../dsl/deployment";
import { kindOf, type TaskModel } from "../tasks";
import type { ClusterObjects } from "./cluster-objects";
import type { DeploymentModel } from "./deployment";
import type { Pipeline } from "./pipeline";

/**
 * What the pipelines need against what the deployment provides: every namespace a task uses can get pods from
 * Airflow, every claim is created or exists, one claim lives in one namespace, every registry Secret is known.
 */
export function crossCheck(
  options: DeploymentOptions,
  deployments: readonly DeploymentModel[],
  pipelines: readonly Pipeline[],
  objects: ClusterObjects,
  root: string,
  site: ConfigSite,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const taskAt = (dagId: string, taskId: string) => {
    const pipeline = pipelines.find((p) => p.dagId === dagId)!;
    const task = pipeline.tasks.find((t) => t.taskId === taskId);
    const at = task ? { file: task.sourceFile, line: task.sourceLine } : { file: pipeline.sourceFile, line: pipeline.sourceLine };
    return { location: { file: path.join(root, at.file), line: at.line, column: 1 }, path: `${dagId}.tasks.${taskId}` };
  };
  const first = (uses: readonly { pipeline: string; task: string }[]) => taskAt(uses[0]!.pipeline, uses[0]!.task);

  for (const d of deployments) {
    if (d.podLaunching !== "releaseNamespace") continue;
    const where = d.environment === null ? "" : ` (environment "${d.environment}")`;
    for (const ns of d.otherNamespaces) {
      const task = pipelines.flatMap((p) => p.tasks.filter((t) => t.namespace === ns).map((t) => ({ pipeline: p.dagId, task: t.taskId })));
      out.push(error("namespace-not-launchable", `tasks run in namespace "${ns}", but the deployment${where} launches pods only in "${d.namespace}"`, { ...first(task), hint: 'set podLaunching: "multiNamespaceMode" or "perNamespaceRoles" in the deployment, or run the task in the release namespace' }));
    }
  }

  const existingClaims = new Set(options.existing?.claims ?? []);
  const byClaim = new Map<string, typeof objects.claims>();
  for (const claim of objects.claims) byClaim.set(claim.name, [...(byClaim.get(claim.name) ?? []), claim]);
  for (const [name, uses] of byClaim) {
    const created = uses.find((u) => u.create);
    if (!created && !existingClaims.has(name)) {
      out.push(error("unknown-claim", `PersistentVolumeClaim "${name}" is neither created by a pipeline nor declared as existing`, { ...first(uses[0]!.usedBy), hint: `create it: volume.claim("${name}", { create: { size: "10Gi" } }), or list it in deployment.existing.claims` }));
    }
    if (created && uses.length > 1) {
      out.push(error("claim-in-several-namespaces", `claim "${name}" is mounted from namespaces ${uses.map((u) => `"${u.namespace}"`).join(", ")}; a claim lives in one`, { ...first(uses[1]!.usedBy), hint: "run the tasks that share it in one namespace, or create one claim per namespace" }));
    }
  }
  const conflicting = pipelines.flatMap((p) => p.tasks.flatMap((t) => kindOf(t).clusterUses(t).claims.filter((v) => v.create).map((v) => ({ v, at: taskAt(p.dagId, t.taskId) }))));
  const specOf = new Map<string, string>();
  for (const { v, at } of conflicting) {
    const spec = JSON.stringify(v.create);
    if (specOf.has(v.claimName) && specOf.get(v.claimName) !== spec) out.push(error("claim-conflict", `claim "${v.claimName}" is created with different sizes, access modes or storage classes`, { ...at, hint: "declare the claim once in a shared module and import it" }));
    specOf.set(v.claimName, spec);
  }

  // ServiceAccounts: created by the deployment or existing; a pod naming one that is neither is refused at creation.
  const created = new Set(options.serviceAccounts ?? []);
  const existingAccounts = new Set(options.existing?.serviceAccounts ?? []);
  for (const account of objects.serviceAccounts) {
    if (account.name === "default" || created.has(account.name) || existingAccounts.has(account.name)) continue;
    out.push(
      error("unknown-service-account", `ServiceAccount "${account.name}" (namespace "${account.namespace ?? d0(deployments)}") is neither created by the deployment nor declared as existing`, {
        ...first(account.usedBy),
        hint: `have airflow-ts create it: deployment.serviceAccounts: ["${account.name}"], or list it in deployment.existing.serviceAccounts`,
      }),
    );
  }
  for (const name of [...created].filter((n) => existingAccounts.has(n)).sort()) {
    out.push(atConfig({ code: "service-account-conflict", field: ["serviceAccounts"], message: `ServiceAccount "${name}" is both created and declared as existing`, hint: "keep it in one of deployment.serviceAccounts and deployment.existing.serviceAccounts" }, site));
  }

  // Secrets and ConfigMaps the tasks read: declared as existing, with every key a task reads.
  for (const [kind, rows, declared, option] of [
    ["Secret", objects.secrets, options.existing?.secrets, "secrets"],
    ["ConfigMap", objects.configMaps, options.existing?.configMaps, "configMaps"],
  ] as const) {
    const reads = (t: TaskModel) => (kind === "Secret" ? kindOf(t).clusterUses(t).secrets : kindOf(t).clusterUses(t).configMaps);
    for (const row of rows) {
      const keys = declared?.[row.name];
      if (keys === undefined) {
        const example = row.keys.length ? row.keys.map((k) => JSON.stringify(k)).join(", ") : '"<key>"';
        out.push(error(`unknown-${kind === "Secret" ? "secret" : "config-map"}`, `${kind} "${row.name}" (namespace "${row.namespace ?? d0(deployments)}") is read by tasks but not declared as existing`, { ...first(row.usedBy), hint: `list it with its keys: deployment.existing.${option}: { "${row.name}": [${example}] }` }));
        continue;
      }
      for (const key of row.keys.filter((k) => !keys.includes(k))) {
        const reader = pipelines.flatMap((p) => p.tasks.filter((t) => reads(t).some((r) => r.name === row.name && r.key === key)).map((t) => ({ pipeline: p.dagId, task: t.taskId })));
        out.push(error(`unknown-${kind === "Secret" ? "secret" : "config-map"}-key`, `${kind} "${row.name}" is declared without the key "${key}" that a task reads`, { ...first(reader.length ? reader : row.usedBy), hint: `add "${key}" to deployment.existing.${option}["${row.name}"], or read a key it has: ${keys.map((k) => JSON.stringify(k)).join(", ") || "(none declared)"}` }));
      }
    }
  }

  const knownPullSecrets = new Set([...(options.imagePullSecrets ?? []), ...(options.existing?.imagePullSecrets ?? [])]);
  for (const secret of objects.imagePullSecrets) {
    if (!knownPullSecrets.has(secret.name)) {
      out.push(error("unknown-image-pull-secret", `image pull Secret "${secret.name}" is not part of the deployment`, { ...first(secret.usedBy), hint: `list it in deployment.existing.imagePullSecrets (or deployment.imagePullSecrets)` }));
    }
  }
  return out;
}

/** The release namespace, where tasks without a namespace run. */
function d0(deployments: readonly DeploymentModel[]): string {
  return deployments[0]?.namespace ?? "default";
}
