import * as fs from "node:fs";
import * as path from "node:path";
import { createHash } from "node:crypto";

// Nothing here loads TypeScript: a cache hit must not pay the second it takes to load it.

/**
 * A file's size, modification time and inode, or undefined when it is not a file (absent, a folder). The caches of
 * this process (watch) trust a file whose stamp did not change since they read it not to have changed: an edit, or a
 * file renamed into its place, changes it.
 */
export function fileStamp(file: string): string | undefined {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat?.isFile() ? `${stat.size}:${stat.mtimeMs}:${stat.ino}` : undefined;
}

/** Hashes of files taken in this process, by file, each with the stamp (fileStamp) the file had when it was read. */
export type FileHashes = Map<string, { readonly stamp: string; readonly hash: string }>;

/**
 * SHA-256 of a file's bytes, or "absent" when it is not there. With `known` (watch), a file whose size, modification
 * time and inode are those it had when last hashed in this process is not read again. With `of: "text"`, of its text
 * as TypeScript reads it (UTF-8, without a byte-order mark): the hash TypeScript's program gets as a file's version
 * (type-check.ts), which the clean-check record compares with. `known` must hold hashes of one kind only.
 */
export function fileHash(file: string, known?: FileHashes, of: "bytes" | "text" = "bytes"): string {
  let stamp: string | undefined;
  if (known) {
    stamp = fileStamp(file);
    if (stamp === undefined) return "absent";
    const remembered = known.get(file);
    if (remembered?.stamp === stamp) return remembered.hash;
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return "absent";
  }
  const hash = of === "bytes" ? createHash("sha256").update(bytes).digest("hex") : textHash(withoutByteOrderMark(bytes.toString("utf8")));
  if (known && stamp !== undefined) known.set(file, { stamp, hash });
  return hash;
}

/** SHA-256 of a text (UTF-8). */
export function textHash(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The tsconfig.json that governs a project: the nearest one at or above its folder (as ts.findConfigFile finds it
 * for src/load/user-tsconfig.ts), or undefined.
 */
export function nearestTsconfig(projectRoot: string): string | undefined {
  for (let dir = path.resolve(projectRoot); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "tsconfig.json");
    if (fs.statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * What module resolution looks at besides the files it found, hashed. Content hashes of the program's files miss a
 * change that touches none of them: a new `lib/index.ts` or `node_modules/` an import now resolves to, a package.json
 * whose `"type"` or `"exports"` changed, a new `@types` package. So: the names in every folder that holds a file of
 * the program, and in the project folder; every package.json in those folders and above the user's files; and the
 * `node_modules/@types` folders TypeScript includes automatically (at and above the project folder).
 */
export function resolutionFingerprint(files: readonly string[], projectRoot: string, outDir: string): string {
  const listed = new Set([path.resolve(projectRoot), ...files.map((f) => path.dirname(f))]);
  const packageJsonDirs = new Set(listed);
  const above = (dir: string, visit: (d: string) => void) => {
    for (let d = dir; ; d = path.dirname(d)) {
      visit(d);
      if (path.dirname(d) === d) return;
    }
  };
  for (const file of files) if (!isInNodeModules(file)) above(path.dirname(file), (d) => packageJsonDirs.add(d));

  const hash = createHash("sha256");
  // The output folder and the cache's own folder come and go with compiles; nothing resolves into them.
  const ignored = new Set([path.resolve(outDir), path.resolve(projectRoot, "node_modules", ".cache")]);
  for (const dir of [...listed, ...typeRootFolders(projectRoot)].sort()) hash.update(`\0dir ${dir}\0${listing(dir, ignored)}`);
  for (const dir of [...packageJsonDirs].sort()) hash.update(`\0pkg ${dir}\0${fileHash(path.join(dir, "package.json"))}`);
  return hash.digest("hex");
}

/**
 * The listings of the `node_modules/@types` folders at and above `root`, hashed: TypeScript includes every package
 * they hold in every program, and one may declare globals.
 */
export function typeRootsFingerprint(root: string): string {
  const hash = createHash("sha256");
  for (const dir of typeRootFolders(root)) hash.update(`\0${dir}\0${listing(dir, new Set())}`);
  return hash.digest("hex");
}

/** The `node_modules/@types` folders at and above `root`, nearest first (absent ones too: one may appear). */
function typeRootFolders(root: string): string[] {
  const folders: string[] = [];
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    folders.push(path.join(dir, "node_modules", "@types"));
    if (path.dirname(dir) === dir) return folders;
  }
}

function listing(dir: string, ignored: ReadonlySet<string>): string {
  try {
    return fs
      .readdirSync(dir)
      .filter((name) => !ignored.has(path.join(dir, name)))
      .sort()
      .join("/");
  } catch {
    return "absent";
  }
}

function isInNodeModules(file: string): boolean {
  return file.split(path.sep).includes("node_modules");
}

/** An import as module resolution answered it: the file that wrote it, what it wrote, the file it got. */
export interface ResolvedImport {
  readonly from: string;
  readonly specifier: string;
  readonly to: string;
}

/**
 * The folders whose listings decide where these imports resolve (moduleResolutionFingerprint lists them, and the
 * project folder). A relative specifier (`./x`, `../lib/x`) can resolve only into the folder of the path it names
 * (x.ts, x.js read as x.ts, ...), into that path as a folder (x/index.ts, x/package.json) and, through a
 * package.json's `main`, into the folder of the file it found: so a new pipeline beside one that imports `../lib/x`
 * changes nothing for it, while a new file in lib/ does. Any other specifier (a package, a `paths` alias, `baseUrl`)
 * lists the folder of the file found and the one above it (`@lib/shared` found as lib/shared/index.ts resolves to a
 * new lib/shared.ts instead) and, when it was found in a node_modules/ folder, the node_modules/ folders from the
 * importer's folder up to (not) that one: a package installed nearer the importer would be found first.
 */
export function importFolders(imports: readonly ResolvedImport[]): string[] {
  const folders = new Set<string>();
  for (const { from, specifier, to } of imports) {
    folders.add(path.dirname(to));
    if (isRelative(specifier)) {
      const named = path.resolve(path.dirname(from), specifier);
      folders.add(path.dirname(named)).add(named);
      continue;
    }
    folders.add(path.dirname(path.dirname(to)));
    const holder = nodeModulesHolder(to);
    if (holder === undefined) continue;
    for (let dir = path.dirname(from); dir !== holder; dir = path.dirname(dir)) {
      folders.add(path.join(dir, "node_modules"));
      if (path.dirname(dir) === dir) break;
    }
  }
  return [...folders].sort();
}

/** `./x`, `../x`, `.`, `..`, or an absolute path (a `/// <reference path>`, made absolute). */
function isRelative(specifier: string): boolean {
  return /^\.\.?(?:$|[\\/])/.test(specifier) || path.isAbsolute(specifier);
}

/** The folder whose node_modules/ holds `file`, or undefined when it is in none. */
function nodeModulesHolder(file: string): string | undefined {
  const parts = file.split(path.sep);
  const at = parts.indexOf("node_modules");
  return at < 0 ? undefined : parts.slice(0, at).join(path.sep) || path.sep;
}

/**
 * resolutionFingerprint for one pipeline module of the per-pipeline cache and the clean-check record: what could
 * make the imports of `module` resolve to other files. `files` are the module and the files it imports (their
 * package.json files count: `"type"`, `"exports"`, `"imports"`); `folders` are where its imports resolve
 * (importFolders), listed with the project folder (bare specifiers). `memo` holds the listings and hashes already
 * taken in this compile: a thousand pipelines share one folder.
 */
export function moduleResolutionFingerprint(files: readonly string[], folders: readonly string[], projectRoot: string, outDir: string, memo: Map<string, string>): string {
  const listed = new Set([path.resolve(projectRoot), ...folders]);
  const packageJsonDirs = new Set<string>();
  for (const file of files.filter((f) => !isInNodeModules(f))) {
    for (let d = path.dirname(file); ; d = path.dirname(d)) {
      if (packageJsonDirs.has(d)) break;
      packageJsonDirs.add(d);
      if (path.dirname(d) === d) break;
    }
  }
  const ignored = new Set([path.resolve(outDir), path.resolve(projectRoot, "node_modules", ".cache")]);
  const remember = (key: string, compute: () => string) => {
    let value = memo.get(key);
    if (value === undefined) memo.set(key, (value = compute()));
    return value;
  };
  const hash = createHash("sha256");
  for (const dir of [...listed].sort()) hash.update(`\0dir ${dir}\0${remember(`dir ${dir}`, () => listing(dir, ignored))}`);
  for (const dir of [...packageJsonDirs].sort()) hash.update(`\0pkg ${dir}\0${remember(`pkg ${dir}`, () => fileHash(path.join(dir, "package.json")))}`);
  return hash.digest("hex");
}
