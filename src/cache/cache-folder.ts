import * as path from "node:path";

/**
 * Where compile keeps its cache: `node_modules/.cache/airflow-ts/` beside the config file. That is where Node tools
 * keep caches (Babel, ESLint, webpack: the find-cache-dir convention), so every project's `.gitignore` already
 * ignores it (`node_modules/`, in the one `init` writes too), and `rm -rf node_modules` or `npm ci` clears it.
 */
export function cacheFolder(projectRoot: string): string {
  return path.join(projectRoot, "node_modules", ".cache", "airflow-ts");
}
