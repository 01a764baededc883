import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Files under `root` matching any of the glob patterns (`*` within a folder, `**` across folders, `?` one
 * character), sorted so every run sees them in the same order. `node_modules` and dot-folders are skipped.
 */
export function findFiles(root: string, patterns: readonly string[]): string[] {
  const matchers = patterns.map(globToRegExp);
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const rel = path.relative(root, full).split(path.sep).join("/");
        if (matchers.some((m) => m.test(rel))) found.push(full);
      }
    }
  };
  walk(root);
  return found.sort();
}

export function globToRegExp(glob: string): RegExp {
  let source = "";
  const normalized = glob.replace(/^\.\//, "");
  for (let i = 0; i < normalized.length; i++) {
    const char = normalized[i]!;
    if (char === "*" && normalized[i + 1] === "*") {
      // "**/" matches zero or more folders; a trailing "**" matches everything below.
      const slash = normalized[i + 2] === "/";
      source += slash ? "(?:[^/]+/)*" : ".*";
      i += slash ? 2 : 1;
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}
