import * as path from "node:path";
import { mergeSettings, type Component, type DeploymentOptions, type DeploymentSettings, type ExecutorName, type KeySecrets, type LogStorage, type UiExposure } from "../dsl/deployment";
import type { Resources } from "../dsl/task-settings";
import { lineOfVersion, type AirflowLine } from "../knowledge/airflow-lines";
import { clusterObjects, type ClusterObjects } from "./cluster-objects";
import type { Pipeline } from "./pipeline";

/** Where the chart mounts the git-sync checkout: `{airflowHome}/dags/repo`. */
export const CHECKOUT = "/opt/airflow/dags/repo";

/** One environment's deployment, defaults applied: what the Helm values are rendered from. */
export interface DeploymentModel {
  /** The overlay's name, or null for the base values. */
  readonly environment: string | null;
  readonly airflowVersion: string;
  /** The Airflow line of `airflowVersion`: what differs between lines is read from its descriptor (AIRFLOW_LINES). */
  readonly line: AirflowLine;
  readonly image: { readonly repository: string; readonly tag: string };
  readonly executors: readonly ExecutorName[];
  readonly namespace: string;
  readonly release: string;
  readonly gitSync: {
    readonly repo: string;
    readonly ref: string;
    /** The generated DAG folder inside the repository. */
    readonly subPath: string;
    /** The generated plugin folder, as Airflow's pods see it. */
    readonly pluginsFolder: string;
    readonly sshKeySecret?: string;
    readonly credentialsSecret?: string;
    readonly period: string;
    /** known_hosts lines for SSH; absent: host keys are not verified (a compile warning says so). */
    readonly knownHosts?: string;
    readonly resources: Resources;
  };
  readonly logs: LogStorage;
  readonly resources: Partial<Readonly<Record<Component, Resources>>>;
  readonly database: "embedded" | { readonly secret: string };
  readonly ui: UiExposure;
  readonly metrics: boolean;
  readonly secrets: KeySecrets;
  /** Namespaces other than the release's that tasks launch pods in, and how Airflow gets the right to. */
  readonly otherNamespaces: readonly string[];
  readonly podLaunching: "multiNamespaceMode" | "perNamespaceRoles" | "releaseNamespace";
  readonly imagePullSecrets: readonly string[];
  readonly defaultAdminUser: boolean;
  /** ServiceAccounts airflow-ts creates for the tasks (one per namespace that uses each), in generated/k8s/. */
  readonly taskServiceAccounts: readonly string[];
}

/** Requests and limits of a git-sync container: it holds one shallow checkout, so little, but bounded. */
export const GIT_SYNC_RESOURCES: Resources = { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } };

/** The base deployment and one per environment, in name order. */
export function buildDeployments(options: DeploymentOptions, pipelines: readonly Pipeline[], root: string, outDir: string): DeploymentModel[] {
  const environments = Object.keys(options.environments ?? {}).sort();
  return [null, ...environments].map((name) => {
    const settings = name === null ? options : mergeSettings(options, options.environments![name]!);
    // An environment may move the release: tasks without a namespace move with it.
    return build(settings, name, clusterObjects(pipelines, settings.namespace), root, outDir, options.serviceAccounts ?? []);
  });
}


function build(s: DeploymentSettings, environment: string | null, objects: ClusterObjects, root: string, outDir: string, taskServiceAccounts: readonly string[]): DeploymentModel {
  const otherNamespaces = objects.namespaces.map((n) => n.name).filter((n) => n !== s.namespace);
  const projectPath = (s.gitSync.projectPath ?? "").replace(/^\/+|\/+$/g, "");
  const generated = path.posix.join(projectPath, path.relative(root, outDir).split(path.sep).join("/"));
  const executor = s.executor ?? "KubernetesExecutor";
  return {
    environment,
    airflowVersion: s.airflowVersion,
    line: lineOfVersion(s.airflowVersion),
    image: s.image ?? { repository: "apache/airflow", tag: s.airflowVersion },
    executors: typeof executor === "string" ? [executor] : [...executor],
    namespace: s.namespace,
    release: s.release ?? "airflow",
    gitSync: {
      repo: s.gitSync.repo,
      ref: s.gitSync.ref ?? "main",
      subPath: path.posix.join(generated, "dags"),
      pluginsFolder: path.posix.join(CHECKOUT, generated, "plugins"),
      ...(s.gitSync.sshKeySecret !== undefined && { sshKeySecret: s.gitSync.sshKeySecret }),
      ...(s.gitSync.credentialsSecret !== undefined && { credentialsSecret: s.gitSync.credentialsSecret }),
      period: s.gitSync.period ?? "60s",
      ...(s.gitSync.knownHosts !== undefined && { knownHosts: s.gitSync.knownHosts }),
      resources: s.gitSync.resources ?? GIT_SYNC_RESOURCES,
    },
    logs: s.logs ?? { persistence: { size: "10Gi" } },
    resources: s.resources ?? {},
    database: s.database ?? "embedded",
    ui: s.ui ?? { service: { type: "ClusterIP" } },
    metrics: s.metrics ?? true,
    secrets: s.secrets,
    otherNamespaces,
    podLaunching: s.podLaunching ?? (otherNamespaces.length ? "multiNamespaceMode" : "releaseNamespace"),
    imagePullSecrets: s.imagePullSecrets ?? [],
    defaultAdminUser: s.defaultAdminUser ?? false,
    taskServiceAccounts: [...taskServiceAccounts].sort(),
  };
}

/**
 * Service accounts of the components that launch task pods (the chart's pod-launcher RoleBinding subjects):
 * the scheduler for local and Kubernetes executors, workers for Celery and Kubernetes ones, and the triggerer.
 */
export function podLaunchers(d: DeploymentModel): string[] {
  const prefix = d.release.includes("airflow") ? d.release : `${d.release}-airflow`;
  const launchers = new Set<string>();
  for (const executor of d.executors) {
    if (/Local|Kubernetes/.test(executor)) launchers.add("scheduler");
    if (/Celery|Kubernetes/.test(executor)) launchers.add("worker");
  }
  launchers.add("triggerer");
  return [...launchers].sort().map((component) => `${prefix}-${component}`);
}

/**
 * The accounts whose processes run task code (an operator's `execute` and its triggers): the scheduler for the local
 * executor (tasks run inside it), workers for Celery and Kubernetes executors (the chart's pod template runs
 * KubernetesExecutor's task pods as the worker account), and the triggerer. Unlike `podLaunchers`, not the scheduler
 * for the Kubernetes executor: it launches task pods but runs no task, so it needs no rights on what tasks create.
 */
export function taskRunners(d: DeploymentModel): string[] {
  const prefix = d.release.includes("airflow") ? d.release : `${d.release}-airflow`;
  const runners = new Set<string>(["triggerer"]);
  for (const executor of d.executors) {
    if (/Local/.test(executor)) runners.add("scheduler");
    if (/Celery|Kubernetes/.test(executor)) runners.add("worker");
  }
  return [...runners].sort().map((component) => `${prefix}-${component}`);
}
