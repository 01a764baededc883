import * as path from "node:path";
import * as dsl from "../dsl";
import type { SourceLocation } from "../dsl/call-site";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic";
import { findFiles } from "./find-files";
import { loadConfig, type Project } from "./load-config";
import { locateField, type FieldPath } from "./locate-field";
import { runPipelines, type LoadedPipeline } from "./run-pipelines";
import { startTypeScriptRuntime } from "./ts-runtime";
import { typeCheck } from "./type-check";
import { loadUserTsConfig } from "./user-tsconfig";

/** Points at the field a user wrote: the call at `call`, its argument `argumentIndex`, then `path`. */
export type Locate = (call: SourceLocation, argumentIndex: number, path: FieldPath) => SourceLocation;

export interface LoadResult {
  readonly project?: Project;
  readonly pipelines: readonly LoadedPipeline[];
  readonly diagnostics: readonly Diagnostic[];
  readonly locate: Locate;
}

/**
 * Config -> pipeline files -> one type check over all of them -> run each module.
 * Stops before running anything when the program does not type-check.
 */
export function loadProject(configFile: string): LoadResult {
  // The user's tsconfig (nearest to the config file) governs how their modules resolve and type-check.
  const tsconfig = loadUserTsConfig(path.dirname(configFile));
  const runtime = startTypeScriptRuntime({ "airflow-ts": dsl }, tsconfig.options);
  const noLocate: Locate = (call) => call;
  try {
    const { project, diagnostics: configDiagnostics } = loadConfig(configFile, runtime);
    if (!project) return { pipelines: [], diagnostics: configDiagnostics, locate: noLocate };

    const files = findFiles(project.root, project.config.pipelines);
    const checked = typeCheck([configFile, ...files], tsconfig);
    const locate: Locate = (call, argumentIndex, path) => {
      const sourceFile = checked.sourceFile(call.file);
      return sourceFile ? locateField(sourceFile, call, argumentIndex, path) : call;
    };
    if (hasErrors(tsconfig.diagnostics)) return { project, pipelines: [], diagnostics: tsconfig.diagnostics, locate };
    if (hasErrors(checked.diagnostics)) return { project, pipelines: [], diagnostics: checked.diagnostics, locate };

    const { pipelines, diagnostics } = runPipelines(files, runtime);
    return { project, pipelines, diagnostics: [...checked.diagnostics, ...diagnostics], locate };
  } finally {
    runtime.dispose();
  }
}
