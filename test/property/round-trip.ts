import * as fs from "node:fs";
import * as path from "node:path";
import { compileProject } from "../../src/compile-project";
import { formatDiagnosticsText } from "../../src/diagnostics/format";
import type { Pipeline } from "../../src/model/pipeline";
import { inspectDags, podsOf, ruff, validateKubernetes, type InspectedDag, type Inspection } from "../airflow/airflow-env";
import { differencesFromModel } from "../airflow/compare";
import { tempProject } from "../helpers/temp-project";
import { toTypeScript, type PipelineSpec } from "./pipeline-spec";

const ARTIFACTS = path.resolve(__dirname, "..", "..", "test-artifacts", "property");

export interface CaseResult {
  readonly dagId: string;
  /** What went wrong for this pipeline: compile errors, import errors, or fields Airflow sees differently. */
  readonly problems: readonly string[];
}

/** The DAG id of the n-th pipeline of a batch. */
export const dagIdOf = (spec: PipelineSpec, index: number) => `p${index}_${spec.idStem}`;

/**
 * Compiles every spec as its own pipeline file of one project, loads all generated DAGs in one real-Airflow
 * DagBag, compares each DAG with its model and with the spec, validates every pod Airflow built as the
 * Kubernetes API server would, and lints every generated file with ruff's Airflow rules. One compile and one Airflow start per batch,
 * which is what makes hundreds of pipelines per CI run affordable.
 */
export function roundTrip(specs: readonly PipelineSpec[], python: string): CaseResult[] {
  const files = Object.fromEntries(specs.map((spec, i) => [`pipelines/p${i}.pipeline.ts`, toTypeScript(spec, dagIdOf(spec, i))]));
  const root = tempProject(files, ARTIFACTS);
  const fileOf = (i: number) => path.join(root, `pipelines/p${i}.pipeline.ts`);

  // A case the compiler rejects fails on its own; the others are compiled again without it.
  const compileErrors = new Map<number, string>();
  let compiled = compileProject({ configFile: path.join(root, "airflow-ts.config.ts"), mode: "write" });
  const rejected = specs.map((_, i) => compiled.diagnostics.filter((d) => d.severity === "error" && d.location?.file === fileOf(i)));
  rejected.forEach((errors, i) => errors.length && compileErrors.set(i, formatDiagnosticsText(errors, root)));
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
      ...(dag ? differencesFromSpec(spec, dag) : []),
      ...lint.filter((f) => path.basename(f.filename) === file).map((f) => `ruff: line ${f.location.row}: ${f.code} ${f.message}`),
      ...rejectedPods.flatMap(([key, found]) => found.map((p) => `${key}: Kubernetes would reject the pod: ${p}`)),
    ];
    return { dagId, problems };
  });
  // Kept only while something fails, for a look at the generated files.
  if (results.every((r) => r.problems.length === 0)) fs.rmSync(root, { recursive: true, force: true });
  return results;
}

/**
 * Checks against the spec itself, independent of the compiler's model: the dependencies the edges imply, and
 * the user's strings verbatim where Airflow keeps them as given.
 */
function differencesFromSpec(spec: PipelineSpec, dag: InspectedDag): string[] {
  const out: string[] = [];
  spec.tasks.forEach((task, index) => {
    const actual = dag.tasks[task.id];
    if (!actual) return void out.push(`${task.id}: task missing`);
    const upstream = [...new Set(spec.edges.filter((e) => e.down === index).map((e) => spec.tasks[e.up]!.id))].sort();
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
