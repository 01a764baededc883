import * as path from "node:path";
import { hasErrors, type Diagnostic } from "./diagnostics/diagnostic";
import { guardOutputs, handEditWarnings } from "./emit/output-guards";
import { OWNED_AREAS, planOutputs, writeOutputs, type OutputChanges } from "./emit/write-outputs";
import { lookupCompile, storeCompile, type CachedCompile } from "./cache/compile-cache";
import { loadProject, type LoadedModule, type LoadInputs, type LoadResult } from "./load/load-project";
import { PipelineCache, type ModuleWork, type PipelineWork } from "./cache/pipeline-cache";
import { cacheFolder } from "./cache/cache-folder";
import type { Project } from "./load/load-config";
import { resolveConfigFile } from "./load/find-config";
import type { FileHashes } from "./load/input-fingerprint";
import { assembleModel, buildModel } from "./model/build-model";
import { clusterObjects } from "./model/cluster-objects";
import { buildDeployments, type DeploymentModel } from "./model/deployment";
import { deploymentNeeds } from "./model/deployment-needs";
import { renderDeployment } from "./render/render-deployment";
import { checkHelmValues } from "./validate/check-helm-values";
import { validateDeploymentOptions } from "./validate/validate-deployment";
import { crossCheck } from "./model/deployment-checks";
import { validatePluginOptions } from "./validate/validate-plugin";
import { linkSettings } from "./model/plugin-links";
import type { Pipeline } from "./model/pipeline";
import type { OutputFile } from "./render/output-file";
import { renderDags, renderProject } from "./render/render-project";
import { manifestEntry, rememberManifestEntry } from "./render/manifest-json";
import { targetLines, type AirflowLine } from "./knowledge/airflow-lines";
import { checkAcrossPipelines, paramsOf, validatePipeline, type PipelineValidation, type ProjectMember } from "./validate/validate-project";
import { runModuleAgain } from "./load/run-again";
import type { LoadedPipeline } from "./load/run-pipelines";

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
  /**
   * Let `compile` delete every generated DAG file, or more than half of them (see emit/output-guards.ts). Without
   * it such a compile is refused: a mistyped glob or id must not empty Airflow. @default false
   */
  readonly allowDeletions?: boolean;
  /**
   * Called as each stage starts, for progress on a terminal (the library never prints). Stages: "load" (find,
   * type-check and run the pipelines), "validate", "model", "render", then "write" or "compare".
   */
  readonly onStage?: (stage: CompileStage) => void;
  /**
   * Reuse the last result when none of its inputs changed, and record this one (src/cache: in
   * `node_modules/.cache/airflow-ts/` beside the config). The CLI turns it on (`--no-cache` turns it off).
   * @default false
   */
  readonly cache?: boolean;
  /**
   * With `cache`, keep the type checker's last program and parsed files in this process for the next compile
   * (watch: only what changed is parsed and checked again). @default false
   */
  readonly keepInMemory?: boolean;
}

export type CompileStage = "load" | "validate" | "model" | "render" | "write" | "compare";

export interface CompileResult {
  readonly project?: Project;
  readonly diagnostics: readonly Diagnostic[];
  readonly pipelines: readonly Pipeline[];
  readonly files: readonly OutputFile[];
  /**
   * What was (or, for `check` and a refused compile, would be) written and deleted; absent when the pipelines are
   * invalid. A refused compile (errors about the output folder) has it and `written: false`.
   */
  readonly changes?: OutputChanges;
  /** True when `compile` wrote the outputs. */
  readonly written: boolean;
  /** With `cache`: whether the result came from the cache ("hit") or was compiled ("miss"). */
  readonly cache?: "hit" | "miss";
  /**
   * With `cache`, on a compile that loaded the pipelines: the pipeline modules that were run (absolute paths, in
   * file order) and how many were taken from the per-pipeline cache. Absent on a whole-result hit (nothing ran).
   */
  readonly modules?: { readonly ran: readonly string[]; readonly reused: number };
  /**
   * The files outside node_modules the compile read (config, tsconfig, pipelines, what they import), when it loaded
   * the pipelines: what `watch` watches besides the globs' folders.
   */
  readonly sources?: readonly string[];
}

/**
 * The whole data flow: load -> validate -> model -> render -> write (or compare).
 * Nothing is written unless every pipeline, the deployment, and the Helm values rendered from it are valid.
 */
export function compileProject(options: CompileOptions): CompileResult {
  const configFile = resolveConfigFile(options.configFile, process.cwd());
  const stage = options.onStage ?? (() => {});
  // A cached result is used only when every input it was made from is unchanged (src/cache/compile-cache.ts); the
  // output folder is still compared and written below as on any compile. Anything unusual is left to a full compile.
  // Watch (keepInMemory) always loads: its type checker must hold the program for the next change.
  // The inputs' hashes, each taken once in this compile (by the file's stamp): by the lookup, the per-pipeline cache
  // and the store of the result, which would otherwise each read and hash every pipeline file.
  const hashes: FileHashes = new Map();
  const cached = options.cache && !options.keepInMemory ? lookupCompile(configFile, hashes) : undefined;
  const fromCache = cached && finishCached(cached, options);
  if (fromCache) return fromCache;
  // Per-pipeline work (run, validate, model, render one module) is reused module by module; what spans pipelines
  // is computed below from all of it on every compile (src/cache/pipeline-cache.ts).
  const perPipeline = options.cache ? new PipelineCache(configFile, options.keepInMemory === true, hashes) : undefined;
  stage("load");
  const loaded = loadProject(configFile, {
    ...(perPipeline && {
      reuse: perPipeline.reuse,
      rememberTsconfig: path.join(cacheFolder(path.dirname(configFile)), "tsconfig-parsed.json"),
      typeCheck: {
        buildInfoFile: path.join(cacheFolder(path.dirname(configFile)), "types.tsbuildinfo"),
        cleanRecordFile: path.join(cacheFolder(path.dirname(configFile)), "types-clean.json"),
        keepInMemory: options.keepInMemory === true,
      },
    }),
  });
  const built = buildOutputs(loaded, perPipeline, stage);
  // The type check ran on its own thread meanwhile; a program that does not type-check compiles nothing.
  const checked = loaded.typeChecked();
  if ("failed" in checked) return { ...(loaded.project && { project: loaded.project }), diagnostics: [...checked.failed], pipelines: [], files: [], written: false };
  const ran = {
    ...(perPipeline && { modules: { ran: (loaded.modules ?? []).map((m) => m.file), reused: loaded.reused?.length ?? 0 } }),
    ...(checked.inputs && { sources: sourcesOf(configFile, checked.inputs) }),
  };
  if (!("files" in built)) return { ...built.stopped, ...ran };
  const { project, pipelines, files, diagnostics, validations } = built;
  // Only a program that type-checks leaves its modules' work for the next compile.
  built.keep();
  // What was rendered depends on the inputs alone (not on the output folder), so it is what the cache keeps.
  // Watch never reads the whole result (it always loads), so it does not pay for storing it after every edit.
  if (options.cache && !options.keepInMemory && checked.inputs) storeCompile(configFile, checked.inputs, { project, pipelines, files, diagnostics }, hashes);
  const site = configSite(project, loaded.locate);
  stage(options.mode === "write" ? "write" : "compare");
  const changes = planOutputs(project.outDir, files, ownedAreas(project));
  // Files airflow-ts did not write are never overwritten; mass deletions need the user's explicit word.
  const outDir = path.relative(project.root, project.outDir).split(path.sep).join("/") || ".";
  diagnostics.push(...guardOutputs(changes, { mode: options.mode, allowDeletions: options.allowDeletions ?? false, pipelines: validations, site, outDir }));
  const cache = options.cache ? { cache: "miss" as const, ...ran } : {};
  if (hasErrors(diagnostics) || options.mode === "check") return { project, diagnostics, pipelines, files, changes, written: false, ...cache };
  diagnostics.push(...handEditWarnings(changes, project.outDir));
  writeOutputs(project.outDir, files, changes);
  return { project, diagnostics, pipelines, files, changes, written: true, ...cache };
}

/** What render gave, not yet written, and how to keep the modules' work; or a compile that errors stopped. */
type BuiltOutputs =
  | {
      readonly project: Project;
      readonly pipelines: readonly Pipeline[];
      readonly files: readonly OutputFile[];
      readonly diagnostics: Diagnostic[];
      readonly validations: readonly PipelineValidation[];
      /** Stores each module's work that ran in the per-pipeline cache (when there is one). */
      readonly keep: () => void;
    }
  | { readonly stopped: CompileResult };

/** validate -> model -> render, every output in memory: what compile writes and check compares. */
function buildOutputs(loaded: LoadResult, perPipeline: PipelineCache | undefined, stage: (stage: CompileStage) => void): BuiltOutputs {
  stage("validate");
  const airflowVersion = loaded.project?.config.deployment?.airflowVersion;
  const lines = targetLines(airflowVersion);
  // The version too: a feature of a minor version (deadlines 3.1, partitioned assets 3.2) is refused below it.
  const modules = moduleResults(loaded, perPipeline, lines, airflowVersion);
  const validations = modules.flatMap((m) => m.validations);
  const diagnostics: Diagnostic[] = [
    ...loaded.diagnostics,
    ...modules.flatMap((m) => m.cached?.diagnostics ?? []),
    ...validations.flatMap((v) => v.diagnostics),
    ...checkAcrossPipelines(projectMembers(modules, loaded), loaded.locate),
  ];
  const { project } = loaded;
  if (!project || hasErrors(diagnostics)) {
    return { stopped: { ...(project && { project }), diagnostics, pipelines: [], files: [], written: false } };
  }
  stage("model");
  const fresh = buildModel(
    modules.flatMap((m) => (m.cached ? [] : m.validations.flatMap((v) => (v.value ? [v.value] : [])))),
    project.root,
  );
  const pipelines = assembleModel(fresh, modules.flatMap((m) => m.cached?.pipelines.map((p) => p.model) ?? []));

  // The deployment must fit the pipelines, so it is checked against their model and its own.
  const deployment = project.config.deployment;
  const objects = clusterObjects(pipelines, deployment?.namespace ?? null);
  const site = configSite(project, loaded.locate);
  if (project.config.plugin !== undefined) diagnostics.push(...validatePluginOptions(project.config.plugin, site));
  let deployments: DeploymentModel[] = [];
  if (deployment !== undefined) {
    const own = validateDeploymentOptions(deployment, site);
    diagnostics.push(...own);
    if (!hasErrors(own)) {
      deployments = buildDeployments(deployment, pipelines, project.root, project.outDir);
      diagnostics.push(...crossCheck(deployment, deployments, pipelines, objects, project.root, site));
    }
  }
  if (hasErrors(diagnostics)) return { stopped: { project, diagnostics, pipelines: [], files: [], written: false } };

  stage("render");
  const valuesDir = path.relative(project.outDir, path.join(project.root, VALUES_DIR)).split(path.sep).join("/");
  const configSource = path.basename(project.configFile);
  const rest = renderDeployment(pipelines, objects, deployments, configSource, valuesDir);
  // Helm values the chart's schema refuses are never written.
  diagnostics.push(...rest.values.flatMap((v) => checkHelmValues(v.merged, path.posix.join(VALUES_DIR, path.posix.basename(v.file.path)))));
  if (hasErrors(diagnostics)) return { stopped: { project, diagnostics, pipelines: [], files: [], written: false } };

  const dagOf = new Map<string, OutputFile>();
  renderDags(fresh).forEach((dag, i) => dagOf.set(fresh[i]!.dagId, dag));
  for (const m of modules) {
    for (const p of m.cached?.pipelines ?? []) {
      dagOf.set(p.model.dagId, p.dag);
      rememberManifestEntry(p.model, p.dag.body, p.manifest);
    }
  }
  const links = linkSettings(project.config.plugin, deployment);
  const dags = pipelines.map((p) => dagOf.get(p.dagId)!);
  const files = [...renderProject(pipelines, objects, links, configSource, deploymentNeeds(deployments), { graphs: project.config.plugin?.graphs === true, rendered: dags }), ...rest.files, ...rest.values.map((v) => v.file)];
  const keep = () => {
    if (perPipeline) storeModules(perPipeline, project, modules, fresh, dagOf);
  };
  return { project, pipelines, files, diagnostics, validations, keep };
}

/** Where a diagnostic about the config points: its file, and its defineConfig call when found. */
function configSite(project: Project, locate: LoadResult["locate"]) {
  return { file: project.configFile, ...(project.configCall && { call: project.configCall }), locate };
}

/** What airflow-ts owns in the output folder: the DAGs, plugin, objects, manifest, and the Helm values beside it. */
function ownedAreas(project: Project) {
  const valuesDir = path.relative(project.outDir, path.join(project.root, VALUES_DIR)).split(path.sep).join("/");
  return [...OWNED_AREAS, { dir: valuesDir, ext: ".yaml" }];
}

/**
 * Ends a compile from a cached result: the same comparison and writing as a full compile. The guards' diagnostics
 * point into the pipelines' sources, which a cached result does not hold: when one could fire (a file airflow-ts did
 * not write, a DAG to delete), this returns undefined and the caller compiles from scratch.
 */
function finishCached(cached: CachedCompile, options: CompileOptions): CompileResult | undefined {
  const { project, pipelines, files } = cached;
  const changes = planOutputs(project.outDir, files, ownedAreas(project));
  if (changes.notGenerated.length > 0 || changes.deleted.length > 0) return undefined;
  const result = { project, pipelines, files, changes, cache: "hit" as const };
  if (options.mode === "check") return { ...result, diagnostics: [...cached.diagnostics], written: false };
  const diagnostics = [...cached.diagnostics, ...handEditWarnings(changes, project.outDir)];
  writeOutputs(project.outDir, files, changes);
  return { ...result, diagnostics, written: true };
}

/** One pipeline module's part of the compile: its pipelines validated on their own, run now or from the cache. */
interface ModuleResult {
  readonly file: string;
  readonly validations: readonly PipelineValidation[];
  /** The module's cached work, when it was not run. */
  readonly cached?: ModuleWork;
  readonly loaded?: LoadedModule;
}

/** Every pipeline module in file order (the order a full compile validates them in), fresh or cached. */
function moduleResults(loaded: LoadResult, perPipeline: PipelineCache | undefined, lines: readonly AirflowLine[], airflowVersion: string | undefined): ModuleResult[] {
  const ran = new Map((loaded.modules ?? []).map((m) => [m.file, m]));
  return (loaded.found?.matched ?? []).flatMap((file): ModuleResult[] => {
    const cached = perPipeline?.work(file);
    if (cached) return [{ file, cached, validations: cached.pipelines.map((p) => p.validation) }];
    const module = ran.get(file);
    return module ? [{ file, loaded: module, validations: module.pipelines.map((p) => validatePipeline(p, loaded.locate, lines, airflowVersion)) }] : [];
  });
}

/**
 * Every pipeline's validation for the project pass, with its params schema: from the pipeline in memory when its
 * module ran, else by running its module again, only when a trigger asks (a zod schema cannot be cached).
 */
function projectMembers(modules: readonly ModuleResult[], loaded: LoadResult): ProjectMember[] {
  return modules.flatMap((m): ProjectMember[] => {
    if (m.loaded) return m.validations.map((validation, i) => ({ validation, params: paramsOf(m.loaded!.pipelines[i]!.input) }));
    let again: readonly LoadedPipeline[] | undefined;
    return m.validations.map((validation, i) => ({
      validation,
      params: () => {
        again ??= loaded.found ? runModuleAgain(m.file, loaded.found.tsconfig) : [];
        const input = again[i]?.input;
        return input && input.options.id === validation.id ? paramsOf(input)() : undefined;
      },
    }));
  });
}

/** Keeps the work of each module that ran (those with errors are left out by the cache). */
function storeModules(cache: PipelineCache, project: Project, modules: readonly ModuleResult[], fresh: readonly Pipeline[], dagOf: ReadonlyMap<string, OutputFile>): void {
  const modelOf = new Map(fresh.map((p) => [p.dagId, p]));
  for (const m of modules) {
    if (!m.loaded) continue;
    const pipelines = m.validations.map(({ value, ...validation }): PipelineWork => {
      const dagId = value!.options.id;
      const [model, dag] = [modelOf.get(dagId)!, dagOf.get(dagId)!];
      // A cached pipeline's model is never built again, so its valid input (most of its validation) is not kept.
      return { validation, model, dag, manifest: manifestEntry(model, dag.body) };
    });
    cache.store(project, m.loaded, { pipelines, diagnostics: m.loaded.diagnostics });
  }
}

function sourcesOf(configFile: string, inputs: LoadInputs): string[] {
  const files = [configFile, ...(inputs.tsconfig.file ? [inputs.tsconfig.file] : []), ...inputs.matched, ...inputs.programFiles];
  // Not the packages, nor airflow-ts's own files (which `import "airflow-ts"` maps to): only what the user edits.
  const ours = path.resolve(__dirname) + path.sep;
  return [...new Set(files)].filter((f) => !f.split(path.sep).includes("node_modules") && !f.startsWith(ours)).sort();
}
