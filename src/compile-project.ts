import * as path from "node:path";
import { hasErrors, type Diagnostic } from "./diagnostics/diagnostic";
import { OWNED_AREAS, planOutputs, writeOutputs, type OutputChanges } from "./emit/write-outputs";
import { loadProject } from "./load/load-project";
import type { Project } from "./load/load-config";
import { resolveConfigFile } from "./load/find-config";
import { buildModel } from "./model/build-model";
import { clusterObjects } from "./model/cluster-objects";
import { buildDeployments, type DeploymentModel } from "./model/deployment";
import { renderDeployment } from "./render/render-deployment";
import { checkHelmValues } from "./validate/check-helm-values";
import { crossCheck, validateDeploymentOptions } from "./validate/validate-deployment";
import { validatePluginOptions } from "./validate/validate-plugin";
import { linkSettings } from "./model/plugin-links";
import type { Pipeline } from "./model/pipeline";
import { renderProject, type OutputFile } from "./render/render-project";
import { targetLines, validateProject } from "./validate/validate-project";

/** Where the Helm values go, relative to the project root. */
export const VALUES_DIR = "airflow-helm-values";

export interface CompileOptions {
  /**
   * The project's config file, or a folder holding `airflow-ts.config.ts`.
   * @default the first "airflow-ts.config.ts" in the current folder or one of its parents
   */
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
 * Nothing is written unless every pipeline, the deployment, and the Helm values rendered from it are valid.
 */
export function compileProject(options: CompileOptions): CompileResult {
  const configFile = resolveConfigFile(options.configFile, process.cwd());
  const loaded = loadProject(configFile);
  const lines = targetLines(loaded.project?.config.deployment?.airflowVersion);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics, ...validateProject(loaded.pipelines, loaded.locate, lines)];
  const { project } = loaded;
  if (!project || hasErrors(diagnostics)) {
    return { ...(project && { project }), diagnostics, pipelines: [], files: [] };
  }
  const pipelines = buildModel(loaded.pipelines, project.root);

  // The deployment must fit the pipelines, so it is checked against their model and its own.
  const deployment = project.config.deployment;
  const objects = clusterObjects(pipelines, deployment?.namespace ?? null);
  const site = { file: project.configFile, ...(project.configCall && { call: project.configCall }), locate: loaded.locate };
  if (project.config.plugin !== undefined) diagnostics.push(...validatePluginOptions(project.config.plugin, site));
  let deployments: DeploymentModel[] = [];
  if (deployment !== undefined) {
    const own = validateDeploymentOptions(deployment, site);
    diagnostics.push(...own);
    if (!hasErrors(own)) {
      deployments = buildDeployments(deployment, pipelines, project.root, project.outDir);
      diagnostics.push(...crossCheck(deployment, deployments, pipelines, objects, project.root));
    }
  }
  if (hasErrors(diagnostics)) return { project, diagnostics, pipelines: [], files: [] };

  const valuesDir = path.relative(project.outDir, path.join(project.root, VALUES_DIR)).split(path.sep).join("/");
  const configSource = path.basename(project.configFile);
  const rest = renderDeployment(pipelines, objects, deployments, configSource, valuesDir);
  // Helm values the chart's schema refuses are never written.
  diagnostics.push(...rest.values.flatMap((v) => checkHelmValues(v.merged, path.posix.join(VALUES_DIR, path.posix.basename(v.file.path)))));
  if (hasErrors(diagnostics)) return { project, diagnostics, pipelines: [], files: [] };

  const links = linkSettings(project.config.plugin, deployment);
  const files = [...renderProject(pipelines, objects, links, configSource), ...rest.files, ...rest.values.map((v) => v.file)];
  const owned = [...OWNED_AREAS, { dir: valuesDir, ext: ".yaml" }];
  const changes = options.mode === "write" ? writeOutputs(project.outDir, files, owned) : planOutputs(project.outDir, files, owned);
  return { project, diagnostics, pipelines, files, changes };
}
