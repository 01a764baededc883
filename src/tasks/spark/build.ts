import type { EnvValue, TaskSettings } from "../../dsl/task-settings";
import { freeText } from "../../knowledge/free-text";
import { dns1123LabelFrom } from "../../knowledge/kubernetes";
import type { BuildContext } from "../task-kind";
import { airflowSettingsModel } from "../shared/airflow-settings";
import { definedOnly } from "../shared/records";
import type { ValidMount, ValidVolumeClaim } from "../shared/validated";
import type { SparkPodOptions } from "./options";
import type { ValidSparkTaskOptions } from "./schema";
import { SPARK_API_VERSION, type SparkApplication, type SparkEnvFrom, type SparkEnvVar, type SparkPodSpec, type SparkTaskModel } from "./model";

/** The defaults a SparkApplication takes from the pipeline (no durations: those are the operator's). */
type ApplicationDefaults = Pick<TaskSettings, "serviceAccount" | "nodeSelector" | "tolerations" | "affinity" | "labels" | "annotations" | "imagePullPolicy" | "imagePullSecrets">;

/** The operator's default namespace (`SparkKubernetesOperator(namespace="default")`). */
export const DEFAULT_SPARK_NAMESPACE = "default";

/** The model of one validated Spark task: its SparkApplication, and its operator's Airflow settings. */
export function buildSparkTask(task: { readonly options: ValidSparkTaskOptions }, pipeline: BuildContext): SparkTaskModel {
  const { defaults, base } = pipeline;
  const own = task.options;
  const pick = <K extends keyof typeof defaults & keyof ValidSparkTaskOptions>(key: K): ValidSparkTaskOptions[K] => own[key] ?? (defaults[key] as ValidSparkTaskOptions[K]);
  const { application, claims } = sparkApplicationOf(own, pipeline, base.taskId);
  const namespace = application.metadata.namespace;
  const applicationName = application.metadata.name;
  return {
    kind: "spark",
    ...base,
    pushesResult: false,
    image: own.image,
    namespace,
    applicationName,
    application,
    claims: claims.map((c) => ({ name: c.name, claimName: c.claimName, ...(c.create && { create: c.create }) })),
    deleteOnTermination: (own.cleanup ?? "delete") === "delete",
    ...definedOnly({
      serviceAccount: application.spec.driver.serviceAccount,
      startupTimeoutSeconds: pick("startupTimeout"),
    }),
    ...airflowSettingsModel(own, pipeline),
  };
}

/**
 * The SparkApplication of validated options, and the claims it mounts. Also what the kind's check gives the CRD's
 * schema, before the model exists (so it reads only the defaults that reach the object).
 */
export function sparkApplicationOf(
  own: ValidSparkTaskOptions,
  pipeline: { readonly defaults?: ApplicationDefaults; readonly volumes: readonly ValidVolumeClaim[] },
  taskId: string,
): { application: SparkApplication; claims: readonly ValidVolumeClaim[] } {
  const defaults: ApplicationDefaults = pipeline.defaults ?? {};
  const namespace = own.namespace ?? (pipeline.defaults as { namespace?: string } | undefined)?.namespace ?? DEFAULT_SPARK_NAMESPACE;
  const applicationName = applicationNameOf(taskId);
  const claims = [...new Map((own.mounts ?? []).map((m) => claimOf(pipeline, m)).map((c) => [c.name, c])).values()];
  const seconds = (value: number | undefined) => value;
  const restart = own.restartPolicy ?? { type: "Never" as const };
  const dynamic = own.dynamicAllocation;
  const deps = Object.fromEntries(
    (["jars", "files", "pyFiles", "packages", "repositories", "archives"] as const).flatMap((key) => (own.deps?.[key]?.length ? [[key, own.deps[key]!]] : [])),
  );
  // Shared by both roles; each role's own settings merge over (maps) or replace (lists, affinity) these.
  const shared: SharedPodParts = {
    env: Object.entries(own.env ?? {}).map(([name, value]) => envVar(name, value)),
    envFrom: (own.envFrom ?? []).map((s): SparkEnvFrom => {
      const ref = { name: s.name, ...(s.optional && { optional: true as const }) };
      return { ...(s.kind === "secret" ? { secretRef: ref } : { configMapRef: ref }), ...(s.prefix !== "" && { prefix: s.prefix }) };
    }),
    volumeMounts: (own.mounts ?? []).map((m) => ({
      name: claimOf(pipeline, m).name,
      mountPath: m.path,
      ...(m.subPath !== undefined && { subPath: m.subPath }),
      ...(m.readOnly && { readOnly: true as const }),
    })),
    serviceAccount: own.serviceAccount ?? defaults.serviceAccount,
    nodeSelector: { ...defaults.nodeSelector, ...own.nodeSelector },
    tolerations: own.tolerations ?? defaults.tolerations,
    affinity: own.affinity ?? defaults.affinity,
    labels: { ...defaults.labels, ...own.labels },
    annotations: { ...defaults.annotations, ...own.annotations },
  };
  const imagePullSecrets = own.imagePullSecrets ?? defaults.imagePullSecrets ?? [];
  return { application: {
    apiVersion: SPARK_API_VERSION,
    kind: "SparkApplication",
    metadata: { name: applicationName, namespace },
    spec: {
      type: own.type,
      sparkVersion: own.sparkVersion,
      image: own.image,
      ...definedOnly({ imagePullPolicy: own.imagePullPolicy ?? defaults.imagePullPolicy }),
      ...(imagePullSecrets.length > 0 && { imagePullSecrets }),
      mainApplicationFile: own.mainApplicationFile,
      ...definedOnly({ mainClass: own.mainClass }),
      ...(own.arguments?.length && { arguments: own.arguments }),
      ...nonEmptyMap("sparkConf", own.sparkConf),
      ...nonEmptyMap("hadoopConf", own.hadoopConf),
      ...(Object.keys(deps).length > 0 && { deps }),
      restartPolicy:
        restart.type === "Never"
          ? { type: "Never" }
          : {
              type: "OnFailure",
              ...definedOnly({
                onFailureRetries: restart.onFailureRetries,
                onFailureRetryInterval: seconds(restart.onFailureRetryInterval),
                onSubmissionFailureRetries: restart.onSubmissionFailureRetries,
                onSubmissionFailureRetryInterval: seconds(restart.onSubmissionFailureRetryInterval),
              }),
            },
      ...definedOnly({ timeToLiveSeconds: seconds(own.timeToLive) }),
      ...(dynamic && {
        dynamicAllocation: {
          enabled: true as const,
          minExecutors: dynamic.minExecutors,
          maxExecutors: dynamic.maxExecutors,
          ...definedOnly({ initialExecutors: dynamic.initialExecutors, shuffleTrackingTimeout: seconds(dynamic.shuffleTrackingTimeout) }),
        },
      }),
      ...(claims.length > 0 && { volumes: claims.map((c) => ({ name: c.name, persistentVolumeClaim: { claimName: c.claimName } })) }),
      driver: podSpec(own.driver, shared),
      executor: { ...definedOnly({ instances: own.executor?.instances }), ...podSpec(own.executor, shared) },
    },
  }, claims };
}

interface SharedPodParts {
  readonly env: readonly SparkEnvVar[];
  readonly envFrom: readonly SparkEnvFrom[];
  readonly volumeMounts: SparkPodSpec["volumeMounts"];
  readonly serviceAccount: string | undefined;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: SparkPodSpec["tolerations"];
  readonly affinity: SparkPodSpec["affinity"];
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

function podSpec(role: SparkPodOptions | undefined, shared: SharedPodParts): SparkPodSpec {
  const own = role ?? {};
  return {
    ...definedOnly({
      cores: own.cores,
      coreRequest: own.coreRequest === undefined ? undefined : String(own.coreRequest),
      coreLimit: own.coreLimit === undefined ? undefined : String(own.coreLimit),
      memory: own.memory,
      memoryOverhead: own.memoryOverhead,
      gpu: own.gpu && { name: own.gpu.name, quantity: own.gpu.quantity },
      serviceAccount: own.serviceAccount ?? shared.serviceAccount,
    }),
    ...(shared.env.length > 0 && { env: shared.env }),
    ...(shared.envFrom.length > 0 && { envFrom: shared.envFrom }),
    ...(shared.volumeMounts?.length && { volumeMounts: shared.volumeMounts }),
    ...nonEmptyMap("nodeSelector", { ...shared.nodeSelector, ...own.nodeSelector }),
    ...((own.tolerations ?? shared.tolerations)?.length && { tolerations: own.tolerations ?? shared.tolerations }),
    ...definedOnly({ affinity: own.affinity ?? shared.affinity }),
    ...nonEmptyMap("labels", { ...shared.labels, ...own.labels }),
    ...nonEmptyMap("annotations", { ...shared.annotations, ...own.annotations }),
  };
}

function envVar(name: string, value: EnvValue): SparkEnvVar {
  if (typeof value === "string") return { name, value };
  const ref = { name: value.kind === "secretKey" ? value.secret : value.configMap, key: value.key, ...(value.optional && { optional: true as const }) };
  return { name, valueFrom: value.kind === "secretKey" ? { secretKeyRef: ref } : { configMapKeyRef: ref } };
}

function claimOf(pipeline: { readonly volumes: readonly ValidVolumeClaim[] }, mount: ValidMount): ValidVolumeClaim {
  if (typeof mount.volume !== "string") return mount.volume;
  return pipeline.volumes.find((v) => v.name === mount.volume)!;
}

/** A DNS-1123 label from a task id (lower case, "-" for anything else), as the SparkApplication's base name. */
export function applicationNameOf(taskId: string): string {
  const name = dns1123LabelFrom(taskId);
  return /^[a-z]/.test(name) ? name : `spark-${name}`.replace(/-+$/, "").slice(0, 63);
}

/** A map under `key`, keys sorted (their order means nothing), or nothing when it is empty. */
function nonEmptyMap<K extends string>(key: K, map: Readonly<Record<string, string>> | undefined): { [P in K]?: Record<string, string> } {
  const entries = Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return (entries.length === 0 ? {} : { [key]: Object.fromEntries(entries) }) as never;
}

