import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");

/** What python/render_pods.py answers. */
export interface RenderAnswer {
  readonly airflow_version: string;
  readonly run: { run_id: string; logical_date: string; data_interval_start: string | null; data_interval_end: string | null } | null;
  readonly pods: Readonly<Record<string, unknown>>;
  readonly skipped: Readonly<Record<string, string>>;
  readonly error: string | null;
}

/**
 * Runs python/render_pods.py in the venv on one DAG file, in a throwaway AIRFLOW_HOME whose metadata DB is a copy
 * of one migrated once per venv (a migration takes longer than the render).
 */
export function renderPods(venv: string, dagFile: { name: string; text: string }, request: Record<string, unknown>): RenderAnswer | { error: string } {
  const python = path.join(venv, "bin", "python");
  const template = migratedDb(venv, python);
  if ("error" in template) return template;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-render-"));
  try {
    fs.mkdirSync(path.join(home, "dags"));
    fs.writeFileSync(path.join(home, "dags", dagFile.name), dagFile.text);
    fs.copyFileSync(template.db, path.join(home, "airflow.db"));
    const run = spawnSync(python, [path.join(PACKAGE_ROOT, "python", "render_pods.py")], {
      input: JSON.stringify(request),
      env: airflowEnv(home),
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    const last = run.stdout.trim().split("\n").pop() ?? "";
    if (run.status !== 0 || !last.startsWith("{")) return { error: `Airflow could not render the DAG:\n${(run.stderr || run.stdout).trim().split("\n").slice(-20).join("\n")}` };
    return JSON.parse(last) as RenderAnswer;
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

function airflowEnv(home: string): NodeJS.ProcessEnv {
  const own = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AIRFLOW")));
  return {
    ...own,
    AIRFLOW_HOME: home,
    AIRFLOW__CORE__DAGS_FOLDER: path.join(home, "dags"),
    AIRFLOW__CORE__LOAD_EXAMPLES: "False",
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `sqlite:///${path.join(home, "airflow.db")}`,
    PYTHONDONTWRITEBYTECODE: "1",
  };
}

/** A metadata DB migrated once per venv, kept beside it and copied for each render. */
function migratedDb(venv: string, python: string): { db: string } | { error: string } {
  const db = path.join(venv, "airflow-ts-home", "airflow.db");
  if (fs.existsSync(db)) return { db };
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-migrate-"));
  try {
    fs.mkdirSync(path.join(home, "dags"));
    const run = spawnSync(python, ["-m", "airflow", "db", "migrate"], { env: airflowEnv(home), encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) return { error: `airflow db migrate failed:\n${run.stderr.trim().split("\n").slice(-15).join("\n")}` };
    fs.mkdirSync(path.dirname(db), { recursive: true });
    // Copied then renamed: a render never finds a half-written DB.
    fs.copyFileSync(path.join(home, "airflow.db"), `${db}.tmp-${process.pid}`);
    fs.renameSync(`${db}.tmp-${process.pid}`, db);
    return { db };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
