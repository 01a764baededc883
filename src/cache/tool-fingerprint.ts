import * as fs from "node:fs";
import * as path from "node:path";
import { createHash } from "node:crypto";

/** The package's own folder: one above src/ or dist/ (this file is src/cache/ or dist/cache/). */
const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");

let memo: string | undefined;

/**
 * What identifies the compiler that made a cached result: its version, and the bytes of its own code and templates
 * (src/ or dist/, dag-templates/). The version alone is not enough: this repository's own scripts run src/ under one
 * version while it changes, and a cached output from an older renderer must never be written as current.
 */
export function toolFingerprint(): string {
  if (memo !== undefined) return memo;
  const hash = createHash("sha256");
  hash.update(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json")));
  for (const dir of [path.resolve(__dirname, ".."), path.join(PACKAGE_ROOT, "dag-templates")]) {
    for (const file of filesUnder(dir)) hash.update(`\0${path.relative(PACKAGE_ROOT, file)}\0`).update(fs.readFileSync(file));
  }
  return (memo = hash.digest("hex"));
}

/** Every file below `dir`, sorted, so the fingerprint does not depend on the order the file system lists them. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile() && !e.name.endsWith(".map"))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}
