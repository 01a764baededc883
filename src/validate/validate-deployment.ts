import { AIRFLOW_LINES, lineOfVersion } from "../knowledge/airflow-lines";
import type { Diagnostic } from "../diagnostics/diagnostic";
import { atConfig, type ConfigSite } from "../diagnostics/config-site";
import { mergeSettings, type DeploymentOptions, type DeploymentSettings } from "../dsl/deployment";
import { checkCarryableStrings } from "./checks/strings";
import { fromZodIssues, parseReported, type Issue } from "../diagnostics/issue";
import { knownKeysAt } from "../tasks/shared/schema-parts";
import { deploymentSchema } from "./schemas/deployment";

/** The deployment's own shape and per-line rules; located in the config file. */
export function validateDeploymentOptions(raw: unknown, site: ConfigSite): Diagnostic[] {
  const parsed = parseReported(deploymentSchema, raw);
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
  const line = AIRFLOW_LINES[lineOfVersion(s.airflowVersion)];
  const executors = typeof s.executor === "string" || s.executor === undefined ? [s.executor ?? "KubernetesExecutor"] : s.executor;
  for (const removed of executors.filter((e) => line.executors.removed.includes(e))) {
    issues.push({ code: "invalid-executor", field: ["executor"], message: `${line.name} removed ${removed}`, hint: `list the executors instead: executor: ["${removed.replace("Kubernetes", "")}", "KubernetesExecutor"]` });
  }
  if (!line.executors.several && executors.length > 1) {
    issues.push({ code: "invalid-executor", field: ["executor"], message: "several executors at once need Airflow 3", hint: 'on Airflow 2 use executor: "CeleryKubernetesExecutor" or "LocalKubernetesExecutor"' });
  }
  const jwt = line.chart.jwtSecret;
  if (jwt && !s.secrets.jwtSecret) {
    issues.push({ code: "missing-jwt-secret", field: ["secrets"], message: `${line.name} needs a JWT secret`, hint: `name the Secret holding the key "${jwt.secretKey}": secrets: { ..., jwtSecret: "airflow-jwt" }` });
  }
  if (!jwt && s.secrets.jwtSecret) {
    issues.push({ code: "invalid-jwt-secret", field: ["secrets", "jwtSecret"], message: `${line.name} has no JWT secret`, hint: "remove jwtSecret, or deploy Airflow 3" });
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
