import * as path from "node:path";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic";
import type { LoadedModule } from "../load/load-project";
import type { UserTsConfig } from "../load/user-tsconfig";
import type { Project } from "../load/load-config";
import type { Pipeline } from "../model/pipeline";
import type { OutputFile } from "../render/output-file";
import type { PipelineValidation } from "../validate/validate-project";
import { cacheFolder } from "./cache-folder";
import { readChecked, sha256, writeChecked } from "./checked-file";
import { fileHash, fileStamp, moduleResolutionFingerprint, type FileHashes } from "../load/input-fingerprint";
import { toolFingerprint } from "./tool-fingerprint";

/**
 * The work of one pipeline module: running it, validating each pipeline it exports on its own, modelling and
 * rendering its DAG file. Only a module with no error of its own is kept (its warnings are kept with it).
 */
export interface ModuleWork {
  readonly pipelines: readonly PipelineWork[];
  /** What running the module reported (warnings; a module that failed to run is never kept). */
  readonly diagnostics: readonly Diagnostic[];
}

export interface PipelineWork {
  /** Its validation but for the valid input itself (`value`), which only the model is built from. */
  readonly validation: PipelineValidation;
  readonly model: Pipeline;
  readonly dag: OutputFile;
  /** Its manifest entry but for what it uses, as JSON (render/manifest-json.ts): with the hashes of its tasks' specs. */
  readonly manifest: string;
}

/** Bumped when the entry's layout changes, so an older entry is a miss rather than misread (5: `folders`). */
const FORMAT = 5;

interface Entry {
  readonly format: number;
  /** The context (see `contextKey`) and the module: an entry is only ever read for the same ones. */
  readonly context: string;
  readonly file: string;
  /** The module and every local file it imported, with the SHA-256 of their bytes. */
  readonly imports: readonly (readonly [string, string])[];
  /** Where its imports resolve (importFolders), and what could make them resolve elsewhere (moduleResolutionFingerprint). */
  readonly folders: readonly string[];
  readonly resolutions: string;
  readonly work: ModuleWork;
}

/**
 * The per-pipeline cache of one compile. A module's work is reused when the same compiler (toolFingerprint), the
 * same project (config file, output folder), compiler options and deployment config (which sets the Airflow lines
 * validation checks against) made it, and the module and its local import closure have the same bytes and still
 * resolve the same way. Anything missing, damaged or different is a miss: the module is run again, which gives the
 * same result (docs/internals.md). What spans pipelines (DAG ids, the checks across them, cluster objects, Helm
 * values, manifest, plugin) is never kept here: it is computed on every compile from all the modules' work.
 */
export class PipelineCache {
  private readonly found = new Map<string, ModuleWork>();
  private readonly memo = new Map<string, string>();
  private context: string | undefined;

  /**
   * `keepInMemory` (watch): entries parsed by an earlier compile of this process are reused while their file is, and
   * so are the hashes of the modules' files. Otherwise `hashes` are those of this compile (compile-project.ts), which
   * the whole-result cache takes too: a file is read and hashed once per compile.
   */
  constructor(
    private readonly configFile: string,
    private readonly keepInMemory = false,
    hashes: FileHashes = new Map(),
  ) {
    this.hashes = keepInMemory ? hashedInThisProcess : hashes;
  }

  private readonly hashes: FileHashes;

  /** For loadProject's `reuse`: whether this module's work is cached (then `work(file)` returns it). */
  readonly reuse = (file: string, { project, tsconfig }: { project: Project; tsconfig: UserTsConfig }): boolean => {
    this.context ??= contextKey(project, tsconfig);
    const entry = this.read(file);
    if (!entry) return false;
    if (!entry.imports.every(([f, hash]) => fileHash(f, this.hashes) === hash)) return false;
    const files = entry.imports.map(([f]) => f);
    if (moduleResolutionFingerprint(files, entry.folders, project.root, project.outDir, this.memo) !== entry.resolutions) return false;
    this.found.set(file, entry.work);
    return true;
  };

  /** The cached work of a module `reuse` answered true for. */
  work(file: string): ModuleWork | undefined {
    return this.found.get(file);
  }

  /** Keeps a module's work; a module with errors, or a cache that cannot be written, is simply not kept. */
  store(project: Project, module: LoadedModule, work: ModuleWork): void {
    if (this.context === undefined || hasErrors(work.diagnostics) || work.pipelines.some((p) => hasErrors(p.validation.diagnostics))) return;
    const entry: Entry = {
      format: FORMAT,
      context: this.context,
      file: module.file,
      imports: module.imports.map((f) => [f, fileHash(f, this.hashes)] as const),
      folders: module.importFolders,
      resolutions: moduleResolutionFingerprint(module.imports, module.importFolders, project.root, project.outDir, this.memo),
      work,
    };
    writeChecked(this.entryFile(module.file), JSON.stringify(entry));
  }

  private read(file: string): Entry | undefined {
    const entryFile = this.entryFile(file);
    const entry = this.keepInMemory ? remembered(entryFile) : parseEntry(readChecked(entryFile));
    return entry && entry.format === FORMAT && entry.context === this.context && entry.file === file && Array.isArray(entry.folders) ? entry : undefined;
  }

  /** One file per module and context, so two configs (or option sets) sharing a module never overwrite each other. */
  private entryFile(file: string): string {
    const id = sha256(`${this.context}\0${file}`).slice(0, 32);
    return path.join(cacheFolder(path.dirname(this.configFile)), "pipelines", `${id}.json`);
  }
}

function parseEntry(json: string | undefined): Entry | undefined {
  try {
    return json === undefined ? undefined : (JSON.parse(json) as Entry);
  } catch {
    return undefined;
  }
}

/**
 * Entries parsed in this process, by file, with the size and modification time of the file they were read from: a
 * watch re-reads (and re-verifies) only the entries that were rewritten, not a thousand unchanged ones each time.
 */
const parsedEntries = new Map<string, { stamp: string; entry: Entry | undefined }>();

function remembered(entryFile: string): Entry | undefined {
  const stamp = fileStamp(entryFile);
  if (stamp === undefined) return undefined;
  const known = parsedEntries.get(entryFile);
  if (known?.stamp === stamp) return known.entry;
  const entry = parseEntry(readChecked(entryFile));
  parsedEntries.set(entryFile, { stamp, entry });
  return entry;
}

/** Watch: the hashes of the modules' files, with the stamps they were taken at. */
const hashedInThisProcess: FileHashes = new Map();

/** Everything besides a module's own files that its work depends on, hashed. */
function contextKey(project: Project, tsconfig: UserTsConfig): string {
  const options = JSON.stringify(tsconfig.options);
  const deployment = JSON.stringify(project.config.deployment ?? null);
  return sha256(JSON.stringify([FORMAT, toolFingerprint(), project.configFile, project.root, project.outDir, options, deployment]));
}
