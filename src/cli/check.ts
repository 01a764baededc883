import { compileProject } from "../compile-project";
import { COMMON_OPTIONS, type CliArgs, type CliIo, type Command } from "./args";
import { displayPath, reportDiagnostics } from "./report";

export const runCheck: Command = Object.assign(
  (args: CliArgs, io: CliIo): number => {
    const result = compileProject({ configFile: args.configFile, mode: "check" });
    if (reportDiagnostics(result, args, io)) return 1;
    const { created, updated, deleted } = result.changes!;
    const problems = [
      ...updated.map((f) => `stale     ${displayPath(result, io, f)}`),
      ...created.map((f) => `missing   ${displayPath(result, io, f)}`),
      ...deleted.map((f) => `extra     ${displayPath(result, io, f)}`),
    ];
    if (problems.length === 0) {
      io.out(`generated output is up to date (${result.files.length} file${result.files.length === 1 ? "" : "s"})`);
      return 0;
    }
    io.err(`${problems.join("\n")}\n\ngenerated output differs from the pipelines: run \`npx airflow-ts compile\` and commit the result`);
    return 1;
  },
  {
    usage: `Usage: airflow-ts check [options]

Compiles in memory and compares with <outDir>: exits 1 listing stale, missing and extra generated files.
Writes nothing. Run it in CI so committed DAG files never drift from the pipelines.

${COMMON_OPTIONS}`,
  },
);
