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

/**
 * resolutionFingerprint for one pipeline module of the per-pipeline cache: what could make the imports of
 * `module` (which ran with `imports`, the other files of its import closure) resolve to other files. The listing
 * of the module's own folder counts only when it imports local files (a new file beside a pipeline that imports
 * nothing local changes nothing for it; so adding a pipeline does not invalidate the others). `memo` holds the
 * listings and hashes already taken in this compile: a thousand pipelines share one folder.
 */
export function moduleResolutionFingerprint(module: string, imports: readonly string[], projectRoot: string, outDir: string, memo: Map<string, string>): string {
  const local = imports.filter((f) => !isInNodeModules(f));
  // An import's folder and the one above it: `../lib/shared` found as lib/shared/index.ts resolves to a new
  // lib/shared.ts instead.
  const listed = new Set([path.resolve(projectRoot), ...imports.flatMap((f) => [path.dirname(f), path.dirname(path.dirname(f))]), ...(local.length > 0 ? [path.dirname(module)] : [])]);
  const packageJsonDirs = new Set<string>();
  for (const file of [module, ...local]) {
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
