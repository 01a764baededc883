import * as path from "node:path";
import type { CompileResult } from "../compile-project";
import { hasErrors } from "../diagnostics/diagnostic";
import { formatDiagnosticsJson, formatDiagnosticsText } from "../diagnostics/format";
import type { CliArgs, CliIo } from "./args";

/** Prints the run's problems; returns true when there were errors. */
export function reportDiagnostics(result: CompileResult, args: CliArgs, io: CliIo): boolean {
  const root = result.project?.root ?? path.dirname(args.configFile);
  const failed = hasErrors(result.diagnostics);
  if (args.format === "json") {
    if (result.diagnostics.length > 0 || failed) io.err(formatDiagnosticsJson(result.diagnostics, root));
  } else if (result.diagnostics.length > 0) {
    io.err(formatDiagnosticsText(result.diagnostics, root));
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    const warnings = result.diagnostics.length - errors;
    io.err(`\n${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}${failed ? "; nothing was written" : ""}`);
  }
  return failed;
}

/** An output path as the user sees it: relative to where they ran the command. */
export function displayPath(result: CompileResult, io: CliIo, file: string): string {
  const full = path.join(result.project!.outDir, file);
  return path.relative(io.cwd, full).split(path.sep).join("/");
}
