import { z } from "zod";
import { addIssue } from "../../diagnostics/issue";
import {
  checkConfigKey,
  checkDns1123Label,
  checkEnvVarName,
  checkExtendedResourceName,
  checkLabelValue,
  checkQualifiedName,
} from "../../knowledge/kubernetes";
import { checkImageReference } from "../../knowledge/image-reference";
import { hasJinja } from "../../knowledge/jinja/index";
import { taskNotifySchema } from "../shared/notify-schema";
import { checkedString, duration, namespaceName, nonNegativeInt, objectName, positiveInt, quantity } from "../shared/schema-parts";

/** A map whose keys are checked by `checkKey` and values by `value`. */
function checkedMap<Value extends z.ZodType = z.ZodString>(checkKey: (key: string) => string | undefined, code: string, hint: string, value: Value = z.string() as z.ZodType as Value) {
  return z.record(z.string(), value).superRefine((map, ctx) => {
    for (const key of Object.keys(map)) {
      const problem = checkKey(key);
      if (problem) ctx.addIssue({ code: "custom", message: problem, path: [key], params: { code, hint } });
    }
  });
}

export const labelValue = z.string().superRefine((value, ctx) => {
  const problem = hasJinja(value) ? undefined : checkLabelValue(value);
  if (problem) addIssue(ctx, problem, { code: "invalid-label", hint: "label values are at most 63 of [A-Za-z0-9-_.], starting and ending alphanumeric" });
});

export const labels = checkedMap(checkQualifiedName, "invalid-label", 'label keys look like "team" or "example.com/team"', labelValue);
export const annotations = checkedMap(checkQualifiedName, "invalid-annotation", 'annotation keys look like "example.com/owner"');

const configKey = z.string().superRefine((key, ctx) => {
  const problem = checkConfigKey(key);
  if (problem) addIssue(ctx, problem, { code: "invalid-key", hint: "Secret and ConfigMap keys hold letters, digits, -, _ and ." });
});

const secretKeyRef = z.object({ kind: z.literal("secretKey"), secret: objectName("Secret"), key: configKey, optional: z.boolean() });
const configMapKeyRef = z.object({ kind: z.literal("configMapKey"), configMap: objectName("ConfigMap"), key: configKey, optional: z.boolean() });

export const env = checkedMap(checkEnvVarName, "invalid-env-name", "use letters, digits and _, e.g. DB_PASSWORD", z.union([z.string(), secretKeyRef, configMapKeyRef]));

export const envSource = z
  .object({ kind: z.enum(["secret", "configMap"]), name: objectName("Secret/ConfigMap"), prefix: z.string(), optional: z.boolean() })
  .superRefine((source, ctx) => {
    if (source.prefix !== "" && checkEnvVarName(source.prefix)) {
      ctx.addIssue({ code: "custom", path: ["prefix"], message: `prefix "${source.prefix}" does not start a valid environment variable name`, params: { code: "invalid-env-name", hint: 'use letters, digits and _, e.g. "DB_"' } });
    }
  });

/** A pod's volume names are DNS-1123 labels, stricter than the claim names they default to. */
const volumeName = checkedString(checkDns1123Label, {
  code: "invalid-name",
  hint: 'volume names are lower-case letters, digits and "-" (no dots); name it: volume.claim("raw.data", { name: "raw-data" })',
});

const claimSpec = z.strictObject({
  // A quantity as the claim spec writes it: text (a number written without TypeScript is the same amount).
  size: quantity.transform(String),
  accessModes: z.array(z.enum(["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"])).min(1).optional(),
  storageClass: objectName("StorageClass").optional(),
});

export const volumeClaim = z.looseObject({
  kind: z.literal("persistentVolumeClaim"),
  claimName: objectName("PersistentVolumeClaim"),
  name: volumeName,
  create: claimSpec.optional(),
});

export const mount = z.strictObject({
  volume: z.union([z.string(), volumeClaim]),
  path: z.string().superRefine((path, ctx) => {
    if (!path.startsWith("/")) addIssue(ctx, `mount path "${path}" is not absolute`, { code: "invalid-mount-path", hint: 'start it with "/", e.g. "/data"' });
  }),
  subPath: z
    .string()
    .superRefine((subPath, ctx) => {
      if (subPath.startsWith("/") || subPath.split("/").includes("..")) {
        addIssue(ctx, `subPath "${subPath}" must be a relative path without ".."`, { code: "invalid-mount-path", hint: 'e.g. "raw/2026"' });
      }
    })
    .optional(),
  readOnly: z.boolean().optional(),
});

const STANDARD_RESOURCES = ["cpu", "memory", "ephemeralStorage"];
const resourceList = z.record(z.string(), quantity.optional()).superRefine((list, ctx) => {
  for (const [name, value] of Object.entries(list)) {
    if (STANDARD_RESOURCES.includes(name)) continue;
    const problem = checkExtendedResourceName(name);
    if (problem) {
      ctx.addIssue({ code: "custom", path: [name], message: problem, params: { code: "invalid-resource-name", hint: `use cpu, memory, ephemeralStorage or "<vendor>/<resource>"` } });
    } else if (value !== undefined && !/^\d+$/.test(String(value))) {
      ctx.addIssue({ code: "custom", path: [name], message: `extended resource "${name}" must be a whole number, not "${value}"`, params: { code: "invalid-quantity", hint: "GPUs and other extended resources cannot be shared: use 1, 2, ..." } });
    }
  }
});
export const resources = z.strictObject({ requests: resourceList.optional(), limits: resourceList.optional() });

export const toleration = z
  .strictObject({
    key: z.string().optional(),
    operator: z.enum(["Exists", "Equal"]).optional(),
    value: z.string().optional(),
    effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]).optional(),
    tolerationSeconds: z.number().int().optional(),
  })
  .superRefine((t, ctx) => {
    const fail = (path: string, message: string, hint: string) =>
      ctx.addIssue({ code: "custom", path: [path], message, params: { code: "invalid-toleration", hint } });
    if (t.key !== undefined && t.key !== "" && checkQualifiedName(t.key)) fail("key", checkQualifiedName(t.key)!, 'e.g. "nvidia.com/gpu"');
    if (t.value && checkLabelValue(t.value)) fail("value", checkLabelValue(t.value)!, "toleration values follow the label value rules");
    if (t.operator === "Exists" && t.value) fail("value", 'a toleration with operator "Exists" cannot have a value', "remove value, or use operator Equal");
    if (!t.key && t.operator !== "Exists") fail("operator", 'a toleration without a key must use operator "Exists"', "add a key, or tolerate every taint with operator Exists");
    if (t.tolerationSeconds !== undefined && t.effect !== "NoExecute") fail("tolerationSeconds", 'tolerationSeconds only applies to effect "NoExecute"', 'set effect: "NoExecute" or remove it');
  });

/** Pool names as Airflow 2.11 checks them (`validate_key`: Python's unicode `\w`, "." and "-", at most 250); 3.x is laxer. */
const POOL_NAME = /^[\p{L}\p{N}_.-]{1,250}$/u;
const pool = z.string().superRefine((name, ctx) => {
  if (!POOL_NAME.test(name)) {
    addIssue(ctx, `pool name ${JSON.stringify(name)} is invalid`, { code: "invalid-pool", hint: 'pool names are 1 to 250 letters, digits, "_", "." and "-" (Airflow 2.11 refuses the DAG otherwise), e.g. "warehouse"' });
  }
});

export const affinity = z.strictObject({
  nodeAffinity: z.record(z.string(), z.unknown()).optional(),
  podAffinity: z.record(z.string(), z.unknown()).optional(),
  podAntiAffinity: z.record(z.string(), z.unknown()).optional(),
});

/** Settings valid both in a pipeline's `defaults` and on a task. */
export const taskSettingsShape = {
  owner: z.string().min(1).optional(),
  namespace: namespaceName.optional(),
  serviceAccount: objectName("ServiceAccount").optional(),
  nodeSelector: checkedMap(checkQualifiedName, "invalid-label", 'node labels look like "node-pool" or "cloud.google.com/gke-nodepool"', labelValue).optional(),
  tolerations: z.array(toleration).optional(),
  affinity: affinity.optional(),
  labels: labels.optional(),
  annotations: annotations.optional(),
  imagePullPolicy: z.enum(["Always", "IfNotPresent", "Never"]).optional(),
  imagePullSecrets: z.array(objectName("Secret")).optional(),
  resources: resources.optional(),
  retries: nonNegativeInt.optional(),
  retryDelay: duration("retryDelay").optional(),
  retryExponentialBackoff: z.boolean().optional(),
  maxRetryDelay: duration("maxRetryDelay").optional(),
  executionTimeout: duration("executionTimeout").optional(),
  startupTimeout: duration("startupTimeout").optional(),
  podCleanup: z.enum(["delete_pod", "delete_succeeded_pod", "keep_pod"]).optional(),
  pool: pool.optional(),
  poolSlots: positiveInt.optional(),
  priorityWeight: z.number().int().min(-(2 ** 31)).max(2 ** 31 - 1).optional(),
  notify: taskNotifySchema.optional(),
};

export const taskSettingsSchema = z.strictObject(taskSettingsShape);

/** A container image reference; a templated one is checked when Airflow renders it. */
export const image = z.string().superRefine((value, ctx) => {
  if (value.trim() === "") addIssue(ctx, "the task has no image", { code: "missing-image", hint: 'set image, e.g. "ghcr.io/acme/extract:1.4.2"' });
  else if (!hasJinja(value)) {
    // A templated image is only known when Airflow renders it: the runtime checks it then.
    const problem = checkImageReference(value);
    if (problem) addIssue(ctx, problem.message, { code: "invalid-image", hint: problem.hint });
  }
});
