import { AIRFLOW_LINES } from "../knowledge/airflow-lines";
import type { DeploymentModel } from "./deployment";

/** A Secret the deployment itself names (Airflow's keys, git credentials, database URL, TLS): the user creates it. */
export interface ReleaseSecret {
  readonly name: string;
  readonly namespace: string;
  /** The keys the chart reads from it. */
  readonly keys: readonly string[];
  readonly purpose: string;
  /** "base" and the environments whose values name it. */
  readonly environments: readonly string[];
}

/** What the deployment needs in the cluster beyond the tasks' objects, and what airflow-ts creates itself. */
export interface DeploymentNeeds {
  readonly release: string;
  readonly namespace: string;
  readonly environments: readonly string[];
  readonly secrets: readonly ReleaseSecret[];
  /** The tasks' ServiceAccounts created by generated/k8s/ (so not the user's to create). */
  readonly createdServiceAccounts: readonly string[];
}

/** The release's Secrets over the base and every environment, each once, in name order. */
export function deploymentNeeds(deployments: readonly DeploymentModel[]): DeploymentNeeds | undefined {
  const [base] = deployments;
  if (!base) return undefined;
  const byId = new Map<string, { name: string; namespace: string; keys: readonly string[]; purpose: string; environments: string[] }>();
  for (const d of deployments) {
    const env = d.environment ?? "base";
    for (const s of releaseSecrets(d)) {
      const id = `${d.namespace}\u0000${s.name}`;
      const row = byId.get(id);
      if (row) row.environments.push(env);
      else byId.set(id, { ...s, namespace: d.namespace, environments: [env] });
    }
  }
  return {
    release: base.release,
    namespace: base.namespace,
    environments: deployments.flatMap((d) => (d.environment === null ? [] : [d.environment])),
    secrets: [...byId.values()].sort((a, b) => (a.namespace + "\u0000" + a.name < b.namespace + "\u0000" + b.name ? -1 : 1)),
    createdServiceAccounts: base.taskServiceAccounts,
  };
}

/** The Secrets one environment's values name, with the keys the chart reads (chart 1.19's defaults). */
function releaseSecrets(d: DeploymentModel): { name: string; keys: readonly string[]; purpose: string }[] {
  const { chart } = AIRFLOW_LINES[d.line];
  const out = [
    { name: d.secrets.fernetKey, keys: ["fernet-key"], purpose: "Airflow's Fernet key (encrypts connections and variables)" },
    { name: d.secrets.webSecretKey, keys: [chart.uiSecretKey.secretKey], purpose: chart.uiSecretKey.purpose },
  ];
  if (chart.jwtSecret && d.secrets.jwtSecret) out.push({ name: d.secrets.jwtSecret, keys: [chart.jwtSecret.secretKey], purpose: chart.jwtSecret.purpose });
  if (d.gitSync.sshKeySecret) out.push({ name: d.gitSync.sshKeySecret, keys: ["gitSshKey"], purpose: "git-sync's SSH deploy key" });
  if (d.gitSync.credentialsSecret) out.push({ name: d.gitSync.credentialsSecret, keys: ["GITSYNC_USERNAME", "GITSYNC_PASSWORD"], purpose: "git-sync's HTTPS credentials" });
  if (d.database !== "embedded") out.push({ name: d.database.secret, keys: ["connection"], purpose: "the metadata database's SQLAlchemy URL" });
  for (const name of d.imagePullSecrets) out.push({ name, keys: [".dockerconfigjson"], purpose: "pulls Airflow's own images (type kubernetes.io/dockerconfigjson)" });
  if ("ingress" in d.ui && d.ui.ingress.tlsSecret) out.push({ name: d.ui.ingress.tlsSecret, keys: ["tls.crt", "tls.key"], purpose: "the Ingress's TLS certificate (type kubernetes.io/tls)" });
  return out;
}
