import type { PipelineOptions } from "../../dsl/pipeline";
import type { FieldPath } from "../../diagnostics/source-location";
import { parseQuantity } from "../../knowledge/kubernetes";
import { checkAffinity } from "../container/affinity";
import { checkClearCredentials } from "../container/credentials";
import { checkImagePinned, checkMounts } from "../container/checks";
import type { Issue } from "../../diagnostics/issue";
import type { SparkPodOptions, SparkTaskOptions } from "./options";

/**
 * What the schema cannot see one field at a time, for a Spark task whose options passed the schema: executor
 * bounds, cores within limits, mounts, affinity, credentials in clear. (Its templates are checked by the
 * validate stage, through sparkTemplatedStrings.)
 */
export function checkSparkTask(options: SparkTaskOptions, pipeline: Pick<PipelineOptions, "volumes" | "defaults">): Issue[] {
  return [
    ...checkExecutorBounds(options),
    ...checkCores(options.driver, ["driver"]),
    ...checkCores(options.executor, ["executor"]),
    ...checkMounts(pipeline.volumes, options.mounts),
    ...checkAffinity(options.affinity, ["affinity"]),
    ...checkAffinity(options.driver?.affinity, ["driver", "affinity"]),
    ...checkAffinity(options.executor?.affinity, ["executor", "affinity"]),
    ...checkImagePinned(options.image),
    ...checkSparkCredentials(options),
  ];
}

/**
 * min <= initial <= max, and fixed instances within them: Spark refuses the application at start otherwise
 * (`ExecutorAllocationManager.validateSettings`).
 */
export function checkExecutorBounds(options: SparkTaskOptions): Issue[] {
  const dynamic = options.dynamicAllocation;
  if (!dynamic) return [];
  const issues: Issue[] = [];
  const bound = (field: FieldPath, message: string, hint: string) => issues.push({ code: "invalid-executor-bounds", field, message, hint });
  const { minExecutors: min, maxExecutors: max, initialExecutors: initial } = dynamic;
  if (min > max) bound(["dynamicAllocation", "minExecutors"], `minExecutors ${min} is above maxExecutors ${max}`, "Spark refuses the application: lower minExecutors or raise maxExecutors");
  if (initial !== undefined && (initial < min || initial > max)) {
    bound(["dynamicAllocation", "initialExecutors"], `initialExecutors ${initial} is not between minExecutors ${min} and maxExecutors ${max}`, "Spark starts with this many executors: keep it within the bounds, or leave it out to start with minExecutors");
  }
  const instances = options.executor?.instances;
  if (instances !== undefined && instances > max) {
    bound(["executor", "instances"], `executor.instances ${instances} is above dynamicAllocation.maxExecutors ${max}`, "with dynamic allocation, instances is the initial number of executors: keep it within the bounds, or leave it out");
  }
  return issues;
}

/** The pod's CPU request (`coreRequest`, else `cores`) within `coreLimit`: Kubernetes rejects the pod otherwise. */
function checkCores(role: SparkPodOptions | undefined, at: FieldPath): Issue[] {
  if (!role || role.coreLimit === undefined) return [];
  const limit = parseQuantity(String(role.coreLimit));
  const [requestField, request] = role.coreRequest !== undefined ? ["coreRequest", role.coreRequest] : ["cores", role.cores];
  const requested = request === undefined ? undefined : parseQuantity(String(request));
  if (limit === undefined || requested === undefined || requested <= limit) return [];
  return [{
    code: "request-above-limit",
    field: [...at, requestField],
    message: `${at.join(".")} requests ${request} CPU, above its coreLimit ${role.coreLimit}`,
    hint: "raise coreLimit or lower the request; Kubernetes rejects a pod whose request exceeds its limit",
  }];
}

/** The pod kind's credential check over env and arguments, and Spark properties that name a secret. */
function checkSparkCredentials(options: SparkTaskOptions): Issue[] {
  const fromPod = checkClearCredentials({ env: options.env, args: options.arguments }).map((issue): Issue =>
    issue.field[0] === "args" ? { ...issue, field: ["arguments", ...issue.field.slice(1)], message: issue.message.replace(/^args/, "arguments") } : issue,
  );
  const fromConf = (["sparkConf", "hadoopConf"] as const).flatMap((conf) =>
    checkClearCredentials({ env: options[conf] }).map((issue): Issue => {
      const name = String(issue.field[1]);
      return {
        ...issue,
        field: [conf, name],
        message: `${conf} "${name}" looks like a credential, and its value is written in clear into the DAG file`,
        hint: `keep it in a Kubernetes Secret and pass it as an environment variable (env: { NAME: secret("<secret-name>").key("<key>") }), which Spark and Hadoop read; or use {{ conn... }} / {{ var... }} templates`,
      };
    }),
  );
  return [...fromPod, ...fromConf];
}
