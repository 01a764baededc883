import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * The virtualenvs of real Airflow that `airflow-ts render` runs in, made by `airflow-ts env setup` from the locks
 * committed in test/airflow/ (shipped in the package). Same cache and key as test/airflow/setup-env.sh (the lock's
 * bytes and the Python version, hashed), so the test venvs and the user's are one and the same.
 */

export type AirflowEnvLine = "airflow3" | "airflow2";

const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");
/** Python versions the locks were resolved for: Airflow 3.3 and 2.11 both install on these. */
const PYTHONS = ["3.10", "3.11", "3.12"];

export const INSTALL_PYTHON = `airflow-ts runs real Airflow in a Python virtualenv and needs Python ${PYTHONS[0]}–${PYTHONS[PYTHONS.length - 1]} with venv and pip:
  Debian/Ubuntu:  sudo apt-get install python3 python3-venv
  macOS:          brew install python@3.12
  elsewhere:      https://www.python.org/downloads/ (3.12)
or point AIRFLOW_TS_PYTHON at such a python. Then: npx airflow-ts env setup`;

export interface PythonFound {
  readonly python: string;
  /** As setup-env.sh hashes it: "(3, 11)". */
  readonly versionTuple: string;
}

/** The Python to make venvs with, or a message saying what to install. */
export function findPython(env: Readonly<Record<string, string | undefined>> = process.env): PythonFound | { readonly error: string } {
  const python = env.AIRFLOW_TS_PYTHON || "python3";
  const probe = spawnSync(python, ["-c", "import sys, venv, ensurepip; print(sys.version_info[:2])"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) return { error: `no usable ${python} (${probe.error ? "not found" : "without venv or ensurepip"}).\n${INSTALL_PYTHON}` };
  const versionTuple = probe.stdout.trim();
  const [major, minor] = versionTuple.replace(/[()\s]/g, "").split(",");
  if (!PYTHONS.includes(`${major}.${minor}`)) return { error: `${python} is Python ${major}.${minor}.\n${INSTALL_PYTHON}` };
  return { python, versionTuple };
}

export function lockFile(line: AirflowEnvLine): string {
  return path.join(PACKAGE_ROOT, "test", "airflow", `${line}.lock`);
}

/** Where the venv of this line lives for this Python (whether or not it exists yet). */
export function venvPath(line: AirflowEnvLine, found: PythonFound, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const hash = createHash("sha256").update(fs.readFileSync(lockFile(line))).update(`${found.versionTuple}\n`).digest("hex").slice(0, 16);
  const cache = env.AIRFLOW_TS_CACHE || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "airflow-ts");
  return path.join(cache, "venvs", `${line}-${hash}`);
}

export function venvReady(venv: string): boolean {
  return fs.existsSync(path.join(venv, ".complete"));
}

/**
 * Creates the venv from the lock unless it is complete already. Installs into a temporary folder renamed into place
 * when done, so an interrupted install never looks complete and two installs at once do not mix.
 */
export function setupVenv(line: AirflowEnvLine, found: PythonFound, log: (text: string) => void): { venv: string; created: boolean } | { error: string } {
  const venv = venvPath(line, found);
  if (venvReady(venv)) return { venv, created: false };
  fs.mkdirSync(path.dirname(venv), { recursive: true });
  const temp = `${venv}.tmp-${process.pid}`;
  fs.rmSync(temp, { recursive: true, force: true });
  log(`setting up ${line} in ${venv} (first run only; a few minutes)`);
  const steps: [string, string[]][] = [
    [found.python, ["-m", "venv", temp]],
    [path.join(temp, "bin", "pip"), ["install", "-q", "--disable-pip-version-check", "--no-deps", "-r", lockFile(line)]],
    [path.join(temp, "bin", "python"), ["-c", "import airflow, airflow.providers.cncf.kubernetes"]],
  ];
  for (const [program, args] of steps) {
    const run = spawnSync(program, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) {
      fs.rmSync(temp, { recursive: true, force: true });
      return { error: `${path.basename(program)} ${args.join(" ")} failed:\n${(run.stderr || String(run.error ?? "")).trim().split("\n").slice(-15).join("\n")}` };
    }
  }
  fs.writeFileSync(path.join(temp, ".complete"), "");
  try {
    fs.renameSync(temp, venv);
  } catch {
    // Another install finished first: use it.
    fs.rmSync(temp, { recursive: true, force: true });
  }
  return { venv, created: true };
}
