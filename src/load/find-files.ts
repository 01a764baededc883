import * as fs from "node:fs";
import * as path from "node:path";
import { escapePath, globSync, isDynamicPattern } from "tinyglobby";
import { closest } from "../diagnostics/did-you-mean";

// tinyglobby (picomatch underneath) rather than a hand-written matcher: braces, classes and escapes mean what
// they mean in a shell, and it walks only below a glob's fixed folder instead of the whole project.
const GLOB_OPTIONS = { absolute: true, onlyFiles: true, expandDirectories: false, ignore: ["**/node_modules/**"] } as const;

/**
 * Files under `root` matching the glob (`*` within a folder, `**` across folders, `?`, `{a,b}`, `[a-z]`), sorted
 * so every run sees them in the same order. `node_modules` is skipped, and so are dot-folders unless named.
 */
export function matchGlob(root: string, pattern: string): string[] {
  return globSync([pattern], { ...GLOB_OPTIONS, cwd: root }).map(path.normalize).sort();
}

/** Why a glob that matched nothing may have missed, and what it may have meant: for the diagnostic's hint. */
export function nearbyHint(root: string, pattern: string): string {
  const segments = pattern.replace(/^\.\//, "").split("/");
  // The fixed folders in front of the first wildcard (the last segment names files, not a folder).
  const fixed = segments.slice(0, -1).findIndex((s) => isDynamicPattern(s));
  const folders = segments.slice(0, fixed < 0 ? segments.length - 1 : fixed);
  let dir = root;
  for (const [i, segment] of folders.entries()) {
    const next = path.join(dir, segment);
    if (isDirectory(next)) {
      dir = next;
      continue;
    }
    const shown = `${[...folders.slice(0, i), segment].join("/")}/`;
    const siblings = subfolders(dir);
    const suggestion = closest(segment, siblings);
    if (suggestion) {
      const corrected = [...segments.slice(0, i), suggestion, ...segments.slice(i + 1)].join("/");
      const count = matchGlob(root, corrected).length;
      return `there is no folder ${shown}: did you mean "${corrected}"? It matches ${count} file${count === 1 ? "" : "s"}`;
    }
    return `there is no folder ${shown}${siblings.length ? `; folders there: ${siblings.slice(0, 8).map((s) => `${s}/`).join(", ")}` : ""}`;
  }
  const base = path.relative(root, dir).split(path.sep).join("/");
  const below = matchGlob(root, base ? `${escapePath(base)}/**/*` : "**/*").map((f) => path.relative(root, f).split(path.sep).join("/"));
  const where = base ? `${base}/` : "the project folder";
  if (below.length === 0) return `${where} holds no files`;
  // Files the user most likely meant: TypeScript first.
  const examples = [...below.filter((f) => /\.[cm]?tsx?$/.test(f)), ...below.filter((f) => !/\.[cm]?tsx?$/.test(f))].slice(0, 3);
  return `${where} holds ${below.length} file${below.length === 1 ? "" : "s"}, none matching: ${examples.join(", ")}${below.length > 3 ? ", ..." : ""}`;
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function subfolders(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith(".") && e.name !== "node_modules")
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}
