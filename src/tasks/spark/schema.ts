import { z } from "zod";
import { producesSchema } from "../shared/assets";
import { addIssue } from "../../diagnostics/issue";
import { checkExtendedResourceName } from "../../knowledge/kubernetes";
import { hasJinja } from "../../knowledge/jinja/index";
import { duration, nonNegativeInt, positiveInt, quantity } from "../shared/schema-parts";
import { env, envSource, image, mount, taskSettingsShape } from "../container/schema";
import { checkSparkMemory } from "./memory";

// The container parts the pod kind uses too, so a Spark task's env, mounts, Secrets and placement are checked as a pod's.
// Spark sizes its pods with cores and memory, and the operator deletes the SparkApplication, not a pod.
const sharedSettings = Object.fromEntries(Object.entries(taskSettingsShape).filter(([key]) => key !== "resources" && key !== "podCleanup")) as Omit<typeof taskSettingsShape, "resources" | "podCleanup">;

/** A Spark memory amount; a templated one is left to Airflow's rendering and Spark. */
const sparkMemory = z.string().superRefine((value, ctx) => {
  if (hasJinja(value)) return;
  const problem = checkSparkMemory(value);
  if (problem) addIssue(ctx, problem.message, { code: "invalid-spark-memory", hint: problem.hint });
});

const nonEmpty = (what: string, example: string) =>
  z.string().superRefine((value, ctx) => {
    if (value.trim() === "") addIssue(ctx, `${what} is empty`, { code: `missing-${what}`, hint: `set ${what}, e.g. ${example}` });
  });

const gpu = z.strictObject({
  name: z.string().superRefine((name, ctx) => {
    const problem = checkExtendedResourceName(name);
    if (problem) addIssue(ctx, problem, { code: "invalid-resource-name", hint: 'GPUs are extended resources, e.g. "nvidia.com/gpu"' });
  }),
  quantity: positiveInt,
});

const sparkPodShape = {
  cores: positiveInt.optional(),
  coreRequest: quantity.optional(),
  coreLimit: quantity.optional(),
  memory: sparkMemory.optional(),
  memoryOverhead: sparkMemory.optional(),
  gpu: gpu.optional(),
  serviceAccount: sharedSettings.serviceAccount,
  nodeSelector: sharedSettings.nodeSelector,
  tolerations: sharedSettings.tolerations,
  affinity: sharedSettings.affinity,
  labels: sharedSettings.labels,
  annotations: sharedSettings.annotations,
};

const confMap = z.record(z.string(), z.string()).superRefine((map, ctx) => {
  for (const key of Object.keys(map)) {
    if (key.trim() === "" || /\s/.test(key)) {
      ctx.addIssue({ code: "custom", path: [key], message: `property name ${JSON.stringify(key)} is empty or holds white space`, params: { code: "invalid-spark-conf", hint: 'property names look like "spark.sql.shuffle.partitions"' } });
    }
  }
});

const restartPolicy = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("Never") }),
  z.strictObject({
    type: z.literal("OnFailure"),
    onFailureRetries: nonNegativeInt.optional(),
    onFailureRetryInterval: duration("onFailureRetryInterval").optional(),
    onSubmissionFailureRetries: nonNegativeInt.optional(),
    onSubmissionFailureRetryInterval: duration("onSubmissionFailureRetryInterval").optional(),
  }),
]);

const fileList = z.array(nonEmpty("file", '"local:///opt/app/lib.zip"'));

export const sparkTaskSchema = z.strictObject({
  ...sharedSettings,
  type: z.enum(["Scala", "Java", "Python", "R"]),
  image,
  mainApplicationFile: nonEmpty("mainApplicationFile", '"local:///opt/app/transform.py"'),
  mainClass: nonEmpty("mainClass", '"com.acme.etl.Transform"').optional(),
  arguments: z.array(z.string()).optional(),
  sparkVersion: z.string().superRefine((value, ctx) => {
    if (!/^\d+\.\d+(\.\d+)?([-.+][0-9A-Za-z.-]+)?$/.test(value)) addIssue(ctx, `"${value}" is not a Spark version`, { code: "invalid-spark-version", hint: 'the Spark version of the image, e.g. "3.5.5"' });
  }),
  driver: z.strictObject(sparkPodShape).optional(),
  executor: z.strictObject({ ...sparkPodShape, instances: positiveInt.optional() }).optional(),
  dynamicAllocation: z
    .strictObject({
      minExecutors: positiveInt,
      maxExecutors: positiveInt,
      initialExecutors: positiveInt.optional(),
      shuffleTrackingTimeout: duration("shuffleTrackingTimeout").optional(),
    })
    .optional(),
  env: env.optional(),
  envFrom: z.array(envSource).optional(),
  mounts: z.array(mount).optional(),
  sparkConf: confMap.optional(),
  hadoopConf: confMap.optional(),
  deps: z
    .strictObject({ jars: fileList.optional(), files: fileList.optional(), pyFiles: fileList.optional(), packages: fileList.optional(), repositories: fileList.optional(), archives: fileList.optional() })
    .optional(),
  restartPolicy: restartPolicy.optional(),
  timeToLive: duration("timeToLive").optional(),
  cleanup: z.enum(["delete", "keep"]).optional(),
  doc: z.string().optional(),
  produces: producesSchema.optional(),
  triggerRule: z
    .enum(["all_success", "all_failed", "all_done", "all_skipped", "one_success", "one_failed", "one_done", "none_failed", "none_skipped", "none_failed_min_one_success", "always"])
    .optional(),
});

/** A Spark task's options as its schema returns them: durations in seconds, mounts as data. */
export type ValidSparkTaskOptions = z.output<typeof sparkTaskSchema>;
