import { stringify } from "yaml";
import { compileProject } from "../compile-project";
import { hasErrors } from "../diagnostics/diagnostic";
import { closest } from "../diagnostics/did-you-mean";
import { renderPods } from "./airflow-run";
import { findPython, venvPath, venvReady } from "./airflow-venv";
import { UsageError, type CliIo } from "./args";
import { airflowLineOf, parseVerbOptions } from "./options";
import { diagnosticsJson, jsonHead, progressReporter, reportDiagnostics } from "./report";

export const RENDER_USAGE = `Usage: airflow-ts render <dag_id> [task_id] --date <logical date> [--param name=value ...] [--xcom task=json ...] [options]

Prints the pods Airflow would create for that run of the pipeline (or of one task), as YAML: rendered by real
Airflow, with the operator's own render_template_fields() and build_pod_request_obj(), in the virtualenv that
\`airflow-ts env setup\` makes. Templates are rendered for the logical date, params take the values given (Airflow
validates them against the pipeline's params). A task mapped over a list written in the pipeline gives one pod per
item (task_id[0], task_id[1]...). A render has no earlier run to pull results from: --xcom gives the result of an
upstream task, which a task mapped over it is expanded with (one pod per item) and templates pulling it read; a task
that needs a result not given is listed as not rendered, with the --xcom it needs.
The pod name's suffix is random per try in Airflow; it is shown as "-<random>".

Options:
  --date <date>          the run's logical date, e.g. 2026-03-01 or 2026-03-01T02:00:00+00:00 (required)
  --param <name=value>   a run param; the value is read as JSON when it parses (5, true, ["a"]), else as text
  --xcom <task=json>     the result an upstream task pushed, e.g. list_parts='["emea","apac"]' (read like --param)
  --airflow 3|2          the Airflow line to render with (default: 3)
  --config <file|dir>    the project config, or the folder holding airflow-ts.config.ts
  --format text|json     YAML documents, or one JSON object on stdout
  -h, --help             show this help

Exit codes: 0 rendered, 1 invalid pipelines, no virtualenv, or Airflow refused (a param, a template), 2 bad usage.`;

/** `airflow-ts render`. */
export function runRender(argv: readonly string[], io: CliIo): number {
  const options = parseVerbOptions(argv, io.cwd, { "--date": "value", "--param": "repeated", "--xcom": "repeated", "--airflow": "value" }, 2);
  if (options.help) {
    io.out(RENDER_USAGE);
    return 0;
  }
  const [dagId, taskId] = options.positionals;
  const date = options.values.get("--date");
  if (dagId === undefined) throw new UsageError("which pipeline? give its DAG id");
  if (date === undefined) throw new UsageError("--date is required: the logical date of the run to render");
  if (!/^\d{4}-\d{2}-\d{2}/.test(date)) throw new UsageError(`--date must be a date such as 2026-03-01, not "${date}"`);
  const line = airflowLineOf(options);
  const params = Object.fromEntries((options.repeated.get("--param") ?? []).map((text) => nameValueOf("--param", text)));
  const xcom = Object.fromEntries((options.repeated.get("--xcom") ?? []).map((text) => nameValueOf("--xcom", text)));
  const json = options.format === "json";

  const result = compileProject({ configFile: options.configFile, mode: "check", onStage: progressReporter(io, options.format) });
  const fail = (error: string, code: number) => {
    if (json) io.out(JSON.stringify({ ...jsonHead("render", false), error, dagId, date, airflowVersion: null, run: null, pods: null, notRendered: {}, diagnostics: diagnosticsJson(result, options) }, null, 2));
    else io.err(`render: ${error}`);
    return code;
  };
  if (hasErrors(result.diagnostics)) {
    if (json) return fail("render needs pipelines that compile", 1);
    reportDiagnostics(result, options, io);
    return 1;
  }
  const pipeline = result.pipelines.find((p) => p.dagId === dagId);
  if (!pipeline) {
    const near = closest(dagId, result.pipelines.map((p) => p.dagId));
    return fail(`no pipeline has the DAG id "${dagId}"${near ? `; did you mean "${near}"?` : ""} (airflow-ts ls lists them)`, 2);
  }
  if (taskId !== undefined && !pipeline.tasks.some((t) => t.taskId === taskId)) {
    const near = closest(taskId, pipeline.tasks.map((t) => t.taskId));
    return fail(`${dagId} has no task "${taskId}"${near ? `; did you mean "${near}"?` : ""}`, 2);
  }
  for (const upstream of Object.keys(xcom)) {
    const task = pipeline.tasks.find((t) => t.taskId === upstream);
    if (!task) {
      const near = closest(upstream, pipeline.tasks.map((t) => t.taskId));
      return fail(`--xcom ${upstream}: ${dagId} has no task "${upstream}"${near ? `; did you mean "${near}"?` : ""}`, 2);
    }
    if (!task.pushesResult) return fail(`--xcom ${upstream}: ${upstream} pushes no result (declare one with \`result\`), so no task can read one`, 2);
  }
  const python = findPython(io.env ?? process.env);
  if ("error" in python) return fail(python.error, 1);
  const venv = venvPath(line, python, io.env ?? process.env);
  if (!venvReady(venv)) return fail(`no Airflow virtualenv yet: run \`npx airflow-ts env setup${line === "airflow2" ? " --airflow 2" : ""}\` first (a few minutes, once)`, 1);
  const file = result.files.find((f) => f.path === `dags/${dagId}.py`)!;
  const answer = renderPods(venv, { name: `${dagId}.py`, text: file.body }, { dag_id: dagId, tasks: taskId === undefined ? null : [taskId], date, params, xcom });
  if ("error" in answer && !("pods" in answer)) return fail(answer.error, 1);
  const pods = Object.fromEntries(Object.entries(answer.pods).map(([id, pod]) => [id, stablePodName(pod)]));
  if (json) {
    const report = { ...jsonHead("render", answer.error === null), error: answer.error, dagId, date, airflowVersion: answer.airflow_version, run: answer.run, pods, notRendered: answer.skipped, diagnostics: diagnosticsJson(result, options) };
    io.out(JSON.stringify(report, null, 2));
    return answer.error === null ? 0 : 1;
  }
  if (answer.error !== null) {
    io.err(`render: Airflow ${answer.airflow_version} refused: ${answer.error}`);
    return 1;
  }
  const docs = Object.entries(pods).map(([id, pod]) => `# ${dagId}.${id}, run ${answer.run?.run_id} (logical date ${answer.run?.logical_date}), rendered by Airflow ${answer.airflow_version}\n${stringify(pod, { sortMapEntries: false })}`);
  io.out(docs.join("---\n").trimEnd());
  for (const [id, why] of Object.entries(answer.skipped)) io.err(`not rendered: ${id}: ${why}`);
  return 0;
}

/** `name=value`, the value read as JSON when it parses, else as text. */
function nameValueOf(option: string, text: string): [string, unknown] {
  const at = text.indexOf("=");
  if (at <= 0) throw new UsageError(`${option} takes name=value, not "${text}"`);
  const raw = text.slice(at + 1);
  try {
    return [text.slice(0, at), JSON.parse(raw)];
  } catch {
    return [text.slice(0, at), raw];
  }
}

/** Airflow appends a random suffix to the pod name per try; shown as "-<random>" so the output is stable. */
function stablePodName(pod: unknown): unknown {
  const p = pod as { metadata?: { name?: string } };
  if (typeof p.metadata?.name !== "string") return pod;
  return { ...p, metadata: { ...p.metadata, name: p.metadata.name.replace(/-[a-z0-9]{8}$/, "-<random>") } };
}
