import type { TaskModelBase } from "../../src/tasks/task-kind";
import type { AssetConditionModel, Pipeline, PodTaskModel } from "../../src/model/pipeline";
import type { SparkTaskModel } from "../../src/tasks/spark/model";
import type { BranchTaskModel } from "../../src/tasks/branch/model";
import { literal } from "../../src/dsl/context";
import { instantOf, type LocalDateTime } from "../../src/knowledge/dates";

/**
 * What Airflow should report for a pipeline, derived from the model independently of the Python renderer:
 * if the generated file says something else, the comparison fails.
 */
export function expectedDag(p: Pipeline) {
  return {
    dag_id: p.dagId,
    description: p.description ?? null,
    doc_md: documented(p.docs, `${p.sourceFile}:${p.sourceLine}`),
    timetable: expectedTimetable(p),
    start_date: isoInZone(p.start, p.timezone),
    end_date: p.end ? isoInZone(p.end, p.timezone) : null,
    catchup: p.catchup,
    max_active_runs: p.maxActiveRuns ?? 16,
    max_active_tasks: p.maxActiveTasks ?? 16,
    dagrun_timeout: p.runTimeoutSeconds ?? null,
    // Python's sorted(): by code point, where JavaScript's sort() compares UTF-16 units.
    tags: [...p.tags].sort(byCodePoint),
  };
}

function expectedTimetable(p: Pipeline): Record<string, unknown> {
  const s = p.schedule;
  switch (s.kind) {
    case "cron":
      return { class: s.dataInterval ? "CronDataIntervalTimetable" : "CronTriggerTimetable", expression: s.expression, timezone: p.timezone };
    case "interval":
      return { class: s.dataInterval ? "DeltaDataIntervalTimetable" : "DeltaTriggerTimetable", delta: s.seconds };
    case "once":
      return { class: "OnceTimetable" };
    case "continuous":
      return { class: "ContinuousTimetable" };
    case "none":
      return { class: "NullTimetable" };
    case "assets":
      // The condition's tree is compared by test/airflow/assets.test.ts; here its URIs. 2.11's classes are named
      // Dataset...: compare.ts reads them as the Asset... classes they are.
      return { class: s.orCron ? "AssetOrTimeSchedule" : s.partitioned ? "PartitionedAssetTimetable" : "AssetTriggeredTimetable", asset_uris: [...new Set(uris(s.condition))].sort() };
  }
}

/** Operator attributes; unset options must come out as Airflow's own defaults. */
export function expectedTask(t: PodTaskModel) {
  return {
    task_id: t.taskId,
    operator: "KubernetesPodOperator",
    upstream: [...t.upstream].sort(),
    outlets: (t.produces ?? []).map((a) => a.uri).sort(),
    ...expectedBaseOperator(t),
    on_finish_action: t.podCleanup,
    startup_timeout_seconds: t.startupTimeoutSeconds ?? 120,
  };
}

/**
 * What Airflow must hold for a branch: a BranchPythonOperator (a ShortCircuitOperator for continueIf) calling the
 * generated function with the deciding task, the field's path and the cases as data, directly upstream of the
 * tasks its cases run.
 */
export function expectedBranchTask(t: BranchTaskModel) {
  const shortCircuit = t.mode === "continueIf";
  return {
    task_id: t.taskId,
    operator: shortCircuit ? "ShortCircuitOperator" : "BranchPythonOperator",
    upstream: [...t.upstream].sort(),
    ...expectedBaseOperator(t),
    branch: {
      python_callable: shortCircuit ? "airflow_ts_condition" : "airflow_ts_branch",
      // As written in the file: strings that look like templates are escaped (PythonOperator renders op_kwargs).
      op_kwargs: {
        source_task_id: literal(t.sourceTaskId),
        field_path: t.fieldPath.map(literal),
        ...(!shortCircuit && { cases: t.cases.map((c) => [typeof c.value === "string" ? literal(c.value) : c.value, c.taskIds.map(literal)]) }),
      },
      downstream: [...new Set(t.cases.flatMap((c) => c.taskIds))].sort(),
      ignore_downstream_trigger_rules: shortCircuit ? (t.ignoreDownstreamTriggerRules ?? true) : null,
      do_xcom_push: t.pushesResult,
    },
  };
}

/** What Airflow must hold for a Spark task: its operator fields, and its arguments as the generated call gives them. */
export function expectedSparkTask(t: SparkTaskModel) {
  return {
    task_id: t.taskId,
    operator: "SparkKubernetesOperator",
    upstream: [...t.upstream].sort(),
    outlets: (t.produces ?? []).map((a) => a.uri).sort(),
    ...expectedBaseOperator(t),
    startup_timeout_seconds: t.startupTimeoutSeconds ?? 600,
    spark: {
      name: t.applicationName,
      namespace: asWritten(t.namespace),
      // A string Airflow would read as a template file's name is written with an empty expression after it (view.ts).
      template_spec: JSON.parse(JSON.stringify(t.application), (_key, value: unknown) => (typeof value === "string" ? asWritten(value) : value)),
      delete_on_termination: t.deleteOnTermination,
    },
  };
}

function asWritten(value: string): string {
  return /(yaml|yml|json)$/.test(value) ? `${value}{{ '' }}` : value;
}

/** The pod spec fields the task declares, in Kubernetes API JSON. */
export function expectedPod(t: PodTaskModel) {
  const nonEmpty = <T>(record: Readonly<Record<string, T>>) => (Object.keys(record).length ? record : undefined);
  return {
    namespace: t.namespace,
    annotations: t.annotations,
    spec: {
      serviceAccountName: t.serviceAccount,
      nodeSelector: t.nodeSelector,
      tolerations: t.tolerations,
      affinity: t.affinity ?? {},
      imagePullSecrets: t.imagePullSecrets.map((name) => ({ name })),
      volumes: [
        // A task with a result gets the XCom sidecar's shared emptyDir (first), where the container writes return.json.
        ...(t.pushesResult ? [{ name: "xcom", emptyDir: {} }] : []),
        ...t.volumes.map((v) => ({ name: v.name, persistentVolumeClaim: { claimName: v.claimName } })),
      ],
      container: {
        image: t.image,
        command: t.command ?? [],
        // A mapped task's pod, unmapped for its first item of a literal list; over a result, it has none here.
        args: t.mapping?.kind === "static" ? t.mapping.argsPerItem[0] : (t.args ?? []),
        imagePullPolicy: t.imagePullPolicy,
        env: t.env.map((e) =>
          e.kind === "value"
            ? { name: e.name, value: e.value }
            : { name: e.name, valueFrom: { [e.kind === "secretKey" ? "secretKeyRef" : "configMapKeyRef"]: { name: e.source, key: e.key, ...(e.optional && { optional: true }) } } },
        ),
        envFrom: t.envFrom.map((s) => ({
          [s.kind === "secret" ? "secretRef" : "configMapRef"]: { name: s.name, ...(s.optional && { optional: true }) },
          ...(s.prefix && { prefix: s.prefix }),
        })),
        volumeMounts: [
          ...(t.pushesResult ? [{ name: "xcom", mountPath: "/airflow/xcom" }] : []),
          ...t.mounts.map((m) => ({ name: m.volumeName, mountPath: m.path, ...(m.subPath !== undefined && { subPath: m.subPath }), readOnly: m.readOnly })),
        ],
        resources: { ...(nonEmpty(t.requests) && { requests: t.requests }), ...(nonEmpty(t.limits) && { limits: t.limits }) },
      },
    },
  };
}

/** The instant of a local time in an IANA zone, as Airflow stores it: ISO 8601 in UTC (`+00:00`). */
export function isoInZone(d: LocalDateTime, timeZone: string): string {
  // pendulum's reading of a time the clocks repeat (the later), as the compiler's warning says; a skipped one is an error.
  return instantOf(d, timeZone).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

function byCodePoint(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** The user's docs, then where the DAG or task was defined (a blank or absent doc leaves only the latter). */
function documented(docs: string | undefined, where: string): string {
  const provenance = `Defined in TypeScript at \`${where}\`, compiled by airflow-ts: change it there, not in the generated DAG file.`;
  return docs === undefined || docs.trim() === "" ? provenance : `${docs}\n\n---\n\n${provenance}`;
}

function uris(c: AssetConditionModel): string[] {
  return c.kind === "asset" ? [c.uri] : c.of.flatMap(uris);
}

/** BaseOperator's settings as Airflow holds them: the model's, else Airflow's own defaults. */
function expectedBaseOperator(t: TaskModelBase) {
  return {
    owner: t.owner ?? "airflow",
    retries: t.retries ?? 0,
    retry_delay: t.retryDelaySeconds ?? 300,
    max_retry_delay: t.maxRetryDelaySeconds ?? null,
    execution_timeout: t.executionTimeoutSeconds ?? null,
    pool: t.pool ?? "default_pool",
    pool_slots: t.poolSlots ?? 1,
    priority_weight: t.priorityWeight ?? 1,
    trigger_rule: t.triggerRule ?? "all_success",
    doc_md: documented(t.doc, `${t.sourceFile}:${t.sourceLine}`),
  };
}
