import { error, type Diagnostic, type SourceLocation } from "./diagnostic";
import type { Issue } from "./issue";
import type { Locate } from "./source-location";

/** Where the config's fields are: its `defineConfig(...)` call, when known. */
export interface ConfigSite {
  readonly file: string;
  readonly call?: SourceLocation;
  readonly locate: Locate;
}

/** A problem with a config field (under `deployment` unless said otherwise), at that field's line. */
export function atConfig(issue: Issue, site: ConfigSite, option = "deployment"): Diagnostic {
  const field = [option, ...issue.field];
  const location = site.call ? site.locate(site.call, 0, field) : { file: site.file, line: 1, column: 1 };
  const found = error(issue.code, issue.message, { location, path: `config.${field.join(".")}`, ...(issue.hint && { hint: issue.hint }) });
  return issue.severity === "warning" ? { ...found, severity: "warning" } : found;
}
