import { isDeepStrictEqual } from "node:util";
import type { Pipeline } from "../../src/model/pipeline";
import type { InspectedDag } from "./airflow-env";
import { expectedBranchTask, expectedDag, expectedPod, expectedSparkTask, expectedTask } from "./expected";

/**
 * Every difference between what the model says a pipeline is and what real Airflow made of its generated file,
 * as one line per field ("dag.task: field: expected X, got Y"). Empty when they agree.
 * Shared by the example tests and the property-based round trip, so both hold Airflow to the same fields.
 */
export function differencesFromModel(pipeline: Pipeline, dag: InspectedDag | undefined): string[] {
  if (!dag) return [`${pipeline.dagId}: not loaded by Airflow`];
  const out: string[] = [];
  const same = (where: string, field: string, want: unknown, got: unknown) => {
    if (!isDeepStrictEqual(want, got)) out.push(`${where}: ${field}: expected ${show(want)}, got ${show(got)}`);
  };

  const { timetable, ...dagFields } = expectedDag(pipeline);
  const got = pick(dag.timetable, Object.keys(timetable));
  // Airflow 2.11's asset timetables are its dataset ones: DatasetTriggeredTimetable is AssetTriggeredTimetable.
  if (typeof got.class === "string") got.class = got.class.replace(/^Dataset(?=TriggeredTimetable$|OrTimeSchedule$)/, "Asset");
  same(pipeline.dagId, "timetable", timetable, got);
  for (const [field, want] of Object.entries(dagFields)) same(pipeline.dagId, field, want, dag[field as keyof InspectedDag]);
  if (pipeline.pausedOnCreation !== undefined) same(pipeline.dagId, "is_paused_upon_creation", pipeline.pausedOnCreation, dag.is_paused_upon_creation);
  const params = Object.fromEntries(
    pipeline.params.map((p) => [p.name, { schema: p.schema, description: p.description ?? null, ...(p.hasDefault ? { value: p.default } : { refused_unfilled: "ParamValidationError" }) }]),
  );
  same(pipeline.dagId, "params", params, dag.params);
  same(pipeline.dagId, "task ids", pipeline.tasks.map((t) => t.taskId).sort(), Object.keys(dag.tasks).sort());

  for (const task of pipeline.tasks) {
    const actual = dag.tasks[task.taskId];
    const where = `${pipeline.dagId}.${task.taskId}`;
    if (!actual) continue;
    // Airflow 3.2+ stores exponential backoff as a multiplier: True becomes 2.0.
    same(where, "retry_exponential_backoff", task.retryExponentialBackoff ?? false, Boolean(actual.retry_exponential_backoff));
    // Spark tasks submit a SparkApplication, not a pod: here its arguments as Airflow holds them; rendered and
    // submitted through the operator in spark.test.ts and the property round trip.
    // A branch runs no pod: its operator, the function it calls with its data, and the tasks it chooses among.
    if (task.kind === "branch") {
      for (const [field, want] of Object.entries(expectedBranchTask(task))) same(where, field, want, actual[field as keyof typeof actual]);
      continue;
    }
    // Waits and triggers run no pod: test/airflow/waits.test.ts reads their operators back.
    if (task.kind === "wait" || task.kind === "trigger") continue;
    if (task.kind === "spark") {
      for (const [field, want] of Object.entries(expectedSparkTask(task))) same(where, field, want, actual[field as keyof typeof actual]);
      continue;
    }
    for (const [field, want] of Object.entries(expectedTask(task))) same(where, field, want, actual[field as keyof typeof actual]);

    const pod = actual.pod;
    const want = expectedPod(task);
    const container = pod.spec.containers?.[0] ?? {};
    // The XCom sidecar, for a task with a result, is the second container.
    same(where, "containers", task.pushesResult ? ["base", "airflow-xcom-sidecar"] : ["base"], pod.spec.containers?.map((c: { name: string }) => c.name));
    same(where, "pod name prefix", true, String(pod.metadata.name).startsWith(`${task.podName}-`));
    // Unset, the namespace falls back to the connection, then the in-cluster one, then "default" (no cluster here).
    same(where, "namespace", want.namespace ?? "default", pod.metadata.namespace);
    same(where, "annotations", want.annotations, pod.metadata.annotations ?? {});
    // Airflow adds its own labels (airflow_version, airflow_kpo_in_cluster); ours must all be there, unchanged.
    same(where, "labels", task.labels, pick(pod.metadata.labels ?? {}, Object.keys(task.labels)));
    same(where, "serviceAccountName", want.spec.serviceAccountName, pod.spec.serviceAccountName);
    same(where, "nodeSelector", want.spec.nodeSelector, pod.spec.nodeSelector ?? {});
    same(where, "tolerations", want.spec.tolerations, pod.spec.tolerations ?? []);
    same(where, "affinity", want.spec.affinity, pod.spec.affinity ?? {});
    same(where, "imagePullSecrets", want.spec.imagePullSecrets, pod.spec.imagePullSecrets ?? []);
    same(where, "volumes", want.spec.volumes, pod.spec.volumes ?? []);
    for (const [field, value] of Object.entries(want.spec.container)) {
      const empty = Array.isArray(value) ? [] : typeof value === "object" && value !== null ? {} : undefined;
      same(where, `container.${field}`, value, container[field] ?? empty);
    }
  }
  return out;
}

function pick(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in record).map((k) => [k, record[k]]));
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
