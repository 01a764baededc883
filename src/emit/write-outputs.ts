import * as fs from "node:fs";
import * as path from "node:path";
import type { OutputFile } from "../render/render-project";
import { isGenerated, withHeader } from "./header";

/** What a write or a check found for each file, relative to the output folder. */
export interface OutputChanges {
  /** Files no one wrote yet ("missing" to `check`). */
  readonly created: string[];
  /** Files whose bytes differ from a fresh compile ("stale" to `check`). */
  readonly updated: string[];
  readonly unchanged: string[];
  /** Generated files no pipeline produces any more ("extra" to `check`). */
  readonly deleted: string[];
}

/** A folder (relative to the output folder) and the file extension the compiler owns there. */
export interface OwnedArea {
  readonly dir: string;
  readonly ext: string;
}

/** Where the compiler writes; only generated files inside these areas are ever deleted. */
export const OWNED_AREAS: readonly OwnedArea[] = [
  { dir: "dags", ext: ".py" },
  { dir: "plugins", ext: ".py" },
  { dir: "k8s", ext: ".yaml" },
  { dir: ".", ext: ".json" },
];

/**
 * Writes each file atomically (temp file, then rename), skips files whose bytes did not change, and deletes
 * generated files that no pipeline produces any more. Files without the generated marker are never touched.
 */
export function writeOutputs(outDir: string, files: readonly OutputFile[], owned: readonly OwnedArea[] = OWNED_AREAS): OutputChanges {
  const plan = planOutputs(outDir, files, owned);
  for (const file of files) {
    if (plan.unchanged.includes(file.path)) continue;
    const target = path.join(outDir, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.tmp-${process.pid}`;
    fs.writeFileSync(temp, withHeader(file));
    fs.renameSync(temp, target);
  }
  for (const stale of plan.deleted) fs.rmSync(path.join(outDir, stale));
  return plan;
}

/** What `writeOutputs` would do, without writing: the basis of `check`. */
export function planOutputs(outDir: string, files: readonly OutputFile[], owned: readonly OwnedArea[] = OWNED_AREAS): OutputChanges {
  const changes: OutputChanges = { created: [], updated: [], unchanged: [], deleted: [] };
  for (const file of files) {
    const current = readIfExists(path.join(outDir, file.path));
    const bucket = current === undefined ? changes.created : current === withHeader(file) ? changes.unchanged : changes.updated;
    bucket.push(file.path);
  }
  const wanted = new Set(files.map((f) => f.path));
  changes.deleted.push(...existingGenerated(outDir, owned).filter((p) => !wanted.has(p)));
  return changes;
}

function existingGenerated(outDir: string, owned: readonly OwnedArea[]): string[] {
  return owned.flatMap(({ dir, ext }) => {
    const full = path.join(outDir, dir);
    if (!fs.existsSync(full)) return [];
    return fs
      .readdirSync(full)
      .filter((name) => name.endsWith(ext) && fs.statSync(path.join(full, name)).isFile())
      .map((name) => path.posix.join(dir, name))
      .filter((rel) => isGenerated(readIfExists(path.join(outDir, rel)) ?? ""))
      .sort();
  });
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
