import * as fs from "node:fs";
import * as path from "node:path";
import { createHash } from "node:crypto";
import type { ts } from "ts-morph";
import { tsMorph } from "./ts-morph-lazy";
import { fileHash, importFolders, moduleResolutionFingerprint, textHash, typeRootsFingerprint, type FileHashes, type ResolvedImport } from "./input-fingerprint";
import { writeAtomically } from "./atomic-file";

/**
 * What the last type check that found no error saw, so that the next one can check only what changed since.
 *
 * A module's type errors depend only on its own text, on what it imports (directly or not), on the compiler
 * options and on what is declared globally. So when every file of the last clean program is recorded with the hash
 * of its text and the files it references, a later check needs a program of only the roots that changed or that
 * import (directly or not) a file that changed: every other root would get the same answer, none. That program is
 * a few files and the lib instead of a thousand, which is what makes a one-pipeline edit cheap in a fresh process
 * (TypeScript's own incremental builder still parses every file to find what changed).
 *
 * It is not equivalent when a file adds to the global scope (a script, `declare global`, a module augmentation):
 * then every file may depend on it without importing it. So the record lists those files, and a check whose program
 * lacks one of them, or finds a new one, is done in full. So is one with a record made under other compiler options,
 * by another TypeScript, or by another copy of airflow-ts (its declarations are files of the record too).
 */
export interface CleanRecord {
  readonly format: typeof FORMAT;
  /** The compiler options, TypeScript's version: a record is only used under the ones it was made with. */
  readonly key: string;
  /**
   * The `node_modules/@types` folders at and above the project (their listings): a package TypeScript includes of
   * itself can declare globals without any file of the last program changing.
   */
  readonly typeRoots: string;
  /** Every file of the program but TypeScript's lib files. */
  readonly files: Record<string, RecordedFile>;
  /** The files that add to the global scope. */
  readonly globals: readonly string[];
  /** The files the program included of itself rather than through a root's references (`@types` packages). */
  readonly ambient: readonly string[];
}

interface RecordedFile {
  /** SHA-256 of its text (as TypeScript reads it: UTF-8, without a byte-order mark). */
  readonly hash: string;
  /** The files it imports or references, as TypeScript resolved them. */
  readonly uses: readonly string[];
  /**
   * For the user's own files (outside node_modules): where its imports resolve (importFolders), and what could make
   * them resolve elsewhere (moduleResolutionFingerprint).
   */
  readonly folders?: readonly string[];
  readonly resolution?: string;
}

/**
 * Bumped when what the record holds changes meaning, so an older record is not used (3: the type roots listed as the
 * fingerprints list folders; 4: `folders`).
 */
const FORMAT = 4;

/** Where the files are that decide where an import resolves: the project's folder and its output folder (ignored). */
export interface ResolutionContext {
  readonly root: string;
  readonly outDir: string;
  /** airflow-ts's own files, which `import "airflow-ts"` maps to through `paths`: no listing decides where they are. */
  readonly ours: string;
}

export function recordKey(options: ts.CompilerOptions): string {
  const { ts } = tsMorph();
  const json = JSON.stringify(options);
  return createHash("sha256").update(`${FORMAT}\0${ts.version}\0${json}`).digest("hex");
}

export function readRecord(file: string, key: string, context: ResolutionContext): CleanRecord | undefined {
  try {
    const record = JSON.parse(fs.readFileSync(file, "utf8")) as CleanRecord;
    const usable = record.format === FORMAT && record.key === key && typeof record.files === "object" && Array.isArray(record.globals) && Array.isArray(record.ambient);
    return usable && record.typeRoots === typeRootsFingerprint(context.root) ? record : undefined;
  } catch {
    return undefined;
  }
}

/** A failure to write is no error: the next check is a full one. */
export function writeRecord(file: string, record: CleanRecord): void {
  writeAtomically(file, JSON.stringify(record));
}

/**
 * The roots whose check could give another answer than last time: those the record does not know, and those that
 * are or import (directly or not) a file whose text changed or whose imports could now resolve elsewhere. Undefined
 * when a file that adds to the global scope changed: any file may depend on it without importing it.
 */
export function rootsToCheck(record: CleanRecord, roots: readonly string[], context: ResolutionContext, hashes?: FileHashes): string[] | undefined {
  const memo = new Map<string, string>();
  const changed: string[] = [];
  for (const [file, info] of Object.entries(record.files)) {
    if (fileHash(file, hashes, "text") !== info.hash) changed.push(file);
    else if (info.resolution !== undefined && resolutionOf(file, info.uses, info.folders ?? [], context, memo) !== info.resolution) changed.push(file);
  }
  const globals = new Set(record.globals);
  if (changed.some((file) => globals.has(file))) return undefined;
  const importers = new Map<string, string[]>();
  for (const [file, info] of Object.entries(record.files)) {
    for (const used of info.uses) importers.set(used, [...(importers.get(used) ?? []), file]);
  }
  const dirty = new Set(changed);
  for (const queue = [...changed]; queue.length > 0; ) {
    for (const importer of importers.get(queue.pop()!) ?? []) {
      if (!dirty.has(importer)) {
        dirty.add(importer);
        queue.push(importer);
      }
    }
  }
  return roots.filter((root) => dirty.has(root) || !(root in record.files));
}

/**
 * The record of a program that type-checked clean: every file but the lib with its hash, references and (for the
 * user's files) resolution fingerprint. With `previous`, a program of only some roots: its files replace theirs in
 * the previous record, which keeps the rest. Undefined when this TypeScript does not expose what is needed.
 */
export function recordOf(program: ts.Program, key: string, roots: readonly string[], context: ResolutionContext, isLib: (file: string) => boolean, previous?: CleanRecord): CleanRecord | undefined {
  const { ts } = tsMorph();
  // Not in TypeScript's declared API, but what tsc's own build uses to record references: without it, no record.
  const internal = program as ts.Program & {
    forEachResolvedModule?: (callback: (resolution: ts.ResolvedModuleWithFailedLookupLocations, specifier: string) => void, file: ts.SourceFile) => void;
    forEachResolvedTypeReferenceDirective?: (callback: (resolution: ts.ResolvedTypeReferenceDirectiveWithFailedLookupLocations, name: string) => void, file: ts.SourceFile) => void;
  };
  if (typeof internal.forEachResolvedModule !== "function" || typeof internal.forEachResolvedTypeReferenceDirective !== "function") return undefined;
  const sourceFiles = program.getSourceFiles().filter((f) => !isLib(f.fileName));
  const inProgram = new Set(sourceFiles.map((f) => path.resolve(f.fileName)));
  const memo = new Map<string, string>();
  const files: Record<string, RecordedFile> = { ...previous?.files };
  const globals = new Set(previous?.globals);
  for (const sourceFile of sourceFiles) {
    const file = path.resolve(sourceFile.fileName);
    const uses = new Set<string>();
    const imports: ResolvedImport[] = [];
    const use = (specifier: string, target: string | undefined) => {
      if (target === undefined || !inProgram.has(path.resolve(target))) return;
      const to = path.resolve(target);
      uses.add(to);
      if (!to.startsWith(context.ours)) imports.push({ from: file, specifier, to });
    };
    internal.forEachResolvedModule((r, specifier) => use(specifier, r.resolvedModule?.resolvedFileName), sourceFile);
    internal.forEachResolvedTypeReferenceDirective((r, name) => use(name, r.resolvedTypeReferenceDirective?.resolvedFileName), sourceFile);
    for (const reference of sourceFile.referencedFiles) {
      const target = path.resolve(path.dirname(file), reference.fileName);
      use(target, target);
    }
    const used = [...uses].sort();
    const hash = (sourceFile as ts.SourceFile & { version?: string }).version ?? textHash(sourceFile.text);
    const own = !file.split(path.sep).includes("node_modules") && !file.startsWith(context.ours);
    const folders = importFolders(imports);
    files[file] = { hash, uses: used, ...(own && { folders, resolution: resolutionOf(file, used, folders, context, memo) }) };
    if (addsToGlobalScope(ts, sourceFile)) globals.add(file);
    else globals.delete(file);
  }
  const reachable = closure(roots, files);
  const ambient = previous ? previous.ambient : [...inProgram].filter((f) => !reachable.has(f)).sort();
  return { format: FORMAT, key, typeRoots: typeRootsFingerprint(context.root), files, globals: [...globals].sort(), ambient };
}

/** The files a program of these roots reads, as recorded: what the roots reference, directly or not, and the ambient files. */
export function programFiles(record: CleanRecord, roots: readonly string[]): string[] {
  return [...new Set([...closure(roots, record.files), ...record.ambient])].filter((f) => f in record.files).sort();
}

/** Whether a program of some roots sees every global declaration the full one did, and no new one. */
export function sameGlobalScope(record: CleanRecord, program: ts.Program, isLib: (file: string) => boolean): boolean {
  const { ts } = tsMorph();
  const files = program.getSourceFiles().filter((f) => !isLib(f.fileName));
  const names = new Set(files.map((f) => path.resolve(f.fileName)));
  if (!record.globals.every((g) => names.has(g))) return false;
  const known = new Set(record.globals);
  return files.every((f) => known.has(path.resolve(f.fileName)) || !addsToGlobalScope(ts, f));
}

function closure(roots: readonly string[], files: Record<string, RecordedFile>): Set<string> {
  const seen = new Set<string>();
  for (const queue = [...roots]; queue.length > 0; ) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...(files[file]?.uses ?? []));
  }
  return seen;
}

/** A script (its top-level declarations are global), or a module with `declare global` or `declare module "x"`. */
function addsToGlobalScope(ts: typeof import("ts-morph").ts, sourceFile: ts.SourceFile): boolean {
  if (sourceFile.fileName.endsWith(".json")) return false;
  if (!ts.isExternalModule(sourceFile)) return true;
  return sourceFile.statements.some((s) => ts.isModuleDeclaration(s) && (ts.isStringLiteral(s.name) || (s.flags & ts.NodeFlags.GlobalAugmentation) !== 0));
}

function resolutionOf(file: string, uses: readonly string[], folders: readonly string[], context: ResolutionContext, memo: Map<string, string>): string {
  return moduleResolutionFingerprint(
    [file, ...uses.filter((f) => !f.startsWith(context.ours))],
    folders,
    context.root,
    context.outDir,
    memo,
  );
}
