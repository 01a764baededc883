import * as path from "node:path";
import { error, type Diagnostic, type SourceLocation } from "../diagnostics/diagnostic";
import type { DeploymentOptions, DeploymentSettings } from "../dsl/deployment";
import type { Locate } from "../diagnostics/source-location";
import type { ClusterObjects } from "../model/cluster-objects";
import { mergeSettings, type DeploymentModel } from "../model/deployment";
import type { Pipeline } from "../model/pipeline";
import { checkCarryableStrings } from "./checks/strings";
import { fromZodIssues, type Issue } from "../diagnostics/issue";
import { kindOf } from "../tasks";
import { knownKeysAt } from "../tasks/shared/schema-parts";
import { deploymentSchema } from "./schemas/deployment";

/** Where the config's fields are: its `defineConfig(...)` call, when known. */
export interface ConfigSite {
  readonly file: string;
  readonly call?: SourceLocation;
  readonly locate: Locate;
}

/** The deployment's own shape and per-line rules; located in the config file. */
export function validateDeploymentOptions(raw: unknown, site: ConfigSite): Diagnostic[] {
  const parsed = deploymentSchema.safeParse(raw);
  // Every string of the deployment reaches the values files, the manifests or manifest.json.
  const strings = checkCarryableStrings(raw).map((i) => atConfig(i, site));
  if (!parsed.success) return [...strings, ...fromZodIssues(parsed.error.issues, (p) => knownKeysAt(deploymentSchema, p)).map((i) => atConfig(i, site))];
  const options = raw as DeploymentOptions;
  const base = lineRules(options);
  const issues: Issue[] = [...base];
  for (const [name, overlay] of Object.entries(options.environments ?? {})) {
    const merged = mergeSettings(options, overlay);
    // generated/k8s/ is written once, from the base: its RoleBindings name the base release's accounts in its namespace.
    if ((merged.podLaunching ?? options.podLaunching) === "perNamespaceRoles") {
      for (const key of ["release", "namespace"] as const) {
        if (overlay[key] !== undefined && overlay[key] !== options[key]) {
          issues.push({ code: "environment-moves-roles", field: ["environments", name, key], message: `environment "${name}" changes the ${key}, but the per-namespace RoleBindings in generated/k8s/ are written once, for the base's`, hint: `keep the base's ${key} in every environment, or use podLaunching: "multiNamespaceMode" (the chart's own ClusterRoleBinding follows each release)` });
        }
      }
    }
    for (const issue of lineRules(merged)) {
      // Reported where the overlay sets the field; a problem it inherits from the base is the base's, said once.
      const inOverlay = (issue.field[0] as keyof DeploymentSettings) in overlay;
      if (!inOverlay && base.some((b) => b.code === issue.code && b.field.join() === issue.field.join())) continue;
      issues.push({ ...issue, message: `environment "${name}": ${issue.message}`, field: inOverlay ? ["environments", name, ...issue.field] : issue.field });
    }
  }
  return [...strings, ...issues.map((i) => atConfig(i, site))];
}

/** What one Airflow line accepts: executors it removed, the keys secrets it has. */
function lineRules(s: DeploymentSettings): Issue[] {
  const issues: Issue[] = [];
  const airflow3 = Number(s.airflowVersion.split(".")[0]) >= 3;
  const executors = typeof s.executor === "string" || s.executor === undefined ? [s.executor ?? "KubernetesExecutor"] : s.executor;
  if (airflow3) {
    for (const removed of executors.filter((e) => e === "CeleryKubernetesExecutor" || e === "LocalKubernetesExecutor")) {
      issues.push({ code: "invalid-executor", field: ["executor"], message: `Airflow 3 removed ${removed}`, hint: `list the executors instead: executor: ["${removed.replace("Kubernetes", "")}", "KubernetesExecutor"]` });
    }
    if (!s.secrets.jwtSecret) issues.push({ code: "missing-jwt-secret", field: ["secrets"], message: "Airflow 3 needs a JWT secret", hint: 'name the Secret holding the key "jwt-secret": secrets: { ..., jwtSecret: "airflow-jwt" }' });
  } else {
    if (executors.length > 1) issues.push({ code: "invalid-executor", field: ["executor"], message: "several executors at once need Airflow 3", hint: 'on Airflow 2 use executor: "CeleryKubernetesExecutor" or "LocalKubernetesExecutor"' });
    if (s.secrets.jwtSecret) issues.push({ code: "invalid-jwt-secret", field: ["secrets", "jwtSecret"], message: "Airflow 2 has no JWT secret", hint: "remove jwtSecret, or deploy Airflow 3" });
  }
  // The chart passes the UI server's extra containers through Helm's `tpl`: "{{" there would run as a Helm template.
  for (const key of ["repo", "ref"] as const) {
    if (s.gitSync[key]?.includes("{{")) {
      issues.push({ code: "helm-template-text", field: ["gitSync", key], message: `gitSync.${key} contains "{{", which the chart would evaluate as a Helm template`, hint: "git repository URLs and refs do not need braces; remove them" });
    }
  }
  if (s.gitSync.sshKeySecret && !s.gitSync.knownHosts) {
    issues.push({
      code: "git-host-keys-unverified",
      severity: "warning",
      field: ["gitSync"],
      message: "SSH git-sync without knownHosts accepts any host key: whoever can intercept the connection can serve Airflow their own DAGs, which run with Airflow's rights",
      hint: 'give the server\'s keys: gitSync: { ..., knownHosts: "github.com ssh-ed25519 AAAA..." } (from `ssh-keyscan github.com`, checked against the host\'s published fingerprints)',
    });
  }
  if (s.gitSync.sshKeySecret && s.gitSync.credentialsSecret) {
    issues.push({ code: "invalid-git-auth", field: ["gitSync", "credentialsSecret"], message: "git-sync takes an SSH key or HTTPS credentials, not both", hint: "keep the one that matches the repo URL (git@... is SSH)" });
  }
  return issues;
}

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
    for (const row of rows) {
      const keys = declared?.[row.name];
      if (keys === undefined) {
        const example = row.keys.length ? row.keys.map((k) => JSON.stringify(k)).join(", ") : '"<key>"';
        out.push(error(`unknown-${kind === "Secret" ? "secret" : "config-map"}`, `${kind} "${row.name}" (namespace "${row.namespace ?? d0(deployments)}") is read by tasks but not declared as existing`, { ...first(row.usedBy), hint: `list it with its keys: deployment.existing.${option}: { "${row.name}": [${example}] }` }));
        continue;
      }
      for (const key of row.keys.filter((k) => !keys.includes(k))) {
        const reads = (t: Pipeline["tasks"][number]) => {
          const uses = kindOf(t).clusterUses(t);
          return (kind === "Secret" ? uses.secrets : uses.configMaps).some((u) => u.name === row.name && u.key === key);
        };
        const reader = pipelines.flatMap((p) => p.tasks.filter(reads).map((t) => ({ pipeline: p.dagId, task: t.taskId })));
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

/** A problem with a config field (under `deployment` unless said otherwise), at that field's line. */
export function atConfig(issue: Issue, site: ConfigSite, option = "deployment"): Diagnostic {
  const field = [option, ...issue.field];
  const location = site.call ? site.locate(site.call, 0, field) : { file: site.file, line: 1, column: 1 };
  const found = error(issue.code, issue.message, { location, path: `config.${field.join(".")}`, ...(issue.hint && { hint: issue.hint }) });
  return issue.severity === "warning" ? { ...found, severity: "warning" } : found;
}
