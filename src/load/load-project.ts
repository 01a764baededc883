import * as path from "node:path";
import * as authoring from "../tasks/authoring";
import type { SourceFile } from "ts-morph";
import type { Locate, SourceLocation } from "../diagnostics/source-location";
import { error, hasErrors, type Diagnostic } from "../diagnostics/diagnostic";
import { matchGlob, nearbyHint } from "./find-files";
import { loadConfig, type Project } from "./load-config";
import { locateField, parseFile, type FieldPath } from "./locate-field";
import { runPipelines, type LoadedPipeline } from "./run-pipelines";
import { startTypeScriptRuntime } from "./ts-runtime";
import { importFolders } from "./input-fingerprint";
import { startTypeCheck } from "./type-check-thread";
import type { IncrementalOptions } from "./type-check";
import { loadUserTsConfig, type UserTsConfig } from "./user-tsconfig";

export type { Locate };

export interface LoadResult {
  readonly project?: Project;
  readonly pipelines: readonly LoadedPipeline[];
  readonly diagnostics: readonly Diagnostic[];
  readonly locate: Locate;
  /**
   * Waits for the type check, which runs on its own thread (type-check-thread.ts) while the caller goes on with
   * `pipelines`: call it before writing anything. When the program does not type-check, `failed` holds what to
   * report instead of everything else: such a program compiles nothing, and what its modules did when run is no
   * evidence. Otherwise `inputs` is what the result was made from, for the compile cache (src/cache).
   */
  readonly typeChecked: () => TypeChecked;
  /** The inputs known once the modules ran (all but the type check's files): absent when the config did not load. */
  readonly found?: Omit<LoadInputs, "programFiles">;
  /**
   * Each pipeline module that ran, with what it exported and its own problems (the per-pipeline cache keeps a
   * module's work under these), in file order. `pipelines` and `diagnostics` hold the same, flattened.
   */
  readonly modules?: readonly LoadedModule[];
  /** The pipeline modules `reuse` answered for: type-checked with the others but not run (in file order). */
  readonly reused?: readonly string[];
}

export interface LoadedModule {
  readonly file: string;
  readonly pipelines: readonly LoadedPipeline[];
  readonly diagnostics: readonly Diagnostic[];
  /** The module and the local files it imported (directly or not) while it ran: what its result depends on. */
  readonly imports: readonly string[];
  /** The folders whose listings decide where those imports resolve (input-fingerprint.ts importFolders). */
  readonly importFolders: readonly string[];
}

export interface LoadOptions {
  /** Remember the parsed tsconfig in this file, and use it while the tsconfig is unchanged (user-tsconfig.ts). */
  readonly rememberTsconfig?: string;
  /**
   * Type-check incrementally (src/load/type-check.ts); with `cleanRecordFile`, check only what changed since the
   * last clean check (src/load/clean-record.ts).
   */
  readonly typeCheck?: Omit<IncrementalOptions, "cleanRecord"> & { readonly cleanRecordFile?: string };
  /**
   * Asked once per pipeline module, while the type check runs: true when the caller already holds that module's
   * results (the per-pipeline cache), so it is not run.
   */
  readonly reuse?: (file: string, context: { project: Project; tsconfig: UserTsConfig }) => boolean;
}

export type TypeChecked = { readonly failed: readonly Diagnostic[] } | { readonly inputs?: LoadInputs };

export interface LoadInputs {
  readonly tsconfig: UserTsConfig;
  /** The config's globs and the files they matched. */
  readonly globs: readonly string[];
  readonly matched: readonly string[];
  /** Every file the type check read: the config, pipelines, what they import, declaration files. */
  readonly programFiles: readonly string[];
}

/**
 * Config -> pipeline files -> one type check over all of them (started on its own thread) -> run each module.
 */
export function loadProject(configFile: string, options: LoadOptions = {}): LoadResult {
  // The user's tsconfig (nearest to the config file) governs how their modules resolve and type-check.
  const tsconfig = loadUserTsConfig(path.dirname(configFile), options.rememberTsconfig);
  const runtime = startTypeScriptRuntime({ "airflow-ts": authoring }, tsconfig.options);
  const noLocate: Locate = (call) => call;
  const nothingToWaitFor = () => ({});
  try {
    const { project, diagnostics: configDiagnostics } = loadConfig(configFile, runtime);
    if (!project) return { pipelines: [], diagnostics: configDiagnostics, locate: noLocate, typeChecked: nothingToWaitFor };

    const matches = project.config.pipelines.map((pattern) => matchGlob(project.root, pattern));
    const files = [...new Set(matches.flat())].sort();
    const locate = locateBySyntax();
    // A glob that matches nothing is a typo far more often than an intent, and compiling without its pipelines
    // would delete their DAGs: it is an error, reported with the type errors of what was found.
    const globs = matches.flatMap((found, index) => (found.length > 0 ? [] : [emptyGlob(project, index, files.length === 0, locate)]));
    if (hasErrors(tsconfig.diagnostics)) return { project, pipelines: [], diagnostics: [...globs, ...tsconfig.diagnostics], locate, typeChecked: nothingToWaitFor };

    const pending = startTypeCheck({ files: [configFile, ...files], tsconfig, ...(options.typeCheck && { incremental: incrementalOptions(options.typeCheck, project) }) });
    const reuse = options.reuse ?? (() => false);
    const reused = new Set(files.filter((file) => reuse(file, { project, tsconfig })));
    const modules = files
      .filter((file) => !reused.has(file))
      .map((file): LoadedModule => {
        const loaded = runPipelines([file], runtime);
        const { closure, resolved } = runtime.importsOf(file);
        return { file, ...loaded, imports: closure, importFolders: importFolders(resolved) };
      });
    const pipelines = modules.flatMap((m) => m.pipelines);
    const diagnostics = modules.flatMap((m) => m.diagnostics);
    const found = { tsconfig, globs: project.config.pipelines, matched: files };
    const typeChecked = (): TypeChecked => {
      const checked = pending.result();
      if (hasErrors(checked.diagnostics)) return { failed: [...globs, ...checked.diagnostics] };
      return { inputs: { ...found, programFiles: checked.files } };
    };
    return { project, pipelines, diagnostics: [...globs, ...diagnostics], locate, found, modules, reused: [...reused], typeChecked };
  } finally {
    runtime.dispose();
  }
}

function incrementalOptions({ cleanRecordFile, ...rest }: NonNullable<LoadOptions["typeCheck"]>, project: Project): IncrementalOptions {
  return { ...rest, ...(cleanRecordFile !== undefined && { cleanRecord: { file: cleanRecordFile, root: project.root, outDir: project.outDir } }) };
}

function emptyGlob(project: Project, index: number, nothingAtAll: boolean, locate: Locate): Diagnostic {
  const pattern = project.config.pipelines[index]!;
  const location = project.configCall ? locate(project.configCall, 0, ["pipelines", index]) : { file: project.configFile, line: 1, column: 1 };
  return error("no-pipeline-files", `"${pattern}" matches no file${nothingAtAll ? ": the config matches no pipeline file at all, so nothing would be compiled" : ""}`, {
    location,
    path: `config.pipelines[${index}]`,
    hint: `${nearbyHint(project.root, pattern)}. Globs are relative to the config file's folder; nothing was written or deleted`,
  });
}

/**
 * Locates fields by re-parsing (syntax only, no type check) just the files a diagnostic points into, once each. It
 * does not hold on to the type-checked program, which validation and render would otherwise keep alive: at 1,000
 * pipelines most of the compile's peak memory, and time spent in garbage collection.
 */
function locateBySyntax(): Locate {
  const parsed = new Map<string, SourceFile | undefined>();
  const sourceFile = (file: string) => {
    if (!parsed.has(file)) parsed.set(file, parseFile(file));
    return parsed.get(file);
  };
  return (call, argumentIndex, path) => {
    const found = sourceFile(call.file);
    return found ? locateField(found, call, argumentIndex, path) : call;
  };
}
