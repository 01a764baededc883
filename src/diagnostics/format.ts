import * as path from "node:path";
import { sortDiagnostics, type Diagnostic } from "./diagnostic";

/**
 * The text form users read:
 * ```
 * pipelines/sales.ts:42:7 error unknown-upstream: task "load" depends on "transfrom", which does not exist
 *   at nightly_sales.tasks.load.after[0]
 *   hint: did you mean "transform"?
 * ```
 */
export function formatDiagnosticsText(diagnostics: readonly Diagnostic[], root: string, style: SeverityStyle = (_s, text) => text): string {
  return sortDiagnostics(diagnostics)
    .map((d) => {
      const where = d.location ? `${relative(root, d.location.file)}:${d.location.line}:${d.location.column} ` : "";
      const lines = [`${where}${style(d.severity, d.severity)} ${d.code}: ${d.message}`];
      if (d.path) lines.push(`  at ${d.path}`);
      if (d.hint) lines.push(`  hint: ${d.hint}`);
      return lines.join("\n");
    })
    .join("\n");
}

/** How the severity word is shown (the CLI colours it on a terminal); plain by default. */
export type SeverityStyle = (severity: Diagnostic["severity"], text: string) => string;

/** The `--format json` form: one array, locations relative to the project root. */
export function formatDiagnosticsJson(diagnostics: readonly Diagnostic[], root: string): string {
  return JSON.stringify(diagnosticsAsJson(diagnostics, root), null, 2);
}

/** The diagnostics as `--format json` prints them: sorted, locations relative to the project root. */
export function diagnosticsAsJson(diagnostics: readonly Diagnostic[], root: string): Diagnostic[] {
  return sortDiagnostics(diagnostics).map((d) => ({
    ...d,
    ...(d.location && { location: { ...d.location, file: relative(root, d.location.file) } }),
  }));
}

function relative(root: string, file: string): string {
  const rel = path.relative(root, file);
  return rel.startsWith("..") ? file : rel.split(path.sep).join("/");
}
