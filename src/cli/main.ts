import { runCheck } from "./check";
import { runCompile } from "./compile";
import { type CliIo, type Command, UsageError } from "./args";
import { parseCompileArgs } from "./options";
import { PREFLIGHT_USAGE, runPreflightCommand } from "./preflight";
import { runWithoutCompiler } from "./commands";
import { LS_USAGE, runLs } from "./ls";
import { PLAN_USAGE, runPlan } from "./plan";
import { GRAPH_USAGE, runGraph } from "./graph";
import { RENDER_USAGE, runRender } from "./render";
import { runWatch, WATCH_USAGE } from "./watch";

/** The verbs that read the compiled pipelines, each with its own options (parsed by the verb; UsageError is exit code 2). */
const VERBS: Record<string, { run: (argv: readonly string[], io: CliIo) => number | Promise<number>; usage: string }> = {
  ls: { run: runLs, usage: LS_USAGE },
  plan: { run: runPlan, usage: PLAN_USAGE },
  graph: { run: runGraph, usage: GRAPH_USAGE },
  render: { run: runRender, usage: RENDER_USAGE },
  watch: { run: runWatch, usage: WATCH_USAGE },
  preflight: { run: runPreflightCommand, usage: PREFLIGHT_USAGE },
};

const COMMANDS: Record<string, Command> = { compile: runCompile, check: runCheck };

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text + "\n"),
  err: (text) => process.stderr.write(text + "\n"),
  cwd: process.cwd(),
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
};

/**
 * Runs one command; returns the exit code (a promise for graph, watch and preflight).
 * (bin/airflow-ts.js answers help, version and init before loading this.)
 */
export function main(argv: readonly string[], io: CliIo = defaultIo): number | Promise<number> {
  const answered = runWithoutCompiler(argv, io);
  if (answered !== undefined) return answered;
  const [name, ...rest] = argv;
  const verb = VERBS[name!];
  if (verb) {
    const usage = (thrown: unknown) => {
      if (!(thrown instanceof UsageError)) throw thrown;
      io.err(`${thrown.message}\n\n${verb.usage}`);
      return 2;
    };
    try {
      const code = verb.run(rest, io);
      return typeof code === "number" ? code : code.catch(usage);
    } catch (thrown) {
      return usage(thrown);
    }
  }
  const command = COMMANDS[name!]!;
  try {
    const args = parseCompileArgs(rest, io.cwd);
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
