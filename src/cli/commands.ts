import * as fs from "node:fs";
import * as path from "node:path";
import { closest } from "../diagnostics/did-you-mean";
import type { CliIo } from "./args";
import { INIT_USAGE, runInit } from "./init";
import { ENV_USAGE, runEnv } from "./env";
import { UsageError } from "./args";

/**
 * The part of the CLI that needs no compiler: help, version, init, and mistyped commands. The bin answers
 * these before it loads TypeScript and the rest (seconds), so `--help` and `--version` are instant.
 */
export const COMMAND_NAMES = ["init", "compile", "check", "preflight", "ls", "plan", "graph", "render", "env", "watch"] as const;

export const HELP = `airflow-ts: compile typed TypeScript pipelines into Airflow DAG files

Usage: airflow-ts <command> [options]

Commands:
  init [dir]  create a pipelines repository: package.json, tsconfig.json, config, an example pipeline and its test
  compile     type-check and validate the pipelines, then write generated/dags/*.py
  check       exit 1 when generated/ differs from a fresh compile (for CI); writes nothing
  watch       compile, then again on every change, redoing only what changed (Ctrl-C stops)
  preflight   check a live cluster for what the pipelines need (namespaces, accounts, Secrets, claims, RBAC)
  ls          list the pipelines (schedule, next run, tasks, source line); --tasks lists their tasks
  graph       draw a pipeline (or --all) as SVG, Mermaid or DOT, laid out by ELK
  render      the pods real Airflow would create for a run: render <dag_id> [task] --date <date> [--param k=v]
  env setup   create the virtualenv with real Airflow that render runs in (from the locks shipped with airflow-ts)
  plan        what merging this change does to Airflow, against the manifest committed at a git ref (HEAD)

Options:
  -h, --help     show this help
  -v, --version  print the version of airflow-ts

Run "airflow-ts <command> --help" for a command's options.
Exit codes: 0 ok, 1 invalid pipelines or stale output, 2 bad usage.`;

/** This package's version, from its package.json (one folder above src/ or dist/). */
export function packageVersion(): string {
  const file = path.resolve(__dirname, "..", "..", "package.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}

/** The commands that need no compiler, with their usage (shown after a UsageError, exit code 2). */
const OWN_PARSERS: Record<string, { run: (argv: readonly string[], io: CliIo) => number; usage: string }> = {
  init: { run: (argv, io) => runInit(argv, io, packageVersion()), usage: INIT_USAGE },
  env: { run: runEnv, usage: ENV_USAGE },
};

/** Answers what needs no compiler and returns the exit code; undefined for the commands that compile. */
export function runWithoutCompiler(argv: readonly string[], io: CliIo): number | undefined {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v" || name === "version") {
    io.out(packageVersion());
    return 0;
  }
  const own = OWN_PARSERS[name];
  if (own) {
    try {
      return own.run(rest, io);
    } catch (thrown) {
      if (!(thrown instanceof UsageError)) throw thrown;
      io.err(`${thrown.message}\n\n${own.usage}`);
      return 2;
    }
  }
  if ((COMMAND_NAMES as readonly string[]).includes(name)) return undefined;
  const suggestion = closest(name, name.startsWith("-") ? ["--help", "--version"] : [...COMMAND_NAMES]);
  const what = name.startsWith("-") ? "option" : "command";
  io.err(`unknown ${what} "${name}"${suggestion ? `; did you mean "${suggestion}"?` : ""}\n\n${HELP}`);
  return 2;
}
