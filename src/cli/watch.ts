import * as fs from "node:fs";
import * as path from "node:path";
import { isDynamicPattern } from "tinyglobby";
import { compileProject, VALUES_DIR, type CompileResult } from "../compile-project";
import type { CliIo } from "./args";
import { UsageError } from "./args";
import { parseVerbOptions } from "./options";
import { compileJson, reportDiagnostics } from "./report";

export const WATCH_USAGE = `Usage: airflow-ts watch [options]

Compiles, then compiles again each time a file of the project changes (the config, tsconfig.json, a pipeline, a
module a pipeline imports, a new file the globs match), and prints a short report each time: what changed, the
pipeline modules run again, the files written, the time, and the diagnostics. Only what changed is redone: the
type checker keeps the program in memory and re-checks the files that changed, and the pipelines whose files did
not change are taken from the per-pipeline cache. A compile with errors writes and deletes nothing. Ctrl-C (or
SIGTERM) stops it.

Options:
  --debounce <ms>        wait this long after the last change before compiling (default: 100)
  --allow-deletions      as compile: let a compile delete every generated DAG, or most of them
  --config <file|dir>    the project config, or the folder holding airflow-ts.config.ts
  --format text|json     text, or one JSON object per compile on its own line of stdout (docs/cli.md)
  -h, --help             show this help`;

/** What a watch can be stopped by; the process by default (tests pass their own). */
export interface StopSignals {
  once(signal: "SIGINT" | "SIGTERM", listener: () => void): unknown;
  removeListener(signal: "SIGINT" | "SIGTERM", listener: () => void): unknown;
}

/** Only these files can change a compile; an editor's swap and backup files do not. */
const RELEVANT = /\.([cm]?ts|[cm]?js|json)$/;

/**
 * `airflow-ts watch`: resolves with the exit code (0) once stopped. Node's own fs.watch, not chokidar: Node 20
 * watches a folder tree on every platform (recursive), and a debounced recompile needs no more than "something in
 * this folder changed"; the folders watched are the ones that hold the project's sources, never node_modules.
 */
export function runWatch(argv: readonly string[], io: CliIo, signals: StopSignals = process): Promise<number> {
  const options = parseVerbOptions(argv, io.cwd, { "--debounce": "value", "--allow-deletions": "switch" }, 0);
  if (options.help) {
    io.out(WATCH_USAGE);
    return Promise.resolve(0);
  }
  const debounceText = options.values.get("--debounce") ?? "100";
  const debounceMs = Number(debounceText);
  if (!/^\d+$/.test(debounceText) || debounceMs > 60_000) throw new UsageError(`--debounce must be a number of milliseconds up to 60000, not "${debounceText}"`);
  const { configFile, format } = options;
  const root = path.dirname(configFile);
  const watchers = new Map<string, fs.FSWatcher>();
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let ignored: readonly string[] = [];

  return new Promise((resolve) => {
    const compile = (changed: readonly string[]) => {
      const started = performance.now();
      const result = compileProject({ configFile, mode: "write", allowDeletions: options.switches.has("--allow-deletions"), cache: true, keepInMemory: true });
      const ms = Math.round(performance.now() - started);
      // What a compile writes is never a change to compile again for.
      const outDir = result.project?.outDir ?? path.join(root, "generated");
      ignored = [outDir, path.join(root, VALUES_DIR), path.join(root, "node_modules")].map((d) => d + path.sep);
      // Watching before reporting: whoever edits a file on seeing the report (a test, an editor hook) is seen.
      watchFolders(result);
      report(result, changed, ms);
    };

    const report = (result: CompileResult, changed: readonly string[], ms: number) => {
      const rel = (file: string) => path.relative(root, file).split(path.sep).join("/") || ".";
      const ran = result.modules?.ran.map(rel) ?? [];
      if (format === "json") {
        const extra = { changed: changed.map(rel), modules: { ran, reused: result.modules?.reused ?? 0 }, ms };
        io.out(JSON.stringify(compileJson("watch", result, options, extra)));
        return;
      }
      const failed = reportDiagnostics(result, options, io);
      const what = changed.length === 0 ? "start" : `${changed.map(rel).slice(0, 5).join(", ")}${changed.length > 5 ? `, and ${changed.length - 5} more` : ""} changed`;
      const stamp = new Date().toTimeString().slice(0, 8);
      const redone = `ran ${ran.length} pipeline module${ran.length === 1 ? "" : "s"}${result.modules?.reused ? `, reused ${result.modules.reused}` : ""}`;
      if (failed) {
        io.out(`[${stamp}] ${what}: ${redone}; errors, so nothing was written or deleted (${ms} ms)`);
        return;
      }
      const changes = result.changes;
      const outRel = (file: string) => rel(path.join(result.project!.outDir, file));
      const touched = changes ? [...changes.created, ...changes.updated, ...changes.handEdited, ...changes.deleted.map((f) => `${f} (deleted)`)] : [];
      const wrote = touched.length === 0 ? "no file changed" : `wrote ${touched.slice(0, 5).map(outRel).join(", ")}${touched.length > 5 ? `, and ${touched.length - 5} more` : ""}`;
      io.out(`[${stamp}] ${what}: ${redone}; compiled ${result.pipelines.length} pipeline${result.pipelines.length === 1 ? "" : "s"} in ${ms} ms; ${wrote}`);
    };

    /** The folders that hold the project's sources, plus each glob's fixed folder (recursively: new files). */
    const watchFolders = (result: CompileResult) => {
      const trees = (result.project?.config.pipelines ?? []).map((pattern) => globBase(root, pattern));
      const folders = new Set([root, ...(result.sources ?? []).map((f) => path.dirname(f))]);
      for (const tree of trees) if (fs.existsSync(tree)) watch(tree, true);
      for (const folder of folders) if (!trees.some((t) => folder === t || folder.startsWith(t + path.sep))) watch(folder, false);
    };

    const watch = (folder: string, recursive: boolean) => {
      const key = `${recursive ? "tree" : "folder"} ${folder}`;
      if (watchers.has(key)) return;
      try {
        const watcher = fs.watch(folder, { recursive, persistent: true }, (_event, name) => changedIn(folder, name));
        // A watched folder that goes away ends its watcher; the next compile watches what exists then.
        watcher.on("error", () => {
          watcher.close();
          watchers.delete(key);
        });
        watchers.set(key, watcher);
      } catch {
        // The folder is gone or cannot be watched: the folders above it still see it come back.
      }
    };

    const changedIn = (folder: string, name: string | Buffer | null) => {
      const file = name ? path.join(folder, name.toString()) : folder;
      if (ignored.some((d) => file.startsWith(d) || file + path.sep === d)) return;
      if (name && !RELEVANT.test(file) && !isFolder(file)) return;
      pending.add(file);
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, debounceMs);
    };

    const flush = () => {
      timer = undefined;
      const changed = [...pending].sort();
      pending.clear();
      compile(changed);
    };

    const stop = () => {
      signals.removeListener("SIGINT", stop);
      signals.removeListener("SIGTERM", stop);
      if (timer) clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
      if (format === "text") io.err("watch stopped");
      resolve(0);
    };
    signals.once("SIGINT", stop);
    signals.once("SIGTERM", stop);

    compile([]);
    if (format === "text") io.err(`watching ${watchers.size} folder${watchers.size === 1 ? "" : "s"} for changes; Ctrl-C stops`);
  });
}

/** The folder a glob's files are under: its segments before the first wildcard (the last names files). */
function globBase(root: string, pattern: string): string {
  const segments = pattern.replace(/^\.\//, "").split("/").slice(0, -1);
  const fixed = segments.findIndex((s) => isDynamicPattern(s));
  return path.resolve(root, ...(fixed < 0 ? segments : segments.slice(0, fixed)));
}

function isFolder(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

