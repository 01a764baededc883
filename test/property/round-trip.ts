import * as fs from "node:fs";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { compileProject } from "../../src/compile-project";
import { formatDiagnosticsText } from "../../src/diagnostics/format";
import type { Pipeline } from "../../src/model/pipeline";
import type { SparkTaskModel } from "../../src/tasks/spark/model";
import { airflowPython, airflowWorkspace, inspectDags, podsOf, ruff, validateKubernetes, type AirflowLine, type InspectedDag, type Inspection } from "../airflow/airflow-env";
import { differencesFromModel } from "../airflow/compare";
import { differencesInKinds } from "../airflow/compare-kinds";
import { withOperatorAdditions, type SparkReadback } from "../airflow/spark-readback";
import { literal } from "../../src/dsl/context";
import { renderedLiterals } from "./literal-text";
import { tempProject } from "../helpers/temp-project";
import { linksOf, toTypeScript, type PipelineSpec } from "./pipeline-spec";

const ARTIFACTS = path.resolve(__dirname, "..", "..", "test-artifacts", "property");
/** The date Spark tasks are rendered for: their strings hold no template but literal()'s, so any date does. */
const RENDER_AT = "2026-03-05";
/**
 * How many pipelines with Spark tasks a batch submits through the operator (AIRFLOW_TS_SPARK_SUBMITS, 20): Airflow
 * loads, serializes and renders each in the metadata DB, about 1.5 s per Spark task on a loaded 2-core machine. The
 * others' applications are still compared, unrendered, as Airflow holds them (compare.ts); a shrink's few
 * candidates are all submitted.
 */
const SPARK_SUBMITS = Number(process.env.AIRFLOW_TS_SPARK_SUBMITS ?? 20);

export interface CaseResult {
  readonly dagId: string;
  /** What went wrong for this pipeline: compile errors, import errors, or fields Airflow sees differently. */
  readonly problems: readonly string[];
}

/** The module of the n-th pipeline of a batch: its key when it has one (pipelines of a batch import each other by it). */
export const moduleOf = (spec: PipelineSpec, index: number) => spec.key ?? `p${index}`;
/** The DAG id of the n-th pipeline of a batch. */
export const dagIdOf = (spec: PipelineSpec, index: number) => `${moduleOf(spec, index)}_${spec.idStem}`;

/**
 * The project's config: on Airflow 3 with deadlines in the batch, a deployment of 3.3.2, since deadline alerts
 * exist on 3.1+ only (a project that targets both lines gets a compile error for one).
 */
export function configFor(specs: readonly PipelineSpec[], line: AirflowLine): Record<string, string> {
  if (line !== "airflow3" || !specs.some((s) => s.options.deadline !== undefined)) return {};
  // A deployment checks that what the pods use exists: the batch's Secrets, ConfigMaps, claims, ServiceAccounts
  // and pull Secrets are declared as existing.
  const secrets: Record<string, Set<string>> = {};
  const configMaps: Record<string, Set<string>> = {};
  const serviceAccounts = new Set<string>();
  const pullSecrets = new Set<string>();
  const claims = new Set(specs.flatMap((s) => s.volumes.map((v) => v.claimName)));
  const walk = (value: unknown, key = ""): void => {
    if (Array.isArray(value)) {
      if (key === "imagePullSecrets") value.forEach((v) => pullSecrets.add(String(v)));
      else value.forEach((v) => walk(v));
    } else if (value && typeof value === "object") {
      const ref = value as { $?: string; name?: string; key?: string };
      if (ref.$ === "secretKey" || ref.$ === "secretAll") (secrets[ref.name!] ??= new Set()).add(ref.key ?? "");
      else if (ref.$ === "configMapKey" || ref.$ === "configMapAll") (configMaps[ref.name!] ??= new Set()).add(ref.key ?? "");
      else Object.entries(value).forEach(([k, v]) => walk(v, k));
    } else if (key === "serviceAccount" && typeof value === "string") serviceAccounts.add(value);
  };
  specs.forEach((s) => walk({ options: s.options, tasks: s.tasks }));
  const keys = (record: Record<string, Set<string>>) => Object.fromEntries(Object.entries(record).map(([name, ks]) => [name, [...ks].filter((k) => k !== "")]));
  const existing = { secrets: keys(secrets), configMaps: keys(configMaps), serviceAccounts: [...serviceAccounts], imagePullSecrets: [...pullSecrets], claims: [...claims] };
  return {
    "airflow-ts.config.ts": `import { defineConfig } from "airflow-ts";
export default defineConfig({ pipelines: ["pipelines/**/*.pipeline.ts"], deployment: {
  airflowVersion: "3.3.2", namespace: "airflow",
  gitSync: { repo: "https://github.com/acme/pipelines.git", ref: "main" },
  secrets: { fernetKey: "f", webSecretKey: "w", jwtSecret: "j" },
  existing: ${JSON.stringify(existing)},
} });
`,
  };
}

/** The cases that name (through waits and triggers, transitively) one of `rejected`, which must go with it. */
function dependentsOf(specs: readonly PipelineSpec[], rejected: ReadonlySet<number>): Set<number> {
  const gone = new Set(rejected);
  const keys = () => new Set([...gone].map((i) => moduleOf(specs[i]!, i)));
  for (let grew = true; grew; ) {
    grew = false;
    const goneKeys = keys();
    specs.forEach((spec, i) => {
      if (!gone.has(i) && linksOf(spec).some((l) => goneKeys.has(l.key))) (gone.add(i), (grew = true));
    });
  }
  return gone;
}

/**
 * Compiles every spec as its own pipeline file of one project, loads all generated DAGs in one real-Airflow
 * DagBag, compares each DAG with its model and with the spec, validates every pod Airflow built as the
 * Kubernetes API server would, and lints every generated file with ruff's Airflow rules. Spark tasks are also rendered and submitted through
 * SparkKubernetesOperator's own code (spark_readback.py), and what it submits must be the model's SparkApplication.
 * One compile and one Airflow start per batch (two with Spark tasks), which is what makes hundreds of pipelines
 * per CI run affordable.
 */
export function roundTrip(specs: readonly PipelineSpec[], line: AirflowLine): CaseResult[] {
  const python = airflowPython(line);
  const files = Object.fromEntries(specs.map((spec, i) => [`pipelines/${moduleOf(spec, i)}.pipeline.ts`, toTypeScript(spec, dagIdOf(spec, i))]));
  const root = tempProject({ ...files, ...configFor(specs, line) }, ARTIFACTS);
  const fileOf = (i: number) => path.join(root, `pipelines/${moduleOf(specs[i]!, i)}.pipeline.ts`);

  // A case the compiler rejects fails on its own; the others are compiled again without it.
  const compileErrors = new Map<number, string>();
  let compiled = compileProject({ configFile: path.join(root, "airflow-ts.config.ts"), mode: "write" });
  const rejected = specs.map((_, i) => compiled.diagnostics.filter((d) => d.severity === "error" && d.location?.file === fileOf(i)));
  rejected.forEach((errors, i) => errors.length && compileErrors.set(i, formatDiagnosticsText(errors, root)));
  // A pipeline that waits for or triggers a rejected one goes too: its module imports the other's.
  for (const i of dependentsOf(specs, new Set(compileErrors.keys()))) if (!compileErrors.has(i)) compileErrors.set(i, `names a pipeline the compiler rejected (${linksOf(specs[i]!).map((l) => l.dagId).join(", ")})`);
  // Nothing left to compile (a shrink round whose candidates were all rejected): the project would have no pipeline file.
  if (compileErrors.size === specs.length) return specs.map((spec, i) => ({ dagId: dagIdOf(spec, i), problems: [`rejected by the compiler:\n${compileErrors.get(i)}`] }));
  if (compileErrors.size > 0 || compiled.diagnostics.some((d) => d.severity === "error" && !d.location)) {
    for (const i of compileErrors.keys()) fs.rmSync(fileOf(i));
    compiled = compileProject({ configFile: path.join(root, "airflow-ts.config.ts"), mode: "write" });
    const left = compiled.diagnostics.filter((d) => d.severity === "error");
    if (left.length) throw new Error(`compile failed on cases that passed alone:\n${formatDiagnosticsText(left, root)}`);
  }

  const inspection = compiled.pipelines.length
    ? inspectDags(python, path.join(root, "generated", "dags"))
    : ({ airflow_version: "", deprecations_are_errors: false, import_errors: {}, warnings: [], dags: {} } satisfies Inspection);
  const kubernetesProblems = validateKubernetes(podsOf(inspection));
  const lint = compiled.pipelines.length ? ruff(path.join(root, "generated", "dags")) : [];
  const modelOf = new Map<string, Pipeline>(compiled.pipelines.map((p) => [p.dagId, p]));
  const submitted = sparkSubmissions(line, path.join(root, "generated", "dags"), compiled.pipelines.filter((p) => inspection.dags[p.dagId]));
  const results = specs.map((spec, i): CaseResult => {
    const dagId = dagIdOf(spec, i);
    if (compileErrors.has(i)) return { dagId, problems: [`rejected by the compiler:\n${compileErrors.get(i)}`] };
    const file = `${dagId}.py`;
    const importErrors = Object.entries(inspection.import_errors).filter(([f]) => path.basename(f) === file).map(([, e]) => `import error: ${e}`);
    const warnings = inspection.warnings.filter((w) => w.startsWith(`${file}:`)).map((w) => `warning: ${w}`);
    const dag = inspection.dags[dagId];
    const rejectedPods = Object.entries(kubernetesProblems).filter(([key]) => key.startsWith(`${dagId}.`) && dag?.tasks[key.slice(dagId.length + 1)]);
    const problems = [
      ...importErrors,
      ...warnings,
      ...differencesFromModel(modelOf.get(dagId)!, dag),
      ...differencesInKinds(modelOf.get(dagId)!, dag, line),
      ...(dag ? differencesFromSpec(spec, dag) : []),
      ...lint.filter((f) => path.basename(f.filename) === file).map((f) => `ruff: line ${f.location.row}: ${f.code} ${f.message}`),
      ...rejectedPods.flatMap(([key, found]) => found.map((p) => `${key}: Kubernetes would reject the pod: ${p}`)),
      ...(dag ? differencesFromSubmission(modelOf.get(dagId)!, submitted) : []),
    ];
    return { dagId, problems };
  });
  // Kept only while something fails, for a look at the generated files.
  if (results.every((r) => r.problems.length === 0)) fs.rmSync(root, { recursive: true, force: true });
  return results;
}

interface SparkSubmissions {
  /** The pipelines whose Spark tasks were submitted (the first SPARK_SUBMITS with any). */
  readonly dagIds: ReadonlySet<string>;
  /** What the operator submitted, keyed "dag_id.task_id". */
  readonly tasks: Readonly<Record<string, SparkReadback>>;
}

/**
 * What SparkKubernetesOperator submits for the Spark tasks of these (imported) pipelines: one Airflow workspace
 * and one process for the whole batch, and none when the batch has no Spark task.
 */
function sparkSubmissions(line: AirflowLine, dagFolder: string, pipelines: readonly Pipeline[]): SparkSubmissions {
  const dagIds = pipelines.filter((p) => p.tasks.some((t) => t.kind === "spark")).map((p) => p.dagId).slice(0, SPARK_SUBMITS);
  if (dagIds.length === 0) return { dagIds: new Set(), tasks: {} };
  const workspace = airflowWorkspace(line, dagFolder);
  try {
    const output = path.join(workspace.home, "spark.json");
    workspace.script("spark_readback.py", output, "--render-at", RENDER_AT, "--dags", dagIds.join(","));
    return { dagIds: new Set(dagIds), tasks: (JSON.parse(fs.readFileSync(output, "utf8")) as { tasks: Record<string, SparkReadback> }).tasks };
  } finally {
    fs.rmSync(workspace.home, { recursive: true, force: true });
  }
}

/**
 * Each Spark task's submitted SparkApplication against its model, field by field: the model's application with
 * its strings rendered (every template in a generated pipeline is literal()'s, see literal-text.ts) plus what the
 * operator adds (spark-readback.ts), and the call's group, version, namespace and plural.
 */
function differencesFromSubmission(pipeline: Pipeline, submitted: SparkSubmissions): string[] {
  if (!submitted.dagIds.has(pipeline.dagId)) return [];
  return pipeline.tasks
    .filter((t): t is SparkTaskModel => t.kind === "spark")
    .flatMap((task) => {
      const where = `${pipeline.dagId}.${task.taskId}`;
      const readback = submitted.tasks[where];
      if (!readback) return [`${where}: the operator submitted nothing`];
      if (readback.error) return [`${where}: rendering or submitting raised ${readback.error}`];
      const out: string[] = [];
      const call = { group: "sparkoperator.k8s.io", version: "v1beta2", namespace: task.namespace, plural: "sparkapplications" };
      if (!isDeepStrictEqual(readback.call, call)) out.push(`${where}: submitted with ${JSON.stringify(readback.call)}, expected ${JSON.stringify(call)}`);
      const want = withOperatorAdditions(renderedLiterals(task.application), readback);
      for (const difference of jsonDifferences(want, readback.body)) out.push(`${where}: submitted SparkApplication ${difference}`);
      return out;
    });
}

/** Where two JSON values differ, by JSON pointer (the first 10). */
function jsonDifferences(want: unknown, got: unknown, at = ""): string[] {
  if (isDeepStrictEqual(want, got)) return [];
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObject(want) && isObject(got)) {
    const keys = [...new Set([...Object.keys(want), ...Object.keys(got)])].sort();
    return keys.flatMap((k) => jsonDifferences(want[k], got[k], `${at}/${k}`)).slice(0, 10);
  }
  if (Array.isArray(want) && Array.isArray(got) && want.length === got.length) return want.flatMap((w, i) => jsonDifferences(w, got[i], `${at}/${i}`)).slice(0, 10);
  return [`${at || "/"}: model ${JSON.stringify(want)}, operator ${JSON.stringify(got)}`];
}

/**
 * Checks against the spec itself, independent of the compiler's model: the dependencies the edges imply, and
 * the user's strings verbatim where Airflow keeps them as given.
 */
function differencesFromSpec(spec: PipelineSpec, dag: InspectedDag): string[] {
  const out: string[] = [];
  out.push(...differencesInKindsFromSpec(spec, dag));
  spec.tasks.forEach((task, index) => {
    const actual = dag.tasks[task.id];
    if (!actual) return void out.push(`${task.id}: task missing`);
    const upstream = [...new Set([...spec.edges.filter((e) => e.down === index).map((e) => spec.tasks[e.up]!.id), ...kindsUpstreamOf(spec, dag, task.id)])].sort();
    if (JSON.stringify(upstream) !== JSON.stringify(actual.upstream)) out.push(`${task.id}: upstream: edges say ${JSON.stringify(upstream)}, Airflow has ${JSON.stringify(actual.upstream)}`);
    if (task.kind === "spark") {
      // As written: a string Airflow would take for a template file's name carries an empty expression (view.ts).
      const given = ((task.options.arguments as string[] | undefined) ?? []).map((a) => (/(yaml|yml|json)$/.test(a) ? `${a}{{ '' }}` : a));
      const held = actual.spark?.template_spec?.spec?.arguments ?? [];
      if (JSON.stringify(given) !== JSON.stringify(held)) out.push(`${task.id}: arguments not verbatim: ${JSON.stringify(given)} became ${JSON.stringify(held)}`);
      return;
    }
    const container = actual.pod.spec.containers[0];
    for (const field of ["command", "args"] as const) {
      const given = (task.options[field] as string[] | undefined) ?? [];
      if (JSON.stringify(given) !== JSON.stringify(container[field] ?? [])) out.push(`${task.id}: ${field} not verbatim: ${JSON.stringify(given)} became ${JSON.stringify(container[field])}`);
    }
    for (const [name, value] of Object.entries((task.options.env as Record<string, unknown> | undefined) ?? {})) {
      if (typeof value !== "string") continue;
      const got = (container.env ?? []).find((e: { name: string }) => e.name === name);
      if (got?.value !== value && !(value === "" && got && got.value == null)) out.push(`${task.id}: env ${name} not verbatim: ${JSON.stringify(value)} became ${JSON.stringify(got)}`);
    }
  });
  return out;
}

/** The tasks the kinds put before a task: the branches whose paths it is on, the waits it comes after. */
function kindsUpstreamOf(spec: PipelineSpec, dag: InspectedDag, taskId: string): string[] {
  const branchIds = (spec.branches ?? []).filter((b) => b.cases.some((c) => c.taskIds.includes(taskId))).map((b) => branchIdIn(spec, dag, b));
  const waitIds = (spec.waits ?? []).filter((w) => w.downstream === taskId).map((w) => String(w.options.id));
  return [...branchIds, ...waitIds];
}

/** A branch's task id: as given, else the one Airflow holds that decides on its source (a branch without an id is the only one per field). */
function branchIdIn(spec: PipelineSpec, dag: InspectedDag, branch: NonNullable<PipelineSpec["branches"]>[number]): string {
  if (branch.options.id !== undefined) return String(branch.options.id);
  const found = Object.values(dag.tasks).find((t) => t.branch && t.upstream.includes(branch.source) && JSON.stringify(t.branch.op_kwargs.field_path) === JSON.stringify([literal(branch.field)]));
  return found?.task_id ?? `<branch on ${branch.source}.${branch.field}>`;
}

/**
 * The kinds against the spec, independent of the model: each branch follows the tasks the spec put on its cases
 * (with the values as written), a task after two paths of one branch that sets no trigger rule runs when one ran,
 * each wait and trigger names the DAG id of the pipeline the spec named, and a trigger's conf is its params.
 */
function differencesInKindsFromSpec(spec: PipelineSpec, dag: InspectedDag): string[] {
  const out: string[] = [];
  for (const branch of spec.branches ?? []) {
    const id = branchIdIn(spec, dag, branch);
    const actual = dag.tasks[id]?.branch;
    if (!actual) {
      out.push(`${id}: branch missing`);
      continue;
    }
    if (JSON.stringify(dag.tasks[id]!.upstream) !== JSON.stringify([branch.source])) out.push(`${id}: upstream: the branch decides on ${branch.source}, Airflow has ${JSON.stringify(dag.tasks[id]!.upstream)}`);
    const paths = [...new Set(branch.cases.flatMap((c) => c.taskIds))].sort();
    if (JSON.stringify(paths) !== JSON.stringify(actual.downstream)) out.push(`${id}: downstream: the cases say ${JSON.stringify(paths)}, Airflow has ${JSON.stringify(actual.downstream)}`);
    if (branch.mode !== "continueIf") {
      const field = spec.tasks.find((t) => t.id === branch.source)!.options.result as { fields: Record<string, { type: string; values?: unknown[] }> };
      const values = branch.mode === "when" ? [true, false] : (field.fields[branch.field]!.values ?? []);
      const cases = branch.cases.map((c) => [(v => (typeof v === "string" ? literal(v) : v))(values[branch.mode === "when" ? (c.label === "then" ? 0 : 1) : values.findIndex((v) => String(v) === c.label)]), c.taskIds.map(literal)]);
      // In any order: the values are distinct, and an object's keys come in JavaScript's order ("40" before "false").
      const sorted = (list: readonly unknown[]) => list.map((c) => JSON.stringify(c)).sort();
      const held = (actual.op_kwargs.cases as unknown[] | undefined) ?? [];
      if (JSON.stringify(sorted(cases)) !== JSON.stringify(sorted(held))) out.push(`${id}: cases: the spec says ${JSON.stringify(cases)}, Airflow has ${JSON.stringify(held)}`);
    }
    // Joins: after tasks of two different cases, with no trigger rule of their own.
    if (branch.mode === "continueIf") continue;
    for (const task of spec.tasks) {
      const index = spec.tasks.indexOf(task);
      const ups = spec.edges.filter((e) => e.down === index).map((e) => spec.tasks[e.up]!.id);
      const onCases = new Set(branch.cases.flatMap((c, n) => (c.taskIds.some((t) => ups.includes(t)) ? [n] : [])));
      if (onCases.size >= 2 && task.options.triggerRule === undefined && !branch.cases.some((c) => c.taskIds.includes(task.id)) && dag.tasks[task.id]?.trigger_rule !== "none_failed_min_one_success") {
        out.push(`${task.id}: trigger_rule: a join after paths of ${id} runs when one ran, Airflow has ${dag.tasks[task.id]?.trigger_rule}`);
      }
    }
  }
  for (const wait of spec.waits ?? []) {
    const got = dag.tasks[String(wait.options.id)]?.sensor;
    if (!got) out.push(`${String(wait.options.id)}: wait missing`);
    else if (wait.on.kind === "pipeline" && got.fields.external_dag_id !== wait.on.target.dagId) out.push(`${String(wait.options.id)}: external_dag_id: the spec names ${wait.on.target.dagId}, Airflow has ${JSON.stringify(got.fields.external_dag_id)}`);
  }
  for (const trigger of spec.triggers ?? []) {
    const id = String(trigger.options.id);
    const got = dag.tasks[id]?.sensor;
    if (!got) out.push(`${id}: trigger missing`);
    else {
      if (got.fields.trigger_dag_id !== trigger.target.dagId) out.push(`${id}: trigger_dag_id: the spec names ${trigger.target.dagId}, Airflow has ${JSON.stringify(got.fields.trigger_dag_id)}`);
      if (!isDeepStrictEqual(trigger.options.params ?? null, got.fields.conf)) out.push(`${id}: conf: the spec passes ${JSON.stringify(trigger.options.params)}, Airflow has ${JSON.stringify(got.fields.conf)}`);
      if (trigger.upstream !== undefined && !dag.tasks[id]!.upstream.includes(trigger.upstream)) out.push(`${id}: upstream: after ${trigger.upstream} in the spec, Airflow has ${JSON.stringify(dag.tasks[id]!.upstream)}`);
    }
  }
  return out;
}
