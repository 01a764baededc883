import * as fs from "node:fs";
import * as path from "node:path";

/** The config file's name; a project is the folder that holds it. */
export const CONFIG_FILE = "airflow-ts.config.ts";

/**
 * The config a run uses. Given a path: that file, or the config inside that folder. Given nothing: the first
 * `airflow-ts.config.ts` in `cwd` or one of its parents (as git finds its repository), so the commands work
 * from any subfolder of a project. With none anywhere, the path in `cwd`, which the loader reports as missing.
 */
export function resolveConfigFile(given: string | undefined, cwd: string): string {
  if (given !== undefined) {
    const resolved = path.resolve(cwd, given);
    return isDirectory(resolved) ? path.join(resolved, CONFIG_FILE) : resolved;
  }
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (isFile(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.join(path.resolve(cwd), CONFIG_FILE);
  }
}

function isDirectory(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function isFile(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}
