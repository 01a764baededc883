import { runCheck } from "./check";
import { runCompile } from "./compile";
import { parseArgs, type CliIo, type Command, UsageError } from "./args";
import { runPreflightCommand } from "./preflight";

const COMMANDS: Record<string, Command> = { compile: runCompile, check: runCheck };

const HELP = `airflow-ts: compile typed TypeScript pipelines into Airflow DAG files

Usage: airflow-ts <command> [options]

Commands:
  compile   type-check and validate the pipelines, then write generated/dags/*.py
  check     exit 1 when generated/ differs from a fresh compile (for CI); writes nothing
  preflight check a live cluster for what the pipelines need (namespaces, accounts, Secrets, claims, RBAC)

Run "airflow-ts <command> --help" for a command's options.
Exit codes: 0 ok, 1 invalid pipelines or stale output, 2 bad usage.`;

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text + "\n"),
  err: (text) => process.stderr.write(text + "\n"),
  cwd: process.cwd(),
};

/** Runs one command; returns the exit code (a promise for preflight, which talks to a cluster). */
export function main(argv: readonly string[], io: CliIo = defaultIo): number | Promise<number> {
  const [name, ...rest] = argv;
  if (name === "preflight") return runPreflightCommand(rest, io);
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    const args = parseArgs(rest, io.cwd);
    if (args.help) {
      io.out(command.usage);
      return 0;
    }
    return command(args, io);
  } catch (thrown) {
    if (thrown instanceof UsageError) {
      io.err(`${thrown.message}\n\n${command.usage}`);
      return 2;
    }
    throw thrown;
  }
}
