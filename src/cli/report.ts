import * as path from "node:path";
import type { CompileResult } from "../compile-project";
import { hasErrors } from "../diagnostics/diagnostic";
import { diagnosticsAsJson, formatDiagnosticsText } from "../diagnostics/format";
import type { OutputChanges } from "../emit/write-outputs";
import type { CompileStage } from "../compile-project";
import type { CliArgs, CliIo } from "./args";
import { painter, terminalOf } from "./terminal";

/**
 * The version of every `--format json` shape (docs/cli.md documents each verb's). Bumped when a field changes
 * meaning or goes away; new fields may appear without a bump.
 */
export const JSON_VERSION = 1;

/** The first fields of every verb's JSON object. */
export function jsonHead(command: string, ok: boolean): { version: number; command: string; ok: boolean } {
  return { version: JSON_VERSION, command, ok };
}

const STAGE_WORDS: Record<CompileStage, string> = {
  load: "loading and type-checking the pipelines",
  validate: "validating",
  model: "building the model",
  render: "rendering",
  write: "writing",
  compare: "comparing with the files on disk",
};

/** Progress on stderr, stage by stage, only on a terminal in text mode; undefined (no reporter) otherwise. */
export function progressReporter(io: CliIo, format: "text" | "json"): ((stage: CompileStage) => void) | undefined {
  if (!terminalOf(io, format).progress) return undefined;
  const dim = painter(terminalOf(io, format).color);
  return (stage) => io.err(dim("dim", `${STAGE_WORDS[stage]}...`));
}

/** Prints the run's problems as text; returns true when there were errors. */
export function reportDiagnostics(result: CompileResult, args: Pick<CliArgs, "configFile">, io: CliIo): boolean {
  const root = projectRoot(result, args);
  const failed = hasErrors(result.diagnostics);
  if (result.diagnostics.length > 0) {
    const paint = painter(terminalOf(io, "text").color);
    io.err(formatDiagnosticsText(result.diagnostics, root, (severity, text) => paint(severity === "error" ? "red" : "yellow", text)));
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    const warnings = result.diagnostics.length - errors;
    io.err(`\n${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}${failed ? "; nothing was written" : ""}`);
  }
  return failed;
}

/**
 * `--format json`: one object on stdout with everything the text form says. `files` lists each output by what
 * happened to it (or, for `check` and a refused compile, what would), paths relative to the project root; it is
 * null when the pipelines were invalid and no output was planned.
 */
export function reportJson(command: "compile" | "check", result: CompileResult, args: CliArgs, io: CliIo, extra: Record<string, unknown> = {}): void {
  io.out(JSON.stringify(compileJson(command, result, args, extra), null, 2));
}

/** The object `reportJson` prints (watch prints one per compile, on one line). */
export function compileJson(command: string, result: CompileResult, args: Pick<CliArgs, "configFile">, extra: Record<string, unknown> = {}) {
  const root = projectRoot(result, args);
  const files = result.changes && result.project ? filesJson(result.changes, path.relative(root, result.project.outDir)) : null;
  return {
    ...jsonHead(command, !hasErrors(result.diagnostics)),
    written: result.written,
    pipelines: result.pipelines.length,
    ...extra,
    files,
    diagnostics: diagnosticsAsJson(result.diagnostics, root),
  };
}

function filesJson(changes: OutputChanges, outDir: string): Record<keyof OutputChanges, string[]> {
  const rel = (file: string) => path.posix.normalize(path.posix.join(outDir.split(path.sep).join("/"), file));
  const lists = Object.entries(changes).map(([kind, list]) => [kind, (list as string[]).map(rel)]);
  return Object.fromEntries(lists) as Record<keyof OutputChanges, string[]>;
}

/** The diagnostics of a run as every verb's JSON carries them: sorted, paths relative to the project root. */
export function diagnosticsJson(result: CompileResult, args: Pick<CliArgs, "configFile">) {
  return diagnosticsAsJson(result.diagnostics, projectRoot(result, args));
}

export function projectRoot(result: CompileResult, args: Pick<CliArgs, "configFile">): string {
  return result.project?.root ?? path.dirname(args.configFile);
}

/** An output path as the user sees it: relative to where they ran the command. */
export function displayPath(result: CompileResult, io: CliIo, file: string): string {
  const full = path.join(result.project!.outDir, file);
  return path.relative(io.cwd, full).split(path.sep).join("/");
}
