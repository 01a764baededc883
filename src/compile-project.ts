import * as path from "node:path";
import { hasErrors, type Diagnostic } from "./diagnostics/diagnostic";
import { planOutputs, writeOutputs, type OutputChanges } from "./emit/write-outputs";
import { loadProject } from "./load/load-project";
import { CONFIG_FILE, type Project } from "./load/load-config";
import { buildModel } from "./model/build-model";
import type { Pipeline } from "./model/pipeline";
import { renderProject, type OutputFile } from "./render/render-project";
import { validateProject } from "./validate/validate-project";

export interface CompileOptions {
  /** The project's config file. @default "airflow-ts.config.ts" in the current folder */
  readonly configFile?: string;
  /** Write the outputs (`compile`), or only compare them with what is on disk (`check`). */
  readonly mode: "write" | "check";
}

export interface CompileResult {
  readonly project?: Project;
  readonly diagnostics: readonly Diagnostic[];
  readonly pipelines: readonly Pipeline[];
  readonly files: readonly OutputFile[];
  /** What was (or, for `check`, would be) written and deleted; absent when the pipelines are invalid. */
  readonly changes?: OutputChanges;
}

/**
 * The whole data flow: load -> validate -> model -> render -> write (or compare).
 * Nothing is written unless every pipeline is valid.
 */
export function compileProject(options: CompileOptions): CompileResult {
  const configFile = path.resolve(options.configFile ?? CONFIG_FILE);
  const loaded = loadProject(configFile);
  const diagnostics = [...loaded.diagnostics, ...validateProject(loaded.pipelines, loaded.locate)];
  const { project } = loaded;
  if (!project || hasErrors(diagnostics)) {
    return { ...(project && { project }), diagnostics, pipelines: [], files: [] };
  }
  const pipelines = buildModel(loaded.pipelines, project.root);
  const files = renderProject(pipelines);
  const changes = options.mode === "write" ? writeOutputs(project.outDir, files) : planOutputs(project.outDir, files);
  return { project, diagnostics, pipelines, files, changes };
}
