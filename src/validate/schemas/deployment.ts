import { z } from "zod";
import { addIssue } from "../../diagnostics/issue";
import { checkImageReference } from "../../knowledge/image-reference";
import { versionAtLeast } from "../../knowledge/airflow-lines";
import { checkDns1123Label } from "../../knowledge/kubernetes";
import { duration, namespaceName, objectName, quantity } from "../../tasks/shared/schema-parts";

const resourceList = z.strictObject({ cpu: quantity.optional(), memory: quantity.optional(), ephemeralStorage: quantity.optional() });
const resources = z.strictObject({ requests: resourceList.optional(), limits: resourceList.optional() });
const component = z.enum(["scheduler", "workers", "triggerer", "dagProcessor", "apiServer"]);
const executor = z.enum(["KubernetesExecutor", "CeleryExecutor", "LocalExecutor", "CeleryKubernetesExecutor", "LocalKubernetesExecutor"]);

const airflowVersion = z.string().superRefine((v, ctx) => {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v);
  if (!m) addIssue(ctx, `"${v}" is not an Airflow version`, { code: "invalid-airflow-version", hint: 'e.g. "3.1.7" or "2.11.2"' });
  else if (!versionAtLeast(v, "2.11.0")) {
    addIssue(ctx, `Airflow ${v} is older than 2.11`, { code: "invalid-airflow-version", hint: "the generated DAGs and the chart need Airflow 2.11 or 3.x" });
  }
});

const releaseName = z.string().superRefine((v, ctx) => {
  const problem = v.length > 53 ? `"${v}" is longer than 53 characters` : checkDns1123Label(v);
  if (problem) addIssue(ctx, problem, { code: "invalid-name", hint: 'Helm release names are lower-case DNS labels, e.g. "airflow"' });
});

const gitSync = z.strictObject({
  repo: z.string().min(1),
  ref: z.string().min(1).optional(),
  projectPath: z.string().optional(),
  sshKeySecret: objectName("Secret").optional(),
  credentialsSecret: objectName("Secret").optional(),
  period: duration("period").optional(),
  knownHosts: z.string().min(1).optional(),
  resources: resources.optional(),
});

/** DeploymentSettings, field by field; `partial` for environment overlays. */
const settingsShape = {
  airflowVersion,
  image: z
    .strictObject({ repository: z.string().min(1), tag: z.string().min(1) })
    .superRefine(({ repository, tag }, ctx) => {
      // The chart pulls repository:tag: the same grammar as a task's image.
      const problem = checkImageReference(`${repository}:${tag}`);
      if (problem) addIssue(ctx, problem.message, { code: "invalid-image", hint: problem.hint });
    })
    .optional(),
  executor: z.union([executor, z.array(executor).min(1)]).optional(),
  namespace: namespaceName,
  release: releaseName.optional(),
  gitSync,
  logs: z
    .union([
      z.strictObject({ persistence: z.strictObject({ size: quantity, storageClass: objectName("StorageClass").optional() }) }),
      z.strictObject({ remote: z.strictObject({ baseLogFolder: z.string().min(1), connectionId: z.string().min(1) }) }),
    ])
    .optional(),
  resources: z.partialRecord(component, resources).optional(),
  database: z.union([z.literal("embedded"), z.strictObject({ secret: objectName("Secret") })]).optional(),
  ui: z
    .union([
      z.strictObject({ ingress: z.strictObject({ host: z.string().min(1), tlsSecret: objectName("Secret").optional(), className: z.string().min(1).optional() }) }),
      z.strictObject({ service: z.strictObject({ type: z.enum(["ClusterIP", "NodePort", "LoadBalancer"]) }) }),
    ])
    .optional(),
  metrics: z.boolean().optional(),
  secrets: z.strictObject({ fernetKey: objectName("Secret"), webSecretKey: objectName("Secret"), jwtSecret: objectName("Secret").optional() }),
  podLaunching: z.enum(["releaseNamespace", "multiNamespaceMode", "perNamespaceRoles"]).optional(),
  imagePullSecrets: z.array(objectName("Secret")).optional(),
  defaultAdminUser: z.boolean().optional(),
};

export const deploymentSchema = z.strictObject({
  ...settingsShape,
  environments: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "environment names are lower-case letters, digits and -"), z.strictObject(settingsShape).partial()).optional(),
  serviceAccounts: z.array(objectName("ServiceAccount")).optional(),
  existing: z
    .strictObject({
      claims: z.array(objectName("PersistentVolumeClaim")).optional(),
      imagePullSecrets: z.array(objectName("Secret")).optional(),
      serviceAccounts: z.array(objectName("ServiceAccount")).optional(),
      secrets: z.record(objectName("Secret"), z.array(z.string().min(1))).optional(),
      configMaps: z.record(objectName("ConfigMap"), z.array(z.string().min(1))).optional(),
    })
    .optional(),
});
