import { findPython, setupVenv, venvPath, venvReady } from "./airflow-venv";
import { UsageError, type CliIo } from "./args";
import { airflowLineOf, formatOf, FORMAT_OPTION, HELP_OPTION, readCommandLine } from "./options";
import { jsonHead } from "./report";

export const ENV_USAGE = `Usage: airflow-ts env setup [--airflow 3|2] [--format text|json]
       airflow-ts env path  [--airflow 3|2] [--format text|json]

setup: creates the Python virtualenv with real Airflow that \`airflow-ts render\` runs in, from the lock shipped with
airflow-ts (Airflow 3.3.2 or 2.11.2 and the cncf-kubernetes provider, exact versions), in ~/.cache/airflow-ts/venvs
(AIRFLOW_TS_CACHE moves it). A few minutes the first time; later calls reuse it while the lock is unchanged.
path: prints where that virtualenv is, and whether it is ready.

Options:
  --airflow 3|2          the Airflow line (default: 3)
  --format text|json     text, or one JSON object on stdout
  -h, --help             show this help

Needs Python 3.10–3.12 with venv (AIRFLOW_TS_PYTHON names another python) and access to PyPI.`;

/** `airflow-ts env setup|path`: needs no compiler. */
export function runEnv(argv: readonly string[], io: CliIo): number {
  const options = readCommandLine(argv, { ...HELP_OPTION, ...FORMAT_OPTION, "--airflow": "value" }, 1);
  if (options.switches.has("--help")) {
    io.out(ENV_USAGE);
    return 0;
  }
  const json = formatOf(options) === "json";
  const line = airflowLineOf(options);
  const action = options.positionals[0];
  if (action !== "setup" && action !== "path") throw new UsageError(`env what? setup or path${action === undefined ? "" : `, not "${action}"`}`);
  const report = (ok: boolean, fields: Record<string, unknown>) => io.out(JSON.stringify({ ...jsonHead("env", ok), line, ...fields }, null, 2));
  const python = findPython(io.env ?? process.env);
  if ("error" in python) {
    if (json) report(false, { error: python.error, venv: null, ready: false, created: false });
    else io.err(python.error);
    return 1;
  }
  if (action === "path") {
    const venv = venvPath(line, python, io.env ?? process.env);
    const ready = venvReady(venv);
    if (json) report(true, { error: null, venv, ready, created: false });
    else io.out(`${venv}${ready ? "" : "  (not set up: npx airflow-ts env setup)"}`);
    return 0;
  }
  const made = setupVenv(line, python, (text) => !json && io.err(text));
  if ("error" in made) {
    if (json) report(false, { error: made.error, venv: null, ready: false, created: false });
    else io.err(made.error);
    return 1;
  }
  if (json) report(true, { error: null, venv: made.venv, ready: true, created: made.created });
  else io.out(`${made.created ? "created" : "ready"}  ${made.venv}`);
  return 0;
}
