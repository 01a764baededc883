import { compileProject } from "../compile-project";
import { hasErrors } from "../diagnostics/diagnostic";
import type { OutputChanges } from "../emit/write-outputs";
import { COMMON_OPTIONS, type CliArgs, type CliIo, type Command } from "./args";
import { displayPath, progressReporter, reportDiagnostics, reportJson } from "./report";

/** What `check` calls each kind of difference, and what compile will do about it. */
const PROBLEMS: readonly [keyof OutputChanges, string, string][] = [
  ["updated", "stale", ""],
  ["handEdited", "edited by hand", "  (compile replaces the edit)"],
  ["created", "missing", ""],
  ["deleted", "deleted", "  (no pipeline produces it: compile deletes it)"],
  ["tempFiles", "temp file", "  (left by an interrupted compile: compile removes it)"],
];

export const runCheck: Command = Object.assign(
  (args: CliArgs, io: CliIo): number => {
    const result = compileProject({ configFile: args.configFile, mode: "check", onStage: progressReporter(io, args.format), cache: !args.noCache });
    const changes = result.changes;
    const differs = changes !== undefined && PROBLEMS.some(([kind]) => changes[kind].length > 0);
    if (args.format === "json") {
      reportJson("check", result, args, io, { upToDate: changes !== undefined && !hasErrors(result.diagnostics) && !differs });
      return changes === undefined || hasErrors(result.diagnostics) || differs ? 1 : 0;
    }
    if (reportDiagnostics(result, args, io)) return 1;
    if (!differs) {
      io.out(`generated output is up to date (${result.files.length} file${result.files.length === 1 ? "" : "s"})`);
      return 0;
    }
    const lines = PROBLEMS.flatMap(([kind, label, note]) => changes![kind].map((f) => `${label.padEnd(16)}${displayPath(result, io, f)}${note}`));
    io.err(`${lines.join("\n")}\n\ngenerated output differs from the pipelines: run \`npx airflow-ts compile\` and commit the result`);
    return 1;
  },
  {
    usage: `Usage: airflow-ts check [options]

Compiles in memory and compares with <outDir>: exits 1 listing stale, edited-by-hand, missing and deleted
generated files, and temp files an interrupted compile left. Writes nothing. Run it in CI so committed DAG
files never drift from the pipelines.

${COMMON_OPTIONS}`,
  },
);
