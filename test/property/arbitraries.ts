import fc from "fast-check";
import { literal } from "../../src/dsl/context";
import { instantsOf, parseLocalDateTime } from "../../src/knowledge/dates";
import type { EdgeSpec, PipelineSpec, RefSpec, ScheduleSpec, TaskSpec, VolumeSpec } from "./pipeline-spec";

/**
 * Random valid pipelines covering every option of the DSL. Valid values are built from the Kubernetes API
 * server's and Airflow's own rules as written in their sources (k8s.io/apimachinery validation, croniter),
 * not from the compiler's validators, so a compiler that is too strict fails the round trip too.
 */

/** Written by the injection strings below if a value ever escaped its Python literal and ran. */
export const PWNED = "/tmp/airflow-ts-pwned-property";

/** Pieces that break naive quoting in Python, Jinja, shells, YAML or JSON. */
export const HOSTILE_FRAGMENTS = [
  `'`, `"`, "\\", "\\n", "\\x41", "\\N{BULLET}", "\\u0041", "\n", "\r\n", "\r", "\t", "\u000b", "\f",
  "'''", '"""', "%", "%s", "%(name)s", "{}", "{0}", "${HOME}", "$(id)", "`id`",
  "{{ ds }}", "{{", "}}", "{% raw %}", "{#", "é", "ß", "日本語", "🚀", "👩‍💻", "🇩🇪", "\u2028", "\u2029", "\u200b", "\u0007", "\u007f", "\ufeff",
  `"); import os; os.system("touch ${PWNED}"); ("`,
  `'); import os; os.system('touch ${PWNED}'); ('`,
  `"""); import os; os.system("touch ${PWNED}"); ("""`,
  `\\"); __import__("os").system("touch ${PWNED}"); ("`,
  "# comment", "\\\n", "null", "None", "True", "0x1F",
];

/**
 * `fc.stringMatching`, built once per pattern. Building one is costly (fast-check tokenizes its well-known strings
 * against the pattern's characters), and arbitraries built inside `chain` are built again for every value: this
 * made generating a 200-pipeline batch take 25 s. An arbitrary holds no state, so sharing one draws the same values.
 */
const matchers = new Map<string, fc.Arbitrary<string>>();
export function matching(pattern: RegExp): fc.Arbitrary<string> {
  const key = `${pattern.source}/${pattern.flags}`;
  if (!matchers.has(key)) matchers.set(key, fc.stringMatching(pattern));
  return matchers.get(key)!;
}

/** Any string Kubernetes and Python can carry: hostile fragments mixed with random unicode (no NUL, no lone surrogates). */
export const hostileString: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOSTILE_FRAGMENTS) }, { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 6 }) }), { maxLength: 5 })
  .map((parts) => parts.join(""))
  .filter((s) => !s.includes("\0"));

const nonEmptyHostile = hostileString.filter((s) => s.length > 0);

/**
 * A hostile string in a field Airflow renders with Jinja, as a user must write it to mean the text itself:
 * through literal() when it looks like a template (otherwise the compiler rightly refuses `{{` or `{#`).
 */
export const templatedHostileString: fc.Arbitrary<string> = hostileString.map(literal);

// Names as the API server defines them (k8s.io/apimachinery/pkg/util/validation).
export const dnsLabel = matching(/^[a-z0-9]([-a-z0-9]{0,14}[a-z0-9])?$/);
export const dnsSubdomain = fc.array(dnsLabel, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("."));
const qualifiedNamePart = matching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,14}[A-Za-z0-9])?$/);
export const qualifiedName = fc.tuple(fc.option(dnsSubdomain, { nil: undefined }), qualifiedNamePart).map(([prefix, name]) => (prefix ? `${prefix}/${name}` : name));
export const labelValue = fc.oneof(fc.constant(""), qualifiedNamePart);
export const envVarName = matching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/).filter((n) => n !== "__proto__");
/** Secret and ConfigMap keys: not "." or "..", not starting with "..". */
export const configKey = matching(/^[-._a-zA-Z0-9]{1,20}$/).filter((k) => k !== "." && !k.startsWith(".."));
const taskOrDagId = matching(/^[A-Za-z0-9_.-]{1,40}$/);

export const duration = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 90 }), fc.constantFrom("s", "m", "h", "d")).map(([n, u]) => `${n}${u}`),
  fc.tuple(fc.integer({ min: 1, max: 23 }), fc.integer({ min: 1, max: 59 })).map(([h, m]) => `${h}h${m}m`),
  fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 23 }), fc.integer({ min: 1, max: 59 })).map(([d, h, m]) => `${d}d${h}h${m}m`),
);

// --- schedules -------------------------------------------------------------------------------------------

const cronField = (min: number, max: number, names: readonly string[] = []) =>
  fc.oneof(
    fc.constant("*"),
    fc.integer({ min, max }).map(String),
    fc.integer({ min: 1, max: Math.max(1, Math.floor((max - min) / 2)) }).map((step) => `*/${step}`),
    fc.uniqueArray(fc.integer({ min, max }), { minLength: 2, maxLength: 3 }).map((values) => values.sort((a, b) => a - b).join(",")),
    fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    ...(names.length ? [fc.constantFrom(...names)] : []),
  );

/** Cron expressions croniter accepts; day of month stays within 28 so every expression fires in every month. */
export const cronExpression = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(cronField(0, 59), cronField(0, 23), cronField(1, 28), cronField(1, 12, ["jan", "jun", "dec"]), cronField(0, 6, ["mon", "fri", "mon-fri"])).map((f) => f.join(" ")) },
  { weight: 1, arbitrary: fc.constantFrom("@hourly", "@daily", "@weekly", "@monthly", "@yearly") },
);

export const schedule: fc.Arbitrary<ScheduleSpec> = fc.oneof(
  fc.record({ kind: fc.constant("cron" as const), expression: cronExpression, dataInterval: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: ["kind", "expression"] }),
  fc.record({ kind: fc.constant("every" as const), every: duration, dataInterval: fc.option(fc.boolean(), { nil: undefined }) }, { requiredKeys: ["kind", "every"] }),
  fc.record({ kind: fc.constant("preset" as const), name: fc.constantFrom("none", "once", "continuous", "hourly", "daily", "weekly", "monthly", "quarterly", "yearly") }),
  // Consumed URIs are under s3://in/ and produced ones under s3://out/, so no batch makes a cycle through assets.
  fc.record(
    { kind: fc.constant("assets" as const), uris: fc.uniqueArray(matching(/^[a-z0-9]{1,8}$/), { minLength: 1, maxLength: 3 }).map((xs) => xs.map((x) => `s3://in/${x}`)), combinator: fc.constantFrom("all" as const, "any" as const), orCron: fc.option(cronExpression, { nil: undefined }) },
    { requiredKeys: ["kind", "uris", "combinator"] },
  ),
);

/** What a task produces: assets under s3://out/ (see `schedule`), named by their URI. */
const produces = fc.uniqueArray(matching(/^[a-z0-9]{1,8}$/), { minLength: 1, maxLength: 2 }).map((xs) => xs.map((x) => ({ $: "asset" as const, uri: `s3://out/${x}` })));

const pad = (n: number) => String(n).padStart(2, "0");
const localDate = (minYear: number, maxYear: number) =>
  fc
    .tuple(
      fc.integer({ min: minYear, max: maxYear }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 }),
      fc.option(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.option(fc.integer({ min: 0, max: 59 }), { nil: undefined })), { nil: undefined }),
    )
    .map(([y, mo, d, time]) => `${y}-${pad(mo)}-${pad(d)}${time ? `T${pad(time[0])}:${pad(time[1])}${time[2] !== undefined ? `:${pad(time[2])}` : ""}` : ""}`);

export const TIMEZONES = ["UTC", "Europe/Berlin", "America/New_York", "America/Sao_Paulo", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham", "Africa/Casablanca", "Etc/GMT+5"];

// --- pod fields ------------------------------------------------------------------------------------------

const image = fc
  .tuple(
    fc.option(fc.constantFrom("ghcr.io/acme/", "registry.example.com:5000/team/", "docker.io/library/", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/"), { nil: "" }),
    matching(/^[a-z0-9]+([._-][a-z0-9]+)?$/),
    fc.oneof(matching(/^:[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/).filter((t) => t !== ":latest"), matching(/^@sha256:[a-f0-9]{64}$/)),
  )
  .map((parts) => parts.join(""));

/** Requests are at most one core / 1Gi and limits at least that, so any merge of defaults and task stays valid. */
const cpuRequest = fc.constantFrom<string | number>("1m", "100m", "250m", "0.5", ".25", 0.5, "1", 1, "1000m", "2e-1");
const cpuLimit = fc.constantFrom<string | number>("1", 1, "1.5", 2, "2000m", "16", "1e1");
const memoryRequest = fc.constantFrom<string | number>("64Mi", "128Mi", "512Mi", "1Gi", "500M", "1e9", "1048576", "900Mi");
const memoryLimit = fc.constantFrom<string | number>("1Gi", "2Gi", "4G", "1.5Gi", "8Gi", "2e9", "1Ti");

const resourceList = (cpu: fc.Arbitrary<string | number>, memory: fc.Arbitrary<string | number>) =>
  fc.record({ cpu, memory, ephemeralStorage: memory }, { requiredKeys: [] });

const gpuLimits = fc.record({ "nvidia.com/gpu": fc.constantFrom<string | number>(1, 2, "4") });
const taskResources = fc.oneof(
  fc.record({ requests: resourceList(cpuRequest, memoryRequest), limits: resourceList(cpuLimit, memoryLimit) }, { requiredKeys: [] }),
  fc.record({ requests: resourceList(cpuRequest, memoryRequest), limits: fc.tuple(resourceList(cpuLimit, memoryLimit), gpuLimits).map(([l, g]) => ({ ...l, ...g })) }, { requiredKeys: ["limits"] }),
  // Extended resources may also be requested, when the request equals the limit.
  gpuLimits.map((g) => ({ requests: g, limits: g })),
);
const defaultResources = fc.record({ requests: resourceList(cpuRequest, memoryRequest), limits: resourceList(cpuLimit, memoryLimit) }, { requiredKeys: [] });

const toleration = fc.oneof(
  fc.record({ key: qualifiedName, operator: fc.constant("Equal"), value: labelValue, effect: fc.constantFrom("NoSchedule", "PreferNoSchedule", "NoExecute") }, { requiredKeys: ["key"] }),
  fc.record({ key: qualifiedName, operator: fc.constant("Exists"), effect: fc.constantFrom("NoSchedule", "PreferNoSchedule") }, { requiredKeys: ["key", "operator"] }),
  fc.record({ key: qualifiedName, operator: fc.constantFrom("Exists", "Equal"), effect: fc.constant("NoExecute"), tolerationSeconds: fc.integer({ min: 0, max: 86400 }) }),
  fc.constant({ operator: "Exists" }),
);

const nodeRequirement = fc.oneof(
  fc.record({ key: qualifiedName, operator: fc.constantFrom("In", "NotIn"), values: fc.uniqueArray(labelValue, { minLength: 1, maxLength: 3 }) }),
  fc.record({ key: qualifiedName, operator: fc.constantFrom("Exists", "DoesNotExist") }),
  fc.record({ key: qualifiedName, operator: fc.constantFrom("Gt", "Lt"), values: fc.integer({ min: 0, max: 999 }).map((n) => [String(n)]) }),
);
const nodeSelectorTerm = fc.record({ matchExpressions: fc.array(nodeRequirement, { minLength: 1, maxLength: 2 }) });
const labelRequirement = fc.oneof(
  fc.record({ key: qualifiedName, operator: fc.constantFrom("In", "NotIn"), values: fc.uniqueArray(labelValue, { minLength: 1, maxLength: 3 }) }),
  fc.record({ key: qualifiedName, operator: fc.constantFrom("Exists", "DoesNotExist") }),
);
const podAffinityTerm = fc.record(
  {
    labelSelector: fc.record({ matchLabels: fc.dictionary(qualifiedName, labelValue, { maxKeys: 2 }), matchExpressions: fc.array(labelRequirement, { maxLength: 2 }) }, { requiredKeys: [] }),
    namespaces: fc.uniqueArray(dnsLabel, { maxLength: 2 }),
    topologyKey: fc.constantFrom("kubernetes.io/hostname", "topology.kubernetes.io/zone"),
  },
  { requiredKeys: ["topologyKey"] },
);
const podAffinity = fc.record(
  {
    requiredDuringSchedulingIgnoredDuringExecution: fc.array(podAffinityTerm, { minLength: 1, maxLength: 2 }),
    preferredDuringSchedulingIgnoredDuringExecution: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 100 }), podAffinityTerm }), { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: [] },
);
const affinity = fc.record(
  {
    nodeAffinity: fc.record(
      {
        requiredDuringSchedulingIgnoredDuringExecution: fc.record({ nodeSelectorTerms: fc.array(nodeSelectorTerm, { minLength: 1, maxLength: 2 }) }),
        preferredDuringSchedulingIgnoredDuringExecution: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 100 }), preference: nodeSelectorTerm }), { minLength: 1, maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
    podAffinity,
    podAntiAffinity: podAffinity,
  },
  { requiredKeys: [] },
);

// --- alerts ----------------------------------------------------------------------------------------------

/** Connection ids as Airflow's sanitize_conn_id accepts them (airflow/models/connection.py): word characters and #!()-.:/\ . */
export const connectionId = fc.oneof(matching(/^[A-Za-z0-9_#!()\-.:/\\]{1,20}$/), fc.constantFrom("slack_alerts", "smtp_default", "früh_alerts", "日本_http"));
/** A notifier's message: every string a notifier holds is a Jinja template it renders. */
const message = nonEmptyHostile.map(literal);
// Not "$": the spec printer reads an object with a "$" key as a reference (printRef), which printed a hole.
const jsonKey = hostileString.filter((k) => k !== "__proto__" && k !== "$");
const jsonScalar = fc.oneof(templatedHostileString, fc.integer({ min: -1000, max: 1000 }), fc.boolean(), fc.constant(null));
const jsonObject = fc.dictionary(jsonKey, fc.oneof({ weight: 3, arbitrary: jsonScalar }, { weight: 1, arbitrary: fc.array(jsonScalar, { maxLength: 2 }) }, { weight: 1, arbitrary: fc.dictionary(jsonKey, jsonScalar, { maxKeys: 2 }) }), { maxKeys: 3 });

/** `slack({...})`, `email({...})` or `webhook({...})`, every option, hostile text in every template. */
export const notifier = fc.oneof(
  fc.record({ connection: connectionId, text: message, blocks: fc.array(jsonObject, { minLength: 1, maxLength: 2 }) }, { requiredKeys: ["connection", "text"] }).map((options) => ({ $: "slack" as const, options })),
  fc
    .record({ connection: connectionId, to: fc.array(fc.oneof(fc.constantFrom("oncall@acme.example", "données@exemple.fr"), message), { minLength: 1, maxLength: 2 }), from: message, subject: message, body: templatedHostileString }, { requiredKeys: ["connection", "to", "subject", "body"] })
    .map((options) => ({ $: "email" as const, options })),
  fc
    .record(
      { connection: connectionId, endpoint: templatedHostileString, method: fc.constantFrom("POST", "PUT"), json: jsonObject, headers: fc.dictionary(matching(/^[A-Za-z][A-Za-z0-9-]{0,12}$/), templatedHostileString, { maxKeys: 2 }) },
      { requiredKeys: ["connection"] },
    )
    .map((options) => ({ $: "webhook" as const, options })),
);
/** One notifier or a list of them. */
export const notifiers = fc.oneof(notifier, fc.array(notifier, { minLength: 1, maxLength: 2 }));
const taskNotify = fc.record({ failure: notifiers, retry: notifiers, success: notifiers }, { requiredKeys: [] });
const pipelineNotify = fc.record({ failure: notifiers, success: notifiers }, { requiredKeys: [] });

/** Airflow 2.11's validate_key: unicode word characters, "." and "-". */
const poolName = fc.oneof(matching(/^[A-Za-z0-9_.-]{1,20}$/), fc.constantFrom("warehouse", "gpu.pool-1", "früh_läufe", "池_1"));

/** Options valid both in `defaults` and on a task (TaskSettings). */
const settings = (resources: fc.Arbitrary<unknown>) => ({
  owner: fc.oneof(matching(/^[a-z][a-z-]{0,15}$/), nonEmptyHostile),
  namespace: dnsLabel,
  serviceAccount: dnsSubdomain,
  nodeSelector: fc.dictionary(qualifiedName, labelValue, { maxKeys: 3 }),
  tolerations: fc.array(toleration, { maxLength: 3 }),
  affinity,
  labels: fc.dictionary(qualifiedName, labelValue, { maxKeys: 4 }),
  annotations: fc.dictionary(qualifiedName, templatedHostileString, { maxKeys: 3 }),
  imagePullPolicy: fc.constantFrom("Always", "IfNotPresent", "Never"),
  imagePullSecrets: fc.uniqueArray(dnsSubdomain, { maxLength: 3 }),
  resources,
  retries: fc.integer({ min: 0, max: 10 }),
  retryDelay: duration,
  retryExponentialBackoff: fc.boolean(),
  maxRetryDelay: duration,
  executionTimeout: duration,
  startupTimeout: duration,
  podCleanup: fc.constantFrom("delete_pod", "delete_succeeded_pod", "keep_pod"),
  pool: poolName,
  poolSlots: fc.integer({ min: 1, max: 16 }),
  priorityWeight: fc.oneof(fc.integer({ min: -100, max: 100 }), fc.constantFrom(-(2 ** 31), 2 ** 31 - 1)),
  notify: taskNotify,
});

const envValue = fc.oneof(
  { weight: 3, arbitrary: templatedHostileString },
  { weight: 1, arbitrary: fc.record({ $: fc.constantFrom("secretKey" as const, "configMapKey" as const), name: dnsSubdomain, key: configKey, optional: fc.boolean() }, { requiredKeys: ["$", "name", "key"] }) },
);
const envSource = fc.record(
  { $: fc.constantFrom("secretAll" as const, "configMapAll" as const), name: dnsSubdomain, prefix: envVarName, optional: fc.boolean() },
  { requiredKeys: ["$", "name"] },
);

const mountPath = matching(/^\/[a-z][a-z0-9_-]{0,8}(\/[a-z0-9_.-]{1,8}){0,2}$/).filter((p) => !p.split("/").includes("..") && !p.split("/").includes("."));
const subPath = matching(/^[a-z0-9_-]{1,8}(\/[a-z0-9_-]{1,8}){0,2}$/);

/** Mounts of the pipeline's volumes at distinct paths: by handle (`v0.at(...)`) or, for declared ones, by name. */
function mounts(volumes: readonly VolumeSpec[]): fc.Arbitrary<unknown[]> {
  if (volumes.length === 0) return fc.constant([]);
  const mount = fc
    .record({ volume: fc.nat(volumes.length - 1), path: mountPath, subPath: fc.option(subPath, { nil: undefined }), readOnly: fc.option(fc.boolean(), { nil: undefined }), byName: fc.boolean() })
    .map(({ volume, path, subPath, readOnly, byName }) => {
      const v = volumes[volume]!;
      const extra = { ...(subPath !== undefined && { subPath }), ...(readOnly !== undefined && { readOnly }) };
      return byName && v.declared ? { volume: v.name ?? v.claimName, path, ...extra } : ({ $: "mount", volume, path, ...extra } satisfies RefSpec);
    });
  return fc.uniqueArray(mount, { maxLength: 3, selector: (m) => m.path });
}

function task(id: string, volumes: readonly VolumeSpec[]): fc.Arbitrary<TaskSpec> {
  return fc
    .record(
      {
        ...settings(taskResources),
        image,
        command: fc.array(templatedHostileString, { maxLength: 3 }),
        args: fc.array(templatedHostileString, { maxLength: 5 }),
        env: fc.dictionary(envVarName, envValue, { maxKeys: 5 }),
        envFrom: fc.array(envSource, { maxLength: 2 }),
        mounts: mounts(volumes),
        doc: hostileString,
        triggerRule: fc.constantFrom("all_success", "all_failed", "all_done", "all_skipped", "one_success", "one_failed", "one_done", "none_failed", "none_skipped", "none_failed_min_one_success", "always"),
      },
      { requiredKeys: ["image"] },
    )
    .map((options) => ({ id, options }));
}

const sparkMemory = fc.constantFrom("512m", "1g", "4g", "2048", "1536M", "8G", "1t", "640K");
/**
 * A driver or executor: cores within coreLimit (whole cores at most 8, limits of 8 cores or more), a coreRequest
 * at most one core, and the pod settings a role overrides.
 */
const sparkPod = fc.record(
  {
    cores: fc.integer({ min: 1, max: 8 }),
    coreRequest: fc.constantFrom<string | number>("100m", "500m", "1", 1, "0.5"),
    coreLimit: fc.constantFrom<string | number>("8", 8, "8000m", "16", "1e1"),
    memory: sparkMemory,
    memoryOverhead: sparkMemory,
    gpu: fc.record({ name: fc.constantFrom("nvidia.com/gpu", "amd.com/gpu", "example.com/fpga"), quantity: fc.integer({ min: 1, max: 4 }) }),
    serviceAccount: dnsSubdomain,
    nodeSelector: fc.dictionary(qualifiedName, labelValue, { maxKeys: 2 }),
    tolerations: fc.array(toleration, { maxLength: 2 }),
    affinity,
    labels: fc.dictionary(qualifiedName, labelValue, { maxKeys: 2 }),
    annotations: fc.dictionary(qualifiedName, templatedHostileString, { maxKeys: 2 }),
  },
  { requiredKeys: [] },
);
const sparkFiles = fc.array(templatedHostileString.map((s) => `local:///opt/deps/${s}`), { maxLength: 2 });
const sparkDeps = fc.record(
  { jars: sparkFiles, files: sparkFiles, pyFiles: sparkFiles, packages: fc.array(fc.constantFrom("org.apache.hadoop:hadoop-aws:3.3.4", "io.delta:delta-spark_2.12:3.2.0"), { maxLength: 2 }), repositories: fc.array(fc.constantFrom("https://repo1.maven.org/maven2", "https://repo.example.com/ü"), { maxLength: 2 }), archives: sparkFiles },
  { requiredKeys: [] },
);
const restartPolicy = fc.oneof(
  fc.constant({ type: "Never" }),
  fc.record(
    { type: fc.constant("OnFailure"), onFailureRetries: fc.integer({ min: 0, max: 5 }), onFailureRetryInterval: duration, onSubmissionFailureRetries: fc.integer({ min: 0, max: 5 }), onSubmissionFailureRetryInterval: duration },
    { requiredKeys: ["type"] },
  ),
);
/** min <= initial <= max; max at least 20, so any executor.instances (at most 20) stays within it. */
const dynamicAllocation = fc
  .record({ min: fc.integer({ min: 1, max: 4 }), extra: fc.integer({ min: 0, max: 8 }), initial: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }), shuffleTrackingTimeout: fc.option(duration, { nil: undefined }) })
  .map(({ min, extra, initial, shuffleTrackingTimeout }) => ({
    minExecutors: min,
    maxExecutors: min + extra + 20,
    ...(initial !== undefined && { initialExecutors: min + initial }),
    ...(shuffleTrackingTimeout !== undefined && { shuffleTrackingTimeout }),
  }));

/** A Spark task (`p.spark`): every string that lands in its SparkApplication hostile, as in a pod's args. */
function sparkTask(id: string, volumes: readonly VolumeSpec[]): fc.Arbitrary<TaskSpec> {
  const { resources: _r, podCleanup: _c, ...shared } = settings(fc.constant(undefined));
  return fc
    .record(
      {
        ...shared,
        type: fc.constantFrom("Scala", "Java", "Python", "R"),
        image,
        mainApplicationFile: templatedHostileString.map((s) => `local:///opt/app/${s}`),
        mainClass: nonEmptyHostile.filter((s) => s.trim() !== "").map(literal),
        arguments: fc.array(templatedHostileString, { maxLength: 5 }),
        sparkVersion: fc.constantFrom("3.5.5", "3.4.1", "4.0.0"),
        driver: sparkPod,
        executor: fc.tuple(sparkPod, fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined })).map(([pod, instances]) => ({ ...pod, ...(instances !== undefined && { instances }) })),
        dynamicAllocation,
        env: fc.dictionary(envVarName, envValue, { maxKeys: 4 }),
        envFrom: fc.array(envSource, { maxLength: 2 }),
        mounts: mounts(volumes),
        sparkConf: fc.dictionary(matching(/^spark\.[a-z][a-zA-Z.]{0,20}$/), templatedHostileString, { maxKeys: 4 }),
        hadoopConf: fc.dictionary(matching(/^fs\.[a-z][a-zA-Z.]{0,20}$/), templatedHostileString, { maxKeys: 2 }),
        deps: sparkDeps,
        restartPolicy,
        timeToLive: duration,
        cleanup: fc.constantFrom("delete", "keep"),
        doc: hostileString,
        triggerRule: fc.constantFrom("all_success", "all_done", "one_failed", "none_failed_min_one_success", "always"),
      },
      { requiredKeys: ["type", "image", "mainApplicationFile", "sparkVersion"] },
    )
    .map((options) => ({ id, kind: "spark" as const, options }));
}

/** The first task stays a pod: the invalid-input mutations change pod options of the first task. */
function anyTask(id: string, index: number, volumes: readonly VolumeSpec[]): fc.Arbitrary<TaskSpec> {
  const kinds = index === 0 ? task(id, volumes) : fc.oneof({ weight: 6, arbitrary: task(id, volumes) }, { weight: 1, arbitrary: sparkTask(id, volumes) });
  return fc.tuple(kinds, fc.option(produces, { nil: undefined, freq: 4 })).map(([t, assets]) => (assets ? { ...t, options: { ...t.options, produces: assets } } : t));
}

// --- graphs ----------------------------------------------------------------------------------------------

/** Edges between task indexes, always from a lower to a higher index, so every graph is acyclic. */
const graph: fc.Arbitrary<{ size: number; edges: readonly (readonly [number, number])[] }> = fc.oneof(
  fc.constant({ size: 1, edges: [] }),
  fc.integer({ min: 2, max: 12 }).map((size) => ({ size, edges: Array.from({ length: size - 1 }, (_, i) => [i, i + 1] as [number, number]) })),
  fc.integer({ min: 1, max: 30 }).map((width) => ({
    size: width + 2,
    edges: Array.from({ length: width }, (_, i) => [[0, i + 1], [i + 1, width + 1]] as [number, number][]).flat(),
  })),
  fc.integer({ min: 2, max: 10 }).chain((size) =>
    fc
      .uniqueArray(fc.tuple(fc.nat(size - 1), fc.nat(size - 1)), { maxLength: size * 2, selector: ([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}` })
      .map((pairs) => ({ size, edges: pairs.filter(([a, b]) => a !== b).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]) })),
  ),
);

const volumeSpecs: fc.Arbitrary<VolumeSpec[]> = fc.uniqueArray(
  fc.record({ claimName: dnsSubdomain, name: fc.option(dnsLabel, { nil: undefined }), declared: fc.boolean() }).map((v) =>
    // A claim name with dots is not a valid volume name: such claims need their own name.
    v.name === undefined && v.claimName.includes(".") ? { ...v, name: v.claimName.replaceAll(".", "-").slice(0, 63).replace(/-+$/, "") || "v" } : v,
  ),
  { maxLength: 3, selector: (v) => v.name ?? v.claimName },
).map((vs) => vs.filter((v, i) => vs.findIndex((w) => w.claimName === v.claimName) === i));

const endOf = (start: string, years: number) => `${Number(start.slice(0, 4)) + years}${start.slice(4)}`;

/** A valid pipeline: any graph shape, schedule and option. */
export const pipelineSpec: fc.Arbitrary<PipelineSpec> = fc
  .record({ idStem: taskOrDagId, graph, volumes: volumeSpecs, schedule, timezone: fc.constantFrom(...TIMEZONES), start: localDate(2020, 2030), endAfterYears: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }) })
  // A start or end the timezone's clocks skip is refused (nonexistent-local-time): not a valid pipeline.
  .filter(({ timezone, start, endAfterYears }) => [start, ...(endAfterYears === undefined ? [] : [endOf(start, endAfterYears)])].every((date) => instantsOf(parseLocalDateTime(date)!, timezone).length > 0))
  .chain(({ idStem, graph, volumes, schedule, timezone, start, endAfterYears }) =>
    fc
      .record({
        ids: fc.uniqueArray(taskOrDagId, { minLength: graph.size, maxLength: graph.size, selector: (id) => id.toLowerCase() }),
        declarationOrder: fc.shuffledSubarray([...Array(graph.size).keys()], { minLength: graph.size, maxLength: graph.size }),
        edgeStyles: fc.array(fc.record({ via: fc.constantFrom("after" as const, "before" as const), byId: fc.boolean() }), { minLength: graph.edges.length, maxLength: graph.edges.length }),
        options: fc.record(
          {
            description: hostileString,
            docs: hostileString,
            owner: fc.oneof(matching(/^[a-z][a-z-]{0,15}$/), nonEmptyHostile),
            tags: fc.uniqueArray(fc.oneof(matching(/^[a-z][a-z0-9-]{0,10}$/), nonEmptyHostile.filter((t) => t.length <= 100)), { maxLength: 4 }),
            timezone: fc.constant(timezone),
            catchup: fc.boolean(),
            maxActiveRuns: fc.integer({ min: 1, max: 32 }),
            maxActiveTasks: fc.integer({ min: 1, max: 64 }),
            runTimeout: duration,
            pausedOnCreation: fc.boolean(),
            notify: pipelineNotify,
            defaults: fc.record(settings(defaultResources), { requiredKeys: [] }),
          },
          { requiredKeys: ["catchup"] },
        ),
      })
      .chain(({ ids, declarationOrder, edgeStyles, options }) =>
        fc.tuple(...ids.map((id, index) => anyTask(id, index, volumes))).map((tasks): PipelineSpec => {
          const edges: EdgeSpec[] = graph.edges.map(([up, down], i) => ({ up, down, ...edgeStyles[i]! }));
          const end = endAfterYears === undefined ? undefined : endOf(start, endAfterYears);
          const allOptions = {
            start,
            ...(end !== undefined && { end }),
            ...options,
            // Airflow refuses a continuous schedule with more than one active run.
            ...(schedule.kind === "preset" && schedule.name === "continuous" && { maxActiveRuns: 1 }),
          };
          return { idStem, options: allOptions, schedule, volumes, tasks, declarationOrder, edges };
        }),
      ),
  );

// --- params, groups and mapped tasks -----------------------------------------------------------------------

export const paramSpec = fc.oneof(
  fc.record({ name: matching(/^[a-z][a-z0-9_]{0,10}$/), default: hostileString, description: hostileString }),
  fc.record({ name: matching(/^[a-z][a-z0-9_]{0,10}$/), description: hostileString, enum: fc.uniqueArray(nonEmptyHostile, { minLength: 1, maxLength: 3 }) }),
);

/**
 * A valid pipeline with run parameters, task groups and tasks mapped over a list written in the pipeline, beside
 * the tasks of `pipelineSpec`. Used where a pipeline is compiled but not loaded by Airflow (the invalid-input
 * property): every string it carries is a place a hostile value can be put.
 */
export const pipelineSpecWithExtras: fc.Arbitrary<PipelineSpec> = pipelineSpec.chain((spec) => {
  const taken = new Set(spec.tasks.map((t) => t.id.toLowerCase()));
  const freshId = (stem: string) => matching(/^[a-z0-9_]{1,8}$/).map((s) => `${stem}${s}`).filter((id) => !taken.has(id.toLowerCase()) && ![...taken].some((t) => t.startsWith(`${id.toLowerCase()}.`)));
  return fc
    .record({
      params: fc.uniqueArray(paramSpec, { minLength: 1, maxLength: 3, selector: (p) => p.name }),
      groups: fc.uniqueArray(
        fc.record({ id: freshId("grp_"), tooltip: hostileString, taskIds: fc.uniqueArray(taskOrDagId.filter((id) => !id.includes(".")), { minLength: 1, maxLength: 2, selector: (id) => id.toLowerCase() }) }, { requiredKeys: ["id", "taskIds"] }),
        { maxLength: 2, selector: (g) => g.id.toLowerCase() },
      ),
      mapped: fc.uniqueArray(fc.record({ id: freshId("map_"), over: fc.array(templatedHostileString, { minLength: 1, maxLength: 3 }) }), { maxLength: 2, selector: (m) => m.id.toLowerCase() }),
    })
    .filter(({ groups, mapped }) => !groups.some((g) => mapped.some((m) => m.id.toLowerCase() === g.id.toLowerCase())))
    .chain(({ params, groups, mapped }) =>
      fc
        .tuple(
          fc.tuple(...groups.map((g) => fc.tuple(...g.taskIds.map((id) => task(id, spec.volumes))))),
          fc.tuple(...mapped.map((m) => task(m.id, spec.volumes))),
        )
        .map(([groupTasks, mappedTasks]): PipelineSpec => ({
          ...spec,
          params,
          groups: groups.map((g, i) => ({ id: g.id, ...(g.tooltip !== undefined && { tooltip: g.tooltip }), tasks: groupTasks[i]! })),
          mapped: mapped.map((m, i) => ({ id: m.id, over: m.over, options: mappedTasks[i]!.options })),
        })),
    );
});
