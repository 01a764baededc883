import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { airflowPython, type AirflowLine } from "../airflow/airflow-env";
import { freePort } from "../helpers/local-tools";

const HERE = __dirname;

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=airflow-ts test", "-c", "user.email=test@airflow-ts.invalid", "-c", "init.defaultBranch=main", ...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** A git repository holding a copy of `generated/` (DAGs, plugin, manifest), committed once. */
export function committedProject(generatedDir: string): { repo: string; commit: string } {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-repo-"));
  // What a deploy commits of generated/ for Airflow (the pictures only with plugin: { graphs: true }).
  for (const part of ["dags", "plugins", "graphs", "manifest.json"]) {
    if (fs.existsSync(path.join(generatedDir, part))) fs.cpSync(path.join(generatedDir, part), path.join(repo, "generated", part), { recursive: true });
  }
  git(repo, "init", "-q");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "deploy");
  return { repo, commit: git(repo, "rev-parse", "HEAD") };
}

/**
 * The project as git-sync v4 deploys it: a clone in `root`, the synced commit checked out as a worktree in
 * `root/.worktrees/<commit>`, and `root/repo` a link to it. Airflow's folders are under `root/repo`.
 */
export function gitSyncCheckout(generatedDir: string): { checkout: string; commit: string } {
  const { repo, commit } = committedProject(generatedDir);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-git-sync-"));
  git(root, "clone", "-q", "--no-checkout", repo, ".");
  git(root, "worktree", "add", "-q", "--detach", `.worktrees/${commit}`, commit);
  fs.symlinkSync(`.worktrees/${commit}`, path.join(root, "repo"));
  return { checkout: path.join(root, "repo"), commit };
}

/** The env Airflow needs to find DAGs and plugins without a metadata DB (DagBag, `airflow plugins`). */
export function airflowEnv(dagsFolder: string, pluginsFolder: string): NodeJS.ProcessEnv {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-home-plugin-"));
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AIRFLOW"))),
    AIRFLOW_HOME: home,
    AIRFLOW__CORE__DAGS_FOLDER: dagsFolder,
    AIRFLOW__CORE__PLUGINS_FOLDER: pluginsFolder,
    AIRFLOW__CORE__LOAD_EXAMPLES: "False",
    AIRFLOW__CORE__UNIT_TEST_MODE: "False",
    PYTHONDONTWRITEBYTECODE: "1",
  };
}

export interface PluginRegistration {
  name: string;
  operator_extra_links: string[];
  fastapi_apps?: { url_prefix: string; name: string }[];
  external_views?: { name: string; href: string; destination: string; url_route: string }[];
}

/** `airflow plugins -o json`: what the CLI reports. */
export function listPlugins(line: AirflowLine, env: NodeJS.ProcessEnv): PluginRegistration[] {
  const airflow = path.join(path.dirname(airflowPython(line)), "airflow");
  const out = execFileSync(airflow, ["plugins", "-o", "json"], { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return JSON.parse(out.slice(out.indexOf("["))) as PluginRegistration[];
}

export interface LinkReport {
  airflow_version: string;
  plugins: string[];
  plugin_import_errors: Record<string, string>;
  import_errors: Record<string, string>;
  tasks: Record<string, { doc_md: string | null; pod_labels: Record<string, string>; pod_namespace: string | null; links: Record<string, string | null> }>;
}

/** Each task's extra links as the UI server computes them (plugin_links.py), for one task instance. */
export function extraLinks(line: AirflowLine, env: NodeJS.ProcessEnv, runId: string, tryNumber: number): LinkReport {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-links-")), "links.json");
  execFileSync(airflowPython(line), [path.join(HERE, "plugin_links.py"), out, runId, String(tryNumber)], { env, stdio: ["ignore", "ignore", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(fs.readFileSync(out, "utf8")) as LinkReport;
}

/**
 * A real `airflow api-server` on loopback, started in its own process group (it forks workers) so that `stop`
 * ends all of it. Resolves once the health endpoint answers; rejects with the server's log if it exits or hangs.
 */
export async function startApiServer(bin: string, env: NodeJS.ProcessEnv, home: string): Promise<{ url: string; stop: () => void; log: () => string }> {
  const port = await freePort();
  const logFile = path.join(home, "api-server.log");
  const log = fs.openSync(logFile, "w");
  const child = spawn(path.join(bin, "airflow"), ["api-server", "--host", "127.0.0.1", "--port", String(port)], { env, detached: true, stdio: ["ignore", log, log] });
  const url = `http://127.0.0.1:${port}`;
  const readLog = () => fs.readFileSync(logFile, "utf8");
  const stop = () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  };
  let exited = false;
  child.once("exit", () => (exited = true));
  // A hang guard: on a busy 2-core machine the api-server takes minutes to answer; an exit is seen at once.
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`airflow api-server exited:\n${readLog().slice(-3000)}`);
    try {
      if ((await fetch(`${url}/api/v2/monitor/health`)).ok) return { url, stop, log: readLog };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  stop();
  throw new Error(`airflow api-server did not answer in time:\n${readLog().slice(-3000)}`);
}

/** A JWT from the simple auth manager for its generated admin password (the UI's login, without the form). */
export async function adminToken(url: string, home: string): Promise<string> {
  const passwords = JSON.parse(fs.readFileSync(path.join(home, "simple_auth_manager_passwords.json.generated"), "utf8")) as Record<string, string>;
  const response = await fetch(`${url}/auth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: passwords.admin }) });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Debian's Chromium (installed on first use by setup-chromium.sh). */
export function chromiumPath(): string {
  return execFileSync(path.join(HERE, "setup-chromium.sh"), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}
