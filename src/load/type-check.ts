import * as fs from "node:fs";
import * as path from "node:path";
import type { ts } from "ts-morph";
import { tsMorph } from "./ts-morph-lazy";
import { error, hasErrors, type Diagnostic } from "../diagnostics/diagnostic";
import type { UserTsConfig } from "./user-tsconfig";
import { writeAtomically } from "./atomic-file";
import { fileStamp, textHash, type FileHashes } from "./input-fingerprint";
import { programFiles, readRecord, recordKey, recordOf, rootsToCheck, sameGlobalScope, writeRecord, type ResolutionContext } from "./clean-record";

/**
 * The authoring API, which `import "airflow-ts"` resolves to in pipeline modules (as at run time): this copy's
 * sources when it runs from them, its declarations when it runs built (dist/).
 */
export const PUBLIC_API_ENTRY = path.resolve(__dirname, "..", "tasks", __filename.endsWith(".ts") ? "authoring.ts" : "authoring.d.ts");

export interface TypeCheckResult {
  readonly diagnostics: Diagnostic[];
  /**
   * Every file the program read (pipelines, helpers, declaration files), absolute; not the in-memory lib files. Not
   * all of them after errors (none when only what changed was checked): a failed check stops the compile.
   */
  readonly files: readonly string[];
  /** The roots a program was built of: "all", or (checking only what changed since the last clean check) those. */
  readonly checked: "all" | readonly string[];
}

/**
 * Type-checks every pipeline file and what it imports as one program (one checker, shared lib and helper
 * files), with the user's compiler options: the same program `tsc` builds, so what the editor and `tsc`
 * accept, compile accepts. `import "airflow-ts"` is mapped to the copy that runs the compile.
 */
export function typeCheck(files: readonly string[], tsconfig: UserTsConfig, incremental: IncrementalOptions = {}): TypeCheckResult {
  const { ts } = tsMorph();
  const options: ts.CompilerOptions = {
    ...checkOptions(tsconfig),
    ...(incremental.buildInfoFile !== undefined && { incremental: true, tsBuildInfoFile: incremental.buildInfoFile }),
  };
  // Watch: the first check parses and binds what every later one reads whatever changed, even when it has nothing
  // of its own to check, so the first edit does not pay for it.
  if (incremental.keepInMemory) warmUp(files, tsconfig);
  const clean = incremental.cleanRecord && { ...incremental.cleanRecord, key: recordKey(options), ours: OURS };
  const scoped = clean && checkWhatChanged(files, options, clean, incremental.keepInMemory === true);
  if (scoped) return scoped;

  const checked = incremental.buildInfoFile !== undefined ? incrementalProgram(files, options, incremental) : ts.createProgram({ rootNames: [...files], options, host: compilerHost(options) });
  const program = "getProgram" in checked ? checked.getProgram() : checked;
  const diagnostics = userDiagnostics(preEmitDiagnostics(checked));
  if (clean && !hasErrors(diagnostics)) {
    // The folder first: a node_modules/ it creates must be in the listings the record's fingerprints take.
    fs.mkdirSync(path.dirname(clean.file), { recursive: true });
    const record = recordOf(program, clean.key, files, clean, isLibFile);
    if (record) writeRecord(clean.file, record);
  }
  return { diagnostics, files: program.getSourceFiles().map((f) => f.fileName).filter((f) => !isLibFile(f)).map((f) => path.resolve(f)), checked: "all" };
}

/** The user's compiler options, with `import "airflow-ts"` mapped to this copy's authoring API. */
function checkOptions(tsconfig: UserTsConfig): ts.CompilerOptions {
  return { ...tsconfig.options, paths: { ...tsconfig.options.paths, "airflow-ts": [PUBLIC_API_ENTRY] } };
}

/** airflow-ts's own files (src/ or dist/), which `import "airflow-ts"` maps to. */
const OURS = path.resolve(__dirname, "..") + path.sep;

/** Our own files are checked by our own test suite, under our own settings: only the user's files are reported. */
function userDiagnostics(found: readonly ts.Diagnostic[]): Diagnostic[] {
  const { ts } = tsMorph();
  return found
    .filter((d) => !d.file || !path.resolve(d.file.fileName).startsWith(OURS))
    .map((d): Diagnostic => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      const extra: Partial<Diagnostic> = {};
      if (d.file && d.start !== undefined) {
        const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
        Object.assign(extra, { location: { file: path.resolve(d.file.fileName), line: line + 1, column: character + 1 } });
      }
      return error(`TS${d.code}`, message, { ...extra, hint: "fix the type error; nothing is compiled until the program type-checks" });
    });
}

function isLibFile(file: string): boolean {
  return file.startsWith(tsMorphCommon().libFolderInMemoryPath);
}

/** Hashes of file texts taken in this process (watch), by file. */
const textHashes: FileHashes = new Map();

/**
 * The check of only what changed since the last clean check (clean-record.ts): a program of the roots that changed or
 * import what changed. Undefined when it cannot stand for the full check (no usable record, too many roots to
 * check for it to pay, a change to what is declared globally): the caller checks in full.
 */
function checkWhatChanged(roots: readonly string[], options: ts.CompilerOptions, clean: ResolutionContext & { file: string; key: string }, keep: boolean): TypeCheckResult | undefined {
  const { ts } = tsMorph();
  const record = readRecord(clean.file, clean.key, clean);
  if (!record) return undefined;
  const toCheck = rootsToCheck(record, roots, clean, keep ? textHashes : undefined);
  // Beyond a quarter of the roots, the full incremental check (which skips unchanged files too) costs about the same.
  if (!toCheck || toCheck.length > Math.max(MIN_SCOPED, roots.length / 4)) return undefined;
  if (toCheck.length === 0) return { diagnostics: [], files: programFiles(record, roots), checked: [] };
  const { incremental: _incremental, tsBuildInfoFile: _buildInfo, ...plain } = options;
  const program = ts.createProgram({ rootNames: toCheck, options: plain, host: compilerHost(plain, keep) });
  if (!sameGlobalScope(record, program, isLibFile)) return undefined;
  const diagnostics = userDiagnostics(preEmitDiagnostics(program));
  // A check that fails stops the compile: nothing reads its files.
  if (hasErrors(diagnostics)) return { diagnostics, files: [], checked: toCheck };
  const updated = recordOf(program, clean.key, toCheck, clean, isLibFile, record);
  if (!updated) return undefined;
  writeRecord(clean.file, updated);
  return { diagnostics, files: programFiles(updated, roots), checked: toCheck };
}

/**
 * Parses and binds, once per process, the files every check of these roots reads whatever changed (the lib files,
 * airflow-ts's declarations), by building a program of the first root (the config) and its checker.
 */
function warmUp(files: readonly string[], tsconfig: UserTsConfig): void {
  if (warmed || files.length === 0) return;
  warmed = true;
  const { ts } = tsMorph();
  const options = checkOptions(tsconfig);
  ts.createProgram({ rootNames: [files[0]!], options, host: compilerHost(options, true) }).getTypeChecker();
}

let warmed = false;

/** Up to this many roots, a check of what changed is always tried first. */
const MIN_SCOPED = 16;

export interface IncrementalOptions {
  /**
   * Check incrementally: TypeScript's builder re-checks only the files that changed and those whose imports'
   * types changed, and keeps what it knows in this .tsbuildinfo (in the compile cache's folder) for the next run.
   */
  readonly buildInfoFile?: string;
  /**
   * Keep the last program and the parsed files in this process, for the next check (watch): an unchanged file is
   * neither read into a new tree nor re-checked.
   */
  readonly keepInMemory?: boolean;
  /**
   * Record each clean check in this file (in the compile cache's folder), and check only the roots that changed
   * since, or import what changed (clean-record.ts); `root` and `outDir` are the project's folders, whose listings
   * decide where its imports resolve.
   */
  readonly cleanRecord?: { readonly file: string; readonly root: string; readonly outDir: string };
}

/** The option sets whose .tsbuildinfo this process wrote once already (watch writes it after its first compile). */
const wroteInThisProcess = new Set<string>();

/** The last builder program of this process, per set of options (watch keeps one project's). */
let lastBuilder: { key: string; builder: ts.EmitAndSemanticDiagnosticsBuilderProgram } | undefined;

/**
 * TypeScript's incremental builder: semantic diagnostics of a file are reused (from the previous program in this
 * process, or from the .tsbuildinfo) unless the file or the declarations it depends on changed, so one edited
 * pipeline costs a parse of the program and a check of that one file. The diagnostics are the same ones a full
 * check reports (getPreEmitDiagnostics over the builder). The .tsbuildinfo is written back (emit with noEmit
 * writes only it); a damaged one is ignored by TypeScript (read as JSON or not at all), and a failure to write it
 * is no error: the next check is a full one.
 */
function incrementalProgram(files: readonly string[], options: ts.CompilerOptions, incremental: IncrementalOptions): ts.EmitAndSemanticDiagnosticsBuilderProgram {
  const { ts } = tsMorph();
  const host = compilerHost(options, incremental.keepInMemory === true);
  const key = JSON.stringify(options);
  const inMemory = incremental.keepInMemory && lastBuilder?.key === key ? lastBuilder.builder : undefined;
  let builder: ts.EmitAndSemanticDiagnosticsBuilderProgram;
  try {
    builder = ts.createEmitAndSemanticDiagnosticsBuilderProgram([...files], options, host, inMemory ?? ts.readBuilderProgram(options, host));
  } catch {
    // A .tsbuildinfo TypeScript could parse but not use: check from scratch (and overwrite it below).
    builder = ts.createEmitAndSemanticDiagnosticsBuilderProgram([...files], options, host);
  }
  lastBuilder = incremental.keepInMemory ? { key, builder } : undefined;
  // A .tsbuildinfo that cannot be written is no error: the next check is a full one.
  const writeFile: ts.WriteFileCallback = (file, text) => void writeAtomically(file, text);
  // Diagnostics first (they are what the .tsbuildinfo records), then the file. Watch keeps the builder in memory
  // and does not write it after every edit (at 1,000 pipelines serializing it was a fifth of an edit's compile): a
  // later compile in a fresh process finds an older .tsbuildinfo and re-checks the files changed since, as it must.
  preEmitDiagnostics(builder);
  if (!incremental.keepInMemory || !wroteInThisProcess.has(key)) {
    builder.emit(undefined, writeFile);
    if (incremental.keepInMemory) wroteInThisProcess.add(key);
  }
  return builder;
}

/**
 * tsc's diagnostics before emit. TypeScript's own getPreEmitDiagnostics reads them through the methods a builder
 * program has too (it calls the same five), though its declared type names only Program.
 */
function preEmitDiagnostics(program: ts.Program | ts.BuilderProgram): readonly ts.Diagnostic[] {
  return tsMorph().ts.getPreEmitDiagnostics(program as ts.Program);
}

/**
 * The file system as tsc sees it, plus TypeScript's lib files (`lib.es2024.d.ts`, ...), which the TypeScript
 * bundled with ts-morph keeps in memory rather than on disk. Parsed lib files are kept between runs.
 */
function compilerHost(options: ts.CompilerOptions, keepParsed = false): ts.CompilerHost {
  const { ts } = tsMorph();
  const { libFolderInMemoryPath } = tsMorphCommon();
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile } = host;
  const parse = parsedUserFiles(host, keepParsed);
  host.getDefaultLibLocation = () => libFolderInMemoryPath;
  host.getDefaultLibFileName = (o) => path.posix.join(libFolderInMemoryPath, ts.getDefaultLibFileName(o));
  host.fileExists = (file) => libTexts().has(file) || fileExists.call(host, file);
  host.readFile = (file) => libTexts().get(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, languageVersion, ...rest) => {
    const text = libTexts().get(file);
    if (text === undefined) return parse(file, languageVersion, ...rest);
    const key = `${file}\0${JSON.stringify(languageVersion)}`;
    let parsed = parsedLibs.get(key);
    if (!parsed) parsedLibs.set(key, (parsed = versioned(ts.createSourceFile(file, text, languageVersion), text)));
    return parsed;
  };
  return host;
}

/**
 * The user's files, parsed as the default host parses them, each marked with a version (the SHA-256 of its text:
 * how the incremental builder tells a changed file, as TypeScript's own incremental host marks them). With
 * `keep`, a file whose text did not change since the last call in this process is the same tree (watch).
 */
function parsedUserFiles(host: ts.CompilerHost, keep: boolean): ts.CompilerHost["getSourceFile"] {
  const { ts } = tsMorph();
  return (file, languageVersion, onError) => {
    const key = `${file}\0${JSON.stringify(languageVersion)}`;
    // Watch: a file whose size, modification time and inode did not change since it was read is not read again
    // (the per-pipeline cache trusts the same stamp for its entries); an edit changes the stamp.
    const stamp = keep ? fileStamp(file) : undefined;
    const known = keep ? parsedFiles.get(key) : undefined;
    if (known && stamp !== undefined && known.stamp === stamp) return known.sourceFile;
    const text = host.readFile(file);
    if (text === undefined) {
      onError?.(`Cannot read file '${file}'.`);
      return undefined;
    }
    if (known?.text === text) {
      if (stamp !== undefined) known.stamp = stamp;
      return known.sourceFile;
    }
    const sourceFile = versioned(ts.createSourceFile(file, text, languageVersion), text);
    if (keep) parsedFiles.set(key, { text, sourceFile, ...(stamp !== undefined && { stamp }) });
    return sourceFile;
  };
}

const parsedFiles = new Map<string, { text: string; sourceFile: ts.SourceFile; stamp?: string }>();

function versioned(sourceFile: ts.SourceFile, text: string): ts.SourceFile {
  (sourceFile as ts.SourceFile & { version?: string }).version ??= textHash(text);
  return sourceFile;
}

let libs: Map<string, string> | undefined;
const parsedLibs = new Map<string, ts.SourceFile>();

function libTexts(): Map<string, string> {
  const { getLibFiles, libFolderInMemoryPath } = tsMorphCommon();
  libs ??= new Map(getLibFiles().map((f) => [path.posix.join(libFolderInMemoryPath, f.fileName), f.text]));
  return libs;
}

/** ts-morph's own helpers (TypeScript's lib files, kept in memory): loaded with ts-morph, on first use. */
function tsMorphCommon(): typeof import("@ts-morph/common") {
  tsMorph();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, as ts-morph-lazy.ts explains
  return require("@ts-morph/common") as typeof import("@ts-morph/common");
}
