import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compileProject } from "../../src/compile-project";
import { writeOutputs } from "../../src/emit/write-outputs";
import type { Pipeline } from "../../src/model/pipeline";
import type { OutputFile } from "../../src/render/output-file";

export const AIRFLOW_LINES = ["airflow3", "airflow2"] as const;
export type AirflowLine = (typeof AIRFLOW_LINES)[number];

const HERE = __dirname;

/** Venv paths already asked for in this process: setup-env.sh hashes the lock on every call. */
const venvs = new Map<string, string>();

function venv(line: AirflowLine | "tools"): string {
  if (!venvs.has(line)) venvs.set(line, execFileSync(path.join(HERE, "setup-env.sh"), [line], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim());
  return venvs.get(line)!;
}

/** The venv of one pinned Airflow line: created from its lock on first use, reused while the lock is unchanged. */
export function airflowPython(line: AirflowLine): string {
  return path.join(venv(line), "bin", "python");
}

/**
 * Runs one of this folder's oracle scripts in a line's venv, in a throwaway AIRFLOW_HOME: `input` goes to its stdin
 * as JSON, and the last line it prints is parsed as its answer. One process answers a whole batch.
 */
export function askOracle<T>(line: AirflowLine, script: string, input: unknown): T {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `airflow-oracle-${line}-`));
  try {
    const out = execFileSync(airflowPython(line), [path.join(HERE, script)], {
      input: JSON.stringify(input),
      env: { ...process.env, AIRFLOW_HOME: home, AIRFLOW__CORE__LOAD_EXAMPLES: "False" },
      encoding: "utf8",
      stdio: ["pipe", "pipe", "pipe"],
      maxBuffer: 256 * 1024 * 1024,
    });
    return JSON.parse(out.trim().split("\n").pop()!) as T;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** The venv with ruff and kubernetes-validate (tools.lock), created and cached like the Airflow ones. */
export function toolsVenv(): string {
  return venv("tools");
}

/**
 * The DAG files of these projects, compiled in memory and written to one throwaway folder (only `dags/`: the
 * Helm values' paths lead out of the output folder). One write: a write per project would delete the others.
 */
export function compileDagFolder(configFiles: readonly string[]): { pipelines: Pipeline[]; dagFolder: string } {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-dags-"));
  const pipelines: Pipeline[] = [];
  const files: OutputFile[] = [];
  for (const configFile of configFiles) {
    const result = compileProject({ configFile, mode: "check" });
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    if (errors.length) throw new Error(`${configFile} does not compile: ${JSON.stringify(errors)}`);
    pipelines.push(...result.pipelines);
    files.push(...result.files.filter((f) => f.path.startsWith("dags/")));
  }
  writeOutputs(outDir, files);
  return { pipelines, dagFolder: path.join(outDir, "dags") };
}

const RUFF_CONFIG = path.join(HERE, "ruff.toml");

export interface RuffFinding {
  code: string;
  message: string;
  filename: string;
  location: { row: number };
}

/** ruff's findings for the given files or folders, with the generated-code config (test/airflow/ruff.toml). */
export function ruff(...targets: string[]): RuffFinding[] {
  const run = spawnSync(path.join(toolsVenv(), "bin", "ruff"), ["check", "--no-cache", "--config", RUFF_CONFIG, "--output-format", "json", "--exit-zero", ...targets], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`ruff failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as RuffFinding[];
}

/** Objects are checked against the OpenAPI schema of this Kubernetes release (bundled by kubernetes-validate). */
export const KUBERNETES_VERSION = "1.33";

/**
 * Problems the Kubernetes API server would report for each object (strict OpenAPI schema of
 * {@link KUBERNETES_VERSION}, plus its name and value rules): see validate_k8s.py. Objects without problems are absent.
 */
export function validateKubernetes(objects: Readonly<Record<string, unknown>>): Record<string, string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-k8s-"));
  try {
    fs.writeFileSync(path.join(dir, "objects.json"), JSON.stringify(objects));
    const python = path.join(toolsVenv(), "bin", "python");
    execFileSync(python, [path.join(HERE, "validate_k8s.py"), KUBERNETES_VERSION, path.join(dir, "objects.json"), path.join(dir, "problems.json")], { stdio: ["ignore", "ignore", "inherit"] });
    return JSON.parse(fs.readFileSync(path.join(dir, "problems.json"), "utf8")) as Record<string, string[]>;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every pod of an inspection, keyed "dag_id.task_id" (Spark tasks launch none of their own: they have none). */
export function podsOf(inspection: Inspection): Record<string, KubePod> {
  return Object.fromEntries(Object.values(inspection.dags).flatMap((dag) => Object.values(dag.tasks).filter((task) => task.pod).map((task) => [`${dag.dag_id}.${task.task_id}`, task.pod])));
}

/**
 * A throwaway AIRFLOW_HOME with a migrated SQLite metadata DB, whose DAGs folder is `dagFolder`: what the
 * Airflow CLI needs to render templates and plan backfills. Returns a runner for Airflow commands and scripts.
 */
export function airflowWorkspace(line: AirflowLine, dagFolder: string, extraEnv: Readonly<Record<string, string>> = {}) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `airflow-home-${line}-`));
  const bin = path.dirname(airflowPython(line));
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AIRFLOW"))),
    AIRFLOW_HOME: home,
    AIRFLOW__CORE__DAGS_FOLDER: dagFolder,
    AIRFLOW__CORE__LOAD_EXAMPLES: "False",
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `sqlite:///${home}/airflow.db`,
    PYTHONDONTWRITEBYTECODE: "1",
    ...extraEnv,
  };
  const run = (program: string, args: readonly string[]) =>
    execFileSync(path.join(bin, program), args, { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  run("airflow", ["db", "migrate"]);
  return {
    home,
    /** The environment Airflow runs with here: for commands the runners below do not cover (a server). */
    env,
    bin,
    /** `airflow <args>`; its stdout. */
    airflow: (...args: string[]) => run("airflow", args),
    /** A script of this folder, run with the venv's python. */
    script: (name: string, ...args: string[]) => run("python", [path.join(HERE, name), ...args]),
  };
}

/** What `inspect_dags.py` reports for a folder of DAG files (see that script for the shape). */
export interface Inspection {
  airflow_version: string;
  deprecations_are_errors: boolean;
  import_errors: Record<string, string>;
  warnings: string[];
  dags: Record<string, InspectedDag>;
}
export interface InspectedDag {
  dag_id: string;
  description: string | null;
  doc_md: string | null;
  timetable: Record<string, unknown> & { class: string };
  start_date: string | null;
  end_date: string | null;
  catchup: boolean;
  max_active_runs: number;
  max_active_tasks: number;
  dagrun_timeout: number | null;
  is_paused_upon_creation: boolean | null;
  tags: string[];
  params: Record<string, { value?: unknown; refused_unfilled?: string; schema: Record<string, unknown>; description: string | null }>;
  tasks: Record<string, InspectedTask>;
  /** The run's notifiers per event (class and template fields, see alerts_oracle.py). */
  callbacks: Record<"failure" | "success", Record<string, unknown>[]>;
  /** Its deadline alerts (Airflow 3.1+), null without any. */
  deadlines: Record<string, unknown>[] | null;
}
export interface InspectedTask {
  task_id: string;
  operator: string;
  upstream: string[];
  /** The URIs of its outlets (assets on Airflow 3, datasets on 2.11). */
  outlets: string[];
  owner: string;
  retries: number;
  retry_delay: number;
  retry_exponential_backoff: boolean | number;
  max_retry_delay: number | null;
  execution_timeout: number | null;
  pool: string;
  pool_slots: number;
  priority_weight: number;
  trigger_rule: string;
  doc_md: string | null;
  on_finish_action: string;
  startup_timeout_seconds: number;
  pod: KubePod;
  /** A Spark task's operator arguments as Airflow holds them (unrendered); null for pods. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spark: { name: string; namespace: string; template_spec: any; delete_on_termination: boolean } | null;
  /** A branch's function, its data, and its direct downstream task ids; null for other operators. */
  branch: { python_callable: string; op_kwargs: Record<string, unknown>; downstream: string[]; ignore_downstream_trigger_rules: boolean | null; do_xcom_push: boolean } | null;
  /** A wait's sensor or a trigger's operator: class, module and attributes (waits_readback.py's), loaded and serialized; null for others. */
  sensor: { class: string; module: string; fields: Record<string, unknown>; serialized_class: string; serialized: Record<string, unknown> } | null;
  /** The task's notifiers per event (class and template fields, see alerts_oracle.py). */
  callbacks: Record<"failure" | "retry" | "success", Record<string, unknown>[]>;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KubePod = { metadata: any; spec: any };

/** Loads every DAG file in `dagFolder` with real Airflow (DagBag) and reads each task's pod back. */
export function inspectDags(python: string, dagFolder: string): Inspection {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-home-"));
  const output = path.join(home, "inspection.json");
  execFileSync(python, [path.join(HERE, "inspect_dags.py"), dagFolder, output], {
    env: { ...process.env, AIRFLOW_HOME: home, AIRFLOW__CORE__LOAD_EXAMPLES: "False", AIRFLOW__CORE__UNIT_TEST_MODE: "False" },
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(fs.readFileSync(output, "utf8")) as Inspection;
}
