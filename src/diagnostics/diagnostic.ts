import type { SourceLocation } from "./source-location";

export type { SourceLocation };

export type Severity = "error" | "warning";

/**
 * One problem found in a run. `code` is stable (tests and `--format json` users rely on it);
 * `path` walks from the pipeline id to the offending field, e.g. `nightly_sales.tasks.load.after[0]`.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly location?: SourceLocation;
  readonly path?: string;
  readonly hint?: string;
}

export function error(code: string, message: string, extra: Omit<Partial<Diagnostic>, "code" | "message"> = {}): Diagnostic {
  return { code, severity: "error", message, ...extra };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Sorted by file, line and column; problems without a location come first. Stable for equal positions. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const fa = a.location?.file ?? "";
    const fb = b.location?.file ?? "";
    if (fa !== fb) return fa < fb ? -1 : 1;
    return (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0);
  });
}
