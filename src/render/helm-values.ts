import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { yamlText } from "./yaml-text";
import type { Resources } from "../dsl/task-settings";
import { CHECKOUT, type DeploymentModel } from "../model/deployment";
import { chartDefault } from "./chart-defaults";
import { AIRFLOW_LINES } from "../knowledge/airflow-lines";

/**
 * Values for the official chart, one commented section per concern, in a fixed order: the same sections for every
 * deployment (some may be empty), so an environment's sections line up with the base's.
 */
export interface ValuesSection {
  readonly comment: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/**
 * The alerts' providers: the chart has no key for Python packages, so the image must have them. The official image
 * ships these three among its default providers, at its release's versions; a custom image pins them (docs/deploy.md).
 */
function providersNote(providers: readonly string[]): string {
  if (providers.length === 0) return "";
  return `\n# The alerts' notifiers need ${providers.join(", ")} in that image: the official image ships ${providers.length === 1 ? "it" : "them"} at the versions of its release; for other versions build FROM it and pip install ${providers.length === 1 ? "it" : "them"} (docs/deploy.md).`;
}

/** The chart values a deployment needs, with the chart's own keys (1.19+): `apiServer` on Airflow 3, `webserver` on 2. */
export function helmValues(d: DeploymentModel, providers: readonly string[] = []): ValuesSection[] {
  const { chart } = AIRFLOW_LINES[d.line];
  const ui = chart.uiComponent;
  const celery = d.executors.some((e) => e.startsWith("Celery"));
  const config: Record<string, Record<string, string>> = {
    core: { load_examples: "False", plugins_folder: d.gitSync.pluginsFolder },
  };
  if ("remote" in d.logs) {
    config.logging = { remote_logging: "True", remote_base_log_folder: d.logs.remote.baseLogFolder, remote_log_conn_id: d.logs.remote.connectionId };
  }
  // Only components the deployment gives resources to appear; the chart's defaults stay for the others.
  const resourcesOf = (name: keyof DeploymentModel["resources"]) => {
    const own = d.resources[name];
    return own ? { resources: chartResources(own) } : undefined;
  };
  const component = (name: keyof DeploymentModel["resources"], chartKey = name) => (resourcesOf(name) ? { [chartKey]: resourcesOf(name) } : {});
  const uiValues: Record<string, unknown> = { ...resourcesOf("apiServer"), ...("service" in d.ui && { service: { type: d.ui.service.type } }), ...checkoutSidecar(d) };
  return [
    {
      comment: "Airflow and its image: the official image carries apache-airflow-providers-cncf-kubernetes." + providersNote(providers),
      values: { airflowVersion: d.airflowVersion, images: { airflow: { repository: d.image.repository, tag: d.image.tag } }, ...(d.imagePullSecrets.length && { imagePullSecrets: [...d.imagePullSecrets] }) },
    },
    {
      comment: "Executor: where Airflow runs each task's KubernetesPodOperator." + (celery ? "" : " No Celery executor, so no Redis (the chart would run one, and render its password Secret, regardless)."),
      values: { executor: d.executors.join(","), redis: { enabled: celery } },
    },
    {
      comment: `DAGs: git-sync pulls ${d.gitSync.ref} of the repository; subPath is where airflow-ts writes the DAG files.`,
      values: {
        dags: {
          persistence: { enabled: false },
          gitSync: {
            enabled: true,
            repo: d.gitSync.repo,
            ref: d.gitSync.ref,
            subPath: d.gitSync.subPath,
            period: d.gitSync.period,
            ...(d.gitSync.sshKeySecret && { sshKeySecret: d.gitSync.sshKeySecret }),
            ...(d.gitSync.credentialsSecret && { credentialsSecret: d.gitSync.credentialsSecret }),
            ...(d.gitSync.knownHosts && { knownHosts: d.gitSync.knownHosts }),
            resources: chartResources(d.gitSync.resources),
          },
        },
      },
    },
    { comment: "airflow.cfg: the plugins folder is the generated plugin inside the synced checkout.", values: { config } },
    {
      comment: "Task logs: " + ("persistence" in d.logs ? "a volume shared by Airflow's pods." : "remote storage, through an Airflow connection."),
      values: { logs: { persistence: "persistence" in d.logs ? { enabled: true, size: String(d.logs.persistence.size), ...(d.logs.persistence.storageClass && { storageClassName: d.logs.persistence.storageClass }) } : { enabled: false } } },
    },
    {
      comment:
        "Resources of Airflow's own components. The triggerer writes its logs where the other components do (see logs), as a Deployment:" +
        " the chart's default gives it a claim per pod (a StatefulSet) whenever logs are not on a shared volume, and a StatefulSet's" +
        " claims cannot change on `helm upgrade`, so changing logs between environments would break the upgrade. Fixed, not per environment.",
      values: { ...component("scheduler"), ...component("workers"), triggerer: { persistence: { enabled: false }, ...resourcesOf("triggerer") }, ...component("dagProcessor") },
    },
    {
      comment: d.defaultAdminUser
        ? "Users: the chart's default Admin user (admin/admin), as asked (defaultAdminUser): for a throwaway environment only."
        : "Users: no default Admin user (the chart's admin/admin); create the first one with `airflow users create` (see docs/deploy.md).",
      values: { createUserJob: { enabled: d.defaultAdminUser } },
    },
    {
      comment: d.database === "embedded" ? "Metadata database: the chart's embedded PostgreSQL (for trying things out, not for production)." : "Metadata database: external; its Secret holds the SQLAlchemy URL under the key `connection`.",
      values: d.database === "embedded" ? { postgresql: { enabled: true } } : { postgresql: { enabled: false }, data: { metadataSecretName: d.database.secret } },
    },
    {
      comment:
        "UI and API" +
        ("ingress" in d.ui ? ": through the chart's Ingress." : ": a Service, no Ingress.") +
        " The chart gives this pod no DAG checkout; a git-sync sidecar syncs one, for the airflow-ts plugin (links, Pipelines page).",
      values: {
        ...(Object.keys(uiValues).length && { [ui]: uiValues }),
        ...("ingress" in d.ui && {
          ingress: {
            [chart.uiIngress]: {
              enabled: true,
              hosts: [{ name: d.ui.ingress.host, ...(d.ui.ingress.tlsSecret && { tls: { enabled: true, secretName: d.ui.ingress.tlsSecret } }) }],
              ...(d.ui.ingress.className && { ingressClassName: d.ui.ingress.className }),
            },
          },
        }),
      },
    },
    { comment: "Metrics: the chart's StatsD exporter, for Prometheus to scrape.", values: { statsd: { enabled: d.metrics } } },
    {
      comment: "Airflow's keys: names of Secrets created before the install (see the README); no key is in this file.",
      values: {
        fernetKeySecretName: d.secrets.fernetKey,
        [chart.uiSecretKey.valuesKey]: d.secrets.webSecretKey,
        ...(chart.jwtSecret && { [chart.jwtSecret.valuesKey]: d.secrets.jwtSecret }),
      },
    },
    {
      comment:
        d.podLaunching === "multiNamespaceMode"
          ? `Pod launching: tasks run in namespaces other than ${d.namespace} (${d.otherNamespaces.join(", ")}), so the chart's cluster-wide role.`
          : d.podLaunching === "perNamespaceRoles"
            ? `Pod launching: the release namespace here; Roles for ${d.otherNamespaces.join(", ") || "no other namespace"} are in generated/k8s/.`
            : "Pod launching: every task runs in the release namespace.",
      values: { rbac: { create: true }, allowPodLaunching: true, multiNamespaceMode: d.podLaunching === "multiNamespaceMode" },
    },
  ];
}

/** The git-sync image of the chart (1.19's `images.gitSync`), so the sidecar matches the other pods' checkouts. */
export const GIT_SYNC_IMAGE = "registry.k8s.io/git-sync/git-sync:v4.4.2";

/**
 * The chart syncs DAGs into the scheduler, DAG processor, triggerer and workers, not into the UI server. The
 * plugin's links and Pipelines page run there, from the same checkout (plugin, manifest.json and the DAG files
 * whose drift the page reports), so a git-sync sidecar gives it one, laid out as the chart lays out the others:
 * /opt/airflow/dags/repo, git-sync v4, the same repository, ref, period and credentials.
 */
function checkoutSidecar(d: DeploymentModel): Record<string, unknown> {
  const volume = "airflow-ts-checkout";
  const sshVolume = "airflow-ts-git-ssh-key";
  const g = d.gitSync;
  const env = [
    { name: "GITSYNC_REPO", value: g.repo },
    { name: "GITSYNC_REF", value: g.ref },
    { name: "GITSYNC_ROOT", value: "/git" },
    { name: "GITSYNC_LINK", value: "repo" },
    { name: "GITSYNC_DEPTH", value: "1" },
    { name: "GITSYNC_PERIOD", value: g.period },
    { name: "GITSYNC_MAX_FAILURES", value: "0" },
    { name: "GITSYNC_ADD_USER", value: "true" },
    ...(g.sshKeySecret ? [{ name: "GITSYNC_SSH_KEY_FILE", value: "/etc/git-secret/ssh" }] : []),
    ...(g.sshKeySecret && g.knownHosts
      ? [{ name: "GITSYNC_SSH_KNOWN_HOSTS", value: "true" }, { name: "GITSYNC_SSH_KNOWN_HOSTS_FILE", value: KNOWN_HOSTS_FILE }]
      : g.sshKeySecret
        ? [{ name: "GITSYNC_SSH_KNOWN_HOSTS", value: "false" }]
        : []),
    ...(g.credentialsSecret
      ? ["GITSYNC_USERNAME", "GITSYNC_PASSWORD"].map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: g.credentialsSecret, key } } }))
      : []),
  ];
  const container = (name: string, extraEnv: readonly { name: string; value: string }[]) => ({
    name,
    image: GIT_SYNC_IMAGE,
    securityContext: { runAsUser: 65533 },
    env: [...env, ...extraEnv],
    resources: chartResources(g.resources),
    volumeMounts: [
      { name: volume, mountPath: "/git" },
      ...(g.sshKeySecret ? [{ name: sshVolume, mountPath: "/etc/git-secret/ssh", subPath: "gitSshKey", readOnly: true }] : []),
      // The chart puts dags.gitSync.knownHosts into its airflow.cfg ConfigMap (volume "config", in this pod already).
      ...(g.sshKeySecret && g.knownHosts ? [{ name: "config", mountPath: KNOWN_HOSTS_FILE, subPath: "known_hosts", readOnly: true }] : []),
    ],
  });
  return {
    // One sync before Airflow starts (as the chart's git-sync-init does for its own components), so the server
    // loads the plugin on its first start instead of an empty folder; then the sidecar keeps it current.
    extraInitContainers: [container("airflow-ts-git-sync-init", [{ name: "GITSYNC_ONE_TIME", value: "true" }])],
    extraContainers: [container("airflow-ts-git-sync", [])],
    extraVolumes: [{ name: volume, emptyDir: {} }, ...(g.sshKeySecret ? [{ name: sshVolume, secret: { secretName: g.sshKeySecret, defaultMode: 0o440 } }] : [])],
    extraVolumeMounts: [{ name: volume, mountPath: CHECKOUT_ROOT, readOnly: true }],
  };
}

/** Where the chart's git-sync containers read known_hosts (the same path for the UI server's). */
const KNOWN_HOSTS_FILE = "/etc/git-secret/known_hosts";

/** Where the chart mounts the synced checkout; git-sync links the current commit at `repo` inside it. */
const CHECKOUT_ROOT = path.posix.dirname(CHECKOUT);

/** The chart's resource keys (Kubernetes' own: `ephemeral-storage`). */
function chartResources(r: Resources): Record<string, Record<string, string>> {
  const list = (l: object | undefined) =>
    Object.fromEntries(Object.entries(l ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [k === "ephemeralStorage" ? "ephemeral-storage" : k, String(v)]));
  return { ...(r.requests && { requests: list(r.requests) }), ...(r.limits && { limits: list(r.limits) }) };
}

/** All sections as one object: what Helm sees. */
export function valuesObject(sections: readonly ValuesSection[]): Record<string, unknown> {
  return Object.assign({}, ...sections.map((s) => s.values)) as Record<string, unknown>;
}

/**
 * What an environment changes over the base: only differing keys, objects compared key by key, lists whole.
 *
 * A key the base sets and the environment does not must go back to the chart's default. Helm deletes a key set
 * to `null` together with the chart's default under it, and a template that reads into a deleted map fails
 * (`nil pointer evaluating interface {}.annotations`); an empty map would not help either, as Helm merges maps.
 * So a map is taken back key by key; a key the chart has gets the chart's default written out (`null` only where
 * that default is `~`); a key the chart does not have gets the empty value of its type (see `takeBack`).
 */
export function overlay(base: Readonly<Record<string, unknown>>, env: Readonly<Record<string, unknown>>, at: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(env)) {
    const was = base[key];
    if (isDeepStrictEqual(was, value)) continue;
    if (!(isRecord(was) && isRecord(value))) out[key] = value;
    else {
      const inner = overlay(was, value, [...at, key]);
      if (Object.keys(inner).length) out[key] = inner; // differing only in keys the chart defaults the same way
    }
  }
  Object.assign(out, takeBack(Object.fromEntries(Object.entries(base).filter(([key]) => !(key in env))), at));
  return out;
}

/** The overlay that takes these base keys back to the chart's defaults (see `overlay`). */
function takeBack(base: Readonly<Record<string, unknown>>, at: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, was] of Object.entries(base)) {
    const fallback = chartDefault([...at, key]);
    if (fallback === undefined) {
      // A key the chart does not have: Helm keeps a null for it (only chart keys are deleted) and its schema
      // refuses it, so the key gets its type's empty value, which the chart's templates read as unset.
      if (isRecord(was)) {
        const inner = takeBack(was, [...at, key]);
        if (Object.keys(inner).length) out[key] = inner;
      } else out[key] = typeof was === "string" ? "" : typeof was === "boolean" ? false : typeof was === "number" ? 0 : [];
    } else if (fallback === null) out[key] = null;
    else if (isDeepStrictEqual(was, fallback)) continue;
    else if (isRecord(fallback) && isRecord(was)) {
      const inner = takeBack(was, [...at, key]);
      if (Object.keys(inner).length) out[key] = inner;
    } else out[key] = fallback;
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Commented YAML, sections in order, keys as given: byte-identical for the same input. */
export function renderValuesYaml(sections: readonly ValuesSection[]): string {
  // No anchors and aliases: the sidecar and its init container share their env list, and each must read as written.
  return sections
    .filter((s) => Object.keys(s.values).length > 0)
    .map((s) => `# ${s.comment}\n${yamlText(s.values)}`)
    .join("\n");
}
