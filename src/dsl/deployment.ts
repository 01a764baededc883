import type { Duration } from "./duration";
import type { Quantity, Resources } from "./task-settings";

/** An Airflow release, as the image tag has it. @example "3.1.7" */
export type AirflowVersion = `${number}.${number}.${number}`;

/**
 * Executors the official chart knows. `CeleryKubernetesExecutor` and `LocalKubernetesExecutor` exist on Airflow 2
 * only; on Airflow 3 list several executors instead (`["CeleryExecutor", "KubernetesExecutor"]`).
 */
export type ExecutorName = "KubernetesExecutor" | "CeleryExecutor" | "LocalExecutor" | "CeleryKubernetesExecutor" | "LocalKubernetesExecutor";

/** Airflow's long-running components, as the chart names them. `apiServer` is the UI (the webserver on Airflow 2). */
export type Component = "scheduler" | "workers" | "triggerer" | "dagProcessor" | "apiServer";

/** Where Airflow pulls the generated DAGs from: the git repository this project lives in. */
export interface GitSync {
  /** @example "git@github.com:acme/pipelines.git" */
  readonly repo: string;
  /** Branch, tag or commit to deploy. @default "main" */
  readonly ref?: string;
  /** Folder of this project (its config file) inside the repository. @default "" (the repository root) @example "data/pipelines" */
  readonly projectPath?: string;
  /** Name of the Secret holding the SSH private key, under the key `gitSshKey`. */
  readonly sshKeySecret?: string;
  /** Name of the Secret holding `GITSYNC_USERNAME` and `GITSYNC_PASSWORD`, for HTTPS. */
  readonly credentialsSecret?: string;
  /** How often to pull. @default "60s" */
  readonly period?: Duration;
  /**
   * The SSH host keys of the git server, as a known_hosts file has them, so git-sync refuses a server that is not
   * the one named in `repo` (the chart's `dags.gitSync.knownHosts`). Without it, SSH git-sync accepts any host key
   * and a compile warning says so. Get them with `ssh-keyscan github.com`.
   * @default none (host keys not verified: a warning)
   * @example "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
   */
  readonly knownHosts?: string;
  /**
   * Requests and limits of the git-sync containers: the chart's own (`dags.gitSync.resources`) and the UI server's
   * checkout that airflow-ts adds.
   * @default { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } }
   * @example { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } }
   */
  readonly resources?: Resources;
}

/** Task logs: on a volume shared by Airflow's pods, or in remote storage through an Airflow connection. */
export type LogStorage =
  | { readonly persistence: { readonly size: Quantity; readonly storageClass?: string } }
  | { readonly remote: { readonly baseLogFolder: string; readonly connectionId: string } };

/** How the UI and API are reached: the chart's Ingress, or only a Service. */
export type UiExposure =
  | { readonly ingress: { readonly host: string; readonly tlsSecret?: string; readonly className?: string } }
  | { readonly service: { readonly type: "ClusterIP" | "NodePort" | "LoadBalancer" } };

/** Names of the Secrets that hold Airflow's keys. The values never pass through airflow-ts. */
export interface KeySecrets {
  /** Secret with the key `fernet-key`. @example "airflow-fernet-key" */
  readonly fernetKey: string;
  /** Secret with the UI/API session key (`api-secret-key` on Airflow 3, `webserver-secret-key` on 2). */
  readonly webSecretKey: string;
  /** Secret with the key `jwt-secret` (Airflow 3 only). */
  readonly jwtSecret?: string;
}

/** Everything an environment may override. */
export interface DeploymentSettings {
  /** The Airflow version the image runs; decides the chart keys used (Airflow 3: `apiServer`, 2: `webserver`). */
  readonly airflowVersion: AirflowVersion;
  /** An image that carries apache-airflow-providers-cncf-kubernetes. @default the official apache/airflow:<airflowVersion>, which does */
  readonly image?: { readonly repository: string; readonly tag: string };
  /** @default "KubernetesExecutor" */
  readonly executor?: ExecutorName | readonly ExecutorName[];
  /** Namespace of the Helm release: where Airflow runs and where tasks without a namespace run. @example "airflow" */
  readonly namespace: string;
  /** Name of the Helm release. @default "airflow" */
  readonly release?: string;
  readonly gitSync: GitSync;
  /** @default { persistence: { size: "10Gi" } } */
  readonly logs?: LogStorage;
  /** Requests and limits per component. @default the chart's */
  readonly resources?: Partial<Readonly<Record<Component, Resources>>>;
  /** The metadata database: the chart's embedded Postgres (not for production) or a Secret whose key `connection` holds a SQLAlchemy URL. @default "embedded" */
  readonly database?: "embedded" | { readonly secret: string };
  /** @default { service: { type: "ClusterIP" } } */
  readonly ui?: UiExposure;
  /** The chart's StatsD exporter, for Prometheus to scrape. @default true */
  readonly metrics?: boolean;
  readonly secrets: KeySecrets;
  /**
   * Where schedulers, workers and triggerers may launch task pods: the release namespace only, every namespace
   * (the chart's `multiNamespaceMode`, a ClusterRole), or the release namespace plus a Role and RoleBinding in each
   * namespace the pipelines use (generated/k8s/). A task in a namespace Airflow may not launch pods in is an error.
   * @default "multiNamespaceMode" when the pipelines use other namespaces than the release's, else "releaseNamespace"
   */
  readonly podLaunching?: "releaseNamespace" | "multiNamespaceMode" | "perNamespaceRoles";
  /** Registry Secrets for Airflow's own images. @default [] */
  readonly imagePullSecrets?: readonly string[];
  /**
   * The chart's default Admin user (`admin`/`admin`, made by its `createUserJob`). Off unless asked: anyone who can
   * reach the UI could log in with it. Without it, create the first user yourself:
   * `kubectl -n <namespace> exec deploy/<release>-api-server -- airflow users create --role Admin ...`
   * (`<release>-webserver` on Airflow 2).
   * @default false
   * @example environments: { dev: { defaultAdminUser: true } }
   */
  readonly defaultAdminUser?: boolean;
}

/** The cluster Airflow runs in, as far as the pipelines need it. */
export interface DeploymentOptions extends DeploymentSettings {
  /**
   * Overlays, one values file each (`airflow-helm-values/values-<name>.yaml`), over the base values.
   * @example { dev: { database: "embedded", resources: {} }, prod: { database: { secret: "airflow-db" } } }
   */
  readonly environments?: Readonly<Record<string, Partial<DeploymentSettings>>>;
  /**
   * ServiceAccounts that tasks run as (their `serviceAccount`) and that airflow-ts creates: one in each namespace
   * whose tasks use it, in generated/k8s/, with the image pull Secrets those tasks pull with. A task's account that
   * is neither listed here nor in `existing.serviceAccounts` is a compile error at the task (`default` excepted).
   * @default []
   * @example ["etl-runner", "trainer"]
   */
  readonly serviceAccounts?: readonly string[];
  /** Objects that already exist in the cluster, in the namespaces of the tasks that use them. */
  readonly existing?: ExistingObjects;
}

/**
 * What the cluster already has for the tasks. Everything the tasks use must be created by airflow-ts or listed
 * here; otherwise the compile reports it at the task that uses it, so a deploy never fails on a name nobody created.
 */
export interface ExistingObjects {
  /** Claims the pipelines mount but do not create. @default [] @example ["model-registry"] */
  readonly claims?: readonly string[];
  /** Registry Secrets the tasks pull with. @default [] @example ["ghcr-pull"] */
  readonly imagePullSecrets?: readonly string[];
  /** ServiceAccounts tasks run as that are made elsewhere (with cloud IAM annotations, say). @default [] @example ["trainer"] */
  readonly serviceAccounts?: readonly string[];
  /**
   * Secrets the tasks read, each with the keys it holds: a key a task reads that is not listed is an error.
   * `.all()` (every key as a variable) needs only the name.
   * @default {}
   * @example { "warehouse-db": ["username", "password"] }
   */
  readonly secrets?: Readonly<Record<string, readonly string[]>>;
  /** ConfigMaps the tasks read, each with its keys, as for `secrets`. @default {} @example { "etl-config": ["source_url"] } */
  readonly configMaps?: Readonly<Record<string, readonly string[]>>;
}

/** An environment over the base: top-level settings replace, except resources, gitSync and secrets, merged a level down. */
export function mergeSettings(base: DeploymentSettings, overlay: Partial<DeploymentSettings>): DeploymentSettings {
  return {
    ...base,
    ...overlay,
    gitSync: { ...base.gitSync, ...overlay.gitSync },
    secrets: { ...base.secrets, ...overlay.secrets },
    resources: { ...base.resources, ...overlay.resources },
  };
}
