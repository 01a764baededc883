import * as path from "node:path";
import { error, type Diagnostic, type SourceLocation } from "../diagnostics/diagnostic";
import type { ConfigSite } from "../diagnostics/config-site";
import type { OutputChanges } from "./write-outputs";

/**
 * A compile refuses to delete every generated DAG file it finds, or more than this share of them when that is at
 * least MASS_DELETION_MIN files, unless the user passes --allow-deletions. A removed pipeline still loses its DAG
 * (one of several is below the threshold); a mistyped glob or a renamed folder, which would empty Airflow, does not.
 */
export const MASS_DELETION_SHARE = 0.5;
export const MASS_DELETION_MIN = 2;

export interface GuardContext {
  readonly mode: "write" | "check";
  readonly allowDeletions: boolean;
  /** The project's pipelines, by the id written and where `pipeline(...)` was called. */
  readonly pipelines: readonly { readonly id: unknown; readonly location?: SourceLocation }[];
  readonly site: ConfigSite;
  /** The output folder, relative to the project root, for messages. */
  readonly outDir: string;
}

/**
 * What the plan may not do without the user: overwrite a file airflow-ts did not write (always refused), or delete
 * most generated DAGs (refused by `compile` without `allowDeletions`; `check` warns that compile would refuse).
 */
export function guardOutputs(changes: OutputChanges, context: GuardContext): Diagnostic[] {
  return [...changes.notGenerated.map((file) => notGeneratedError(file, context)), ...massDeletion(changes, context)];
}

/** One warning per generated file whose hand edit the compile replaced. */
export function handEditWarnings(changes: OutputChanges, outDir: string): Diagnostic[] {
  return changes.handEdited.map((file) =>
    ({
      code: "hand-edit-replaced",
      severity: "warning",
      message: `${file} had been edited by hand (its body no longer matched its header's hash); the edit was replaced by the compiled file`,
      location: { file: path.join(outDir, file), line: 1, column: 1 },
      hint: "generated files are overwritten on every compile: make the change in the TypeScript pipeline (git has the edited version)",
    }) satisfies Diagnostic,
  );
}

function notGeneratedError(file: string, context: GuardContext): Diagnostic {
  const shown = path.posix.join(context.outDir, file);
  const dagId = /^dags\/(.+)\.py$/.exec(file)?.[1];
  const pipeline = dagId === undefined ? undefined : context.pipelines.find((p) => p.id === dagId);
  if (pipeline?.location) {
    return error("not-generated-file", `${shown} exists and was not written by airflow-ts (it has no airflow-ts header): the DAG of pipeline "${dagId}" would overwrite it`, {
      location: context.site.locate(pipeline.location, 0, ["id"]),
      path: `${dagId}.id`,
      hint: `nothing was written; give the pipeline another id, or move ${shown} out of the way if it may go`,
    });
  }
  const option = file.startsWith("plugins/") || file.startsWith("graphs/") ? "plugin" : file.startsWith("dags/") ? "pipelines" : file.endsWith(".json") ? "outDir" : "deployment";
  return error("not-generated-file", `${shown} exists and was not written by airflow-ts (it has no airflow-ts header): compile would overwrite it`, {
    location: atConfigOption(context.site, option),
    path: `config.${option}`,
    hint: `nothing was written; move ${shown} out of the way if it may go, or set another outDir`,
  });
}

function massDeletion(changes: OutputChanges, context: GuardContext): Diagnostic[] {
  const isDag = (file: string) => file.startsWith("dags/");
  const deleted = changes.deleted.filter(isDag);
  const existing = [...changes.updated, ...changes.handEdited, ...changes.unchanged].filter(isDag).length + deleted.length;
  const tooMany = deleted.length > 0 && (deleted.length === existing || (deleted.length >= MASS_DELETION_MIN && deleted.length > existing * MASS_DELETION_SHARE));
  if (!tooMany || context.allowDeletions) return [];
  const names = deleted.map((f) => path.posix.basename(f));
  const listed = names.length > 5 ? `${names.slice(0, 5).join(", ")} and ${names.length - 5} more` : names.join(", ");
  const what = `${deleted.length === existing ? "every" : `${deleted.length} of the ${existing}`} generated DAG file${existing === 1 ? "" : "s"} in ${context.outDir}/dags (${listed})`;
  const hint = "if those pipelines were removed on purpose, run `airflow-ts compile --allow-deletions`; if not, check the `pipelines` globs and the pipelines' ids";
  const location = atConfigOption(context.site, "pipelines");
  if (context.mode === "check") {
    return [{ code: "mass-deletion", severity: "warning", message: `compile would refuse to delete ${what} without --allow-deletions`, location, path: "config.pipelines", hint }];
  }
  return [error("mass-deletion", `this compile would delete ${what}; nothing was written or deleted`, { location, path: "config.pipelines", hint })];
}

function atConfigOption(site: ConfigSite, option: string): SourceLocation {
  return site.call ? site.locate(site.call, 0, [option]) : { file: site.file, line: 1, column: 1 };
}
