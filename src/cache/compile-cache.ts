import * as fs from "node:fs";
import * as path from "node:path";
import { createHash } from "node:crypto";
import type { Diagnostic } from "../diagnostics/diagnostic";
import type { Project } from "../load/load-config";
import type { LoadInputs } from "../load/load-project";
import { matchGlob } from "../load/find-files";
import type { Pipeline } from "../model/pipeline";
import type { OutputFile } from "../render/output-file";
import { cacheFolder } from "./cache-folder";
import { fileHash, nearestTsconfig, resolutionFingerprint, type FileHashes } from "../load/input-fingerprint";
import { toolFingerprint } from "./tool-fingerprint";
import { readChecked, sha256, writeChecked } from "./checked-file";
import { writeAtomically } from "../load/atomic-file";
import { headerHash, withHeader } from "../emit/header";

/** What a compile produced before it looked at the output folder: a function of its inputs alone. */
export interface CachedCompile {
  readonly project: Project;
  readonly pipelines: readonly Pipeline[];
  readonly files: readonly OutputFile[];
  /** Warnings (a result with errors is never stored). */
  readonly diagnostics: readonly Diagnostic[];
}

/** Bumped when the entry's layout changes, so an older entry is a miss rather than misread. */
const FORMAT = 4;

/**
 * The result as stored: the output files without their bodies, which are on disk after the compile that stored it
 * (tens of MB at 1,000 pipelines, and most of the cost of storing): a lookup takes each body from the output folder
 * when the file there has exactly the bytes that compile wrote, else it is a miss. So the result is used only when the
 * output folder is as that compile left it, which is when it is worth anything: otherwise files must be written, and
 * the per-pipeline cache gives them nearly as fast.
 */
interface StoredResult {
  readonly project: Project;
  readonly pipelines: readonly Pipeline[];
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly StoredFile[];
}

interface StoredFile {
  readonly path: string;
  readonly source: string;
  readonly note?: string;
  /**
   * SHA-256 of the body, and how many bytes the header written above it takes: the file on disk gives the body
   * when its bytes after the header have this hash (a header that differs is then found and rewritten by the
   * comparison every compile makes).
   */
  readonly body: string;
  readonly headerBytes: number;
}

interface Entry {
  readonly format: number;
  /** The compiler (toolFingerprint). */
  readonly tool: string;
  readonly configFile: string;
  /** The project's tsconfig.json (null: none) and the files it extends, with the SHA-256 of their bytes. */
  readonly tsconfig: string | null;
  readonly tsconfigFiles: readonly (readonly [string, string])[];
  /** Every file the program read, with the SHA-256 of its bytes. */
  readonly files: readonly (readonly [string, string])[];
  readonly globs: readonly string[];
  readonly matched: readonly string[];
  /** How the user's imports resolve (input-fingerprint.ts). */
  readonly resolutions: string;
  /**
   * The SHA-256 of the result (its checksum: a damaged result file is a miss), which is kept in a file of its own (tens of MB at 1,000 pipelines): a miss reads only
   * this small entry, so a compile after an edit does not hold the old result in memory next to its own.
   */
  readonly result: string;
  /** The output folder (a part of the result the fingerprint needs before reading it). */
  readonly outDir: string;
}

/**
 * The result of the last compile of this config, when nothing it was made from changed since: the compiler (its
 * version and its own code), the tsconfig (and what it extends), the bytes of every file the type check read
 * (config, pipelines, helpers they import, declaration files), what the globs match, and what module resolution
 * looks at. Anything unreadable, corrupt or different is a miss, never an error: the caller compiles from scratch,
 * which gives the same bytes. With `hashes`, the file hashes are kept for the rest of the compile (by the stamp of
 * each file). Pipeline modules are trusted to build the same pipelines from the same sources (a
 * module that reads other files or the environment at compile time is not tracked: docs/internals.md).
 */
export function lookupCompile(configFile: string, hashes?: FileHashes): CachedCompile | undefined {
  const entry = readEntry(entryFile(configFile));
  if (!entry || entry.format !== FORMAT || entry.configFile !== configFile || entry.tool !== toolFingerprint()) return undefined;
  const root = path.dirname(configFile);
  if ((nearestTsconfig(root) ?? null) !== entry.tsconfig) return undefined;
  const unchanged = ([file, hash]: readonly [string, string]) => fileHash(file, hashes) === hash;
  if (!entry.tsconfigFiles.every(unchanged) || !entry.files.every(unchanged)) return undefined;
  const matched = [...new Set(entry.globs.flatMap((pattern) => matchGlob(root, pattern)))].sort();
  if (JSON.stringify(matched) !== JSON.stringify(entry.matched)) return undefined;
  if (resolutionFingerprint(entry.files.map(([file]) => file), root, entry.outDir) !== entry.resolutions) return undefined;
  const stored = readBytes(resultFile(configFile));
  if (stored === undefined || sha256(stored) !== entry.result) return undefined;
  return fromStored(JSON.parse(stored.toString("utf8")) as StoredResult);
}

/** The result with each file's body taken from the output folder, or undefined when one is not as it was written. */
function fromStored({ files, ...rest }: StoredResult): CachedCompile | undefined {
  const bodies: OutputFile[] = [];
  for (const { body: hash, headerBytes, ...file } of files) {
    const bytes = readBytes(path.join(rest.project.outDir, file.path));
    const body = bytes?.subarray(headerBytes);
    if (body === undefined || sha256(body) !== hash) return undefined;
    bodies.push({ ...file, body: body.toString("utf8") });
  }
  return { ...rest, files: bodies };
}

/**
 * Records a compile's result with the fingerprint of its inputs. A cache that cannot be written is no error.
 * `hashes`: those this compile took already (lookupCompile, the per-pipeline cache), by the stamp of each file.
 */
export function storeCompile(configFile: string, inputs: LoadInputs, result: CachedCompile, hashes?: FileHashes): void {
  // The folder first: its node_modules/ must be in the listings the fingerprint takes, as the next lookup sees them.
  try {
    fs.mkdirSync(path.dirname(entryFile(configFile)), { recursive: true });
  } catch {
    return;
  }
  const names = [...new Set([configFile, ...inputs.matched, ...inputs.programFiles])].sort();
  const hashed = (file: string) => [file, fileHash(file, hashes)] as const;
  const tsconfigFiles = inputs.tsconfig.file ? [inputs.tsconfig.file, ...inputs.tsconfig.extends] : [];
  const stored: StoredResult = { ...result, files: result.files.map(storedFile) };
  // As bytes, hashed once: its hash in the entry is its checksum.
  const resultBytes = Buffer.from(JSON.stringify(stored), "utf8");
  const entry: Entry = {
    format: FORMAT,
    tool: toolFingerprint(),
    configFile,
    tsconfig: inputs.tsconfig.file ?? null,
    tsconfigFiles: tsconfigFiles.map(hashed),
    files: names.map(hashed),
    globs: inputs.globs,
    matched: inputs.matched,
    resolutions: resolutionFingerprint(names, path.dirname(configFile), result.project.outDir),
    result: sha256(resultBytes),
    outDir: result.project.outDir,
  };
  // The result first: an entry never names a result that is not there (and a stale one fails its hash).
  if (writeAtomically(resultFile(configFile), resultBytes)) writeChecked(entryFile(configFile), JSON.stringify(entry));
}

function storedFile(file: OutputFile): StoredFile {
  const { body, ...rest } = file;
  // The text as written (its header made once per output object): the body's hash is in its header when it has one.
  const text = withHeader(file);
  const header = text.slice(0, text.length - body.length);
  return { ...rest, body: headerHash(header) ?? sha256(body), headerBytes: Buffer.byteLength(header, "utf8") };
}

/** One entry per config file (a project may hold several configs, e.g. a test folder's own). */
function entryFile(configFile: string): string {
  const id = createHash("sha256").update(configFile).digest("hex").slice(0, 16);
  return path.join(cacheFolder(path.dirname(configFile)), `compile-${id}.json`);
}

function resultFile(configFile: string): string {
  return entryFile(configFile).replace(/\.json$/, ".result.json");
}

/** A file's bytes, or undefined when it cannot be read. */
function readBytes(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function readEntry(file: string): Entry | undefined {
  const json = readChecked(file);
  try {
    return json === undefined ? undefined : (JSON.parse(json) as Entry);
  } catch {
    return undefined;
  }
}

