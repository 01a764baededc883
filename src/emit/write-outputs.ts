import * as fs from "node:fs";
import * as path from "node:path";
import type { OutputFile } from "../render/output-file";
import { isEditedByHand, isGenerated, withHeader } from "./header";
import { fileStamp } from "../load/input-fingerprint";

/** What a write or a check found for each file, relative to the output folder. Each file is in one list. */
export interface OutputChanges {
  /** Files no one wrote yet ("missing" to `check`). */
  readonly created: string[];
  /** Files whose bytes differ from a fresh compile ("stale" to `check`). */
  readonly updated: string[];
  /** Generated files edited after compile (their body no longer has the header's hash): replaced, with a warning. */
  readonly handEdited: string[];
  readonly unchanged: string[];
  /** Generated files no pipeline produces any more: deleted by `compile`, listed by `check`. */
  readonly deleted: string[];
  /** Temp files an interrupted compile left (`<file>.tmp-<pid>`, from a process that is gone): removed. */
  readonly tempFiles: string[];
  /** Files at a path compile must write that airflow-ts did not write: compile refuses to touch them. */
  readonly notGenerated: string[];
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
  { dir: "graphs", ext: ".svg" },
  { dir: ".", ext: ".json" },
];

/** How a file is written: beside its target, then renamed over it, so a reader never sees half a file. */
const TEMP_SUFFIX = /\.tmp-(\d+)$/;

/**
 * Writes each file atomically (temp file, then rename), skips files whose bytes did not change, deletes generated
 * files that no pipeline produces any more, and removes temp files an interrupted compile left. Files without the
 * generated marker are never touched: the caller refuses to write when `plan.notGenerated` is not empty.
 */
export function writeOutputs(outDir: string, files: readonly OutputFile[], plan: OutputChanges = planOutputs(outDir, files)): OutputChanges {
  if (plan.notGenerated.length > 0) throw new Error(`internal: writeOutputs called over files airflow-ts did not write: ${plan.notGenerated.join(", ")}`);
  for (const temp of plan.tempFiles) fs.rmSync(path.join(outDir, temp), { force: true });
  const unchanged = new Set(plan.unchanged);
  for (const file of files) {
    if (unchanged.has(file.path)) continue;
    const target = path.join(outDir, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.tmp-${process.pid}`;
    const bytes = Buffer.from(withHeader(file), "utf8");
    fs.writeFileSync(temp, bytes);
    fs.renameSync(temp, target);
    written(target, bytes);
  }
  for (const stale of plan.deleted) {
    fs.rmSync(path.join(outDir, stale));
    lastSeen.delete(path.join(outDir, stale));
  }
  return plan;
}

/** What `writeOutputs` would do, without writing: the basis of `compile`'s checks and of `check`. */
export function planOutputs(outDir: string, files: readonly OutputFile[], owned: readonly OwnedArea[] = OWNED_AREAS): OutputChanges {
  const changes: OutputChanges = { created: [], updated: [], handEdited: [], unchanged: [], deleted: [], tempFiles: [], notGenerated: [] };
  for (const file of files) {
    const current = readIfExists(path.join(outDir, file.path));
    const wanted = withHeader(file);
    if (current === undefined) changes.created.push(file.path);
    else if (!startsGenerated(current)) changes.notGenerated.push(file.path);
    else if (current.equals(Buffer.from(wanted, "utf8"))) changes.unchanged.push(file.path);
    else if (isEditedByHand(current)) changes.handEdited.push(file.path);
    else changes.updated.push(file.path);
  }
  const wanted = new Set(files.map((f) => f.path));
  for (const area of owned) {
    const { generated, tempFiles } = scanArea(outDir, area);
    changes.deleted.push(...generated.filter((p) => !wanted.has(p)));
    changes.tempFiles.push(...tempFiles);
  }
  return changes;
}

/** The generated files of one owned folder, and the temp files dead compiles left there. */
function scanArea(outDir: string, { dir, ext }: OwnedArea): { generated: string[]; tempFiles: string[] } {
  const full = path.join(outDir, dir);
  if (!fs.existsSync(full)) return { generated: [], tempFiles: [] };
  const names = fs
    .readdirSync(full)
    .filter((name) => fs.statSync(path.join(full, name)).isFile())
    .sort();
  const rel = (name: string) => path.posix.join(dir, name);
  return {
    generated: names.filter((name) => name.endsWith(ext) && startsGenerated(readIfExists(path.join(full, name)))).map(rel),
    tempFiles: names.filter((name) => isLeftover(name, ext)).map(rel),
  };
}

/**
 * `<name><ext>.tmp-<pid>` of a process that no longer runs: a compile killed between writing and renaming. A live
 * process's temp file belongs to a compile still running beside this one, and is left to it.
 */
function isLeftover(name: string, ext: string): boolean {
  const match = TEMP_SUFFIX.exec(name);
  if (!match || !name.slice(0, match.index).endsWith(ext)) return false;
  const pid = Number(match[1]);
  return pid !== process.pid && !isRunning(pid);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (thrown) {
    // EPERM: the process exists but belongs to someone else.
    return (thrown as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** isGenerated on the file's first bytes (the markers are short ASCII): not the whole file decoded to look at its start. */
function startsGenerated(bytes: Buffer | undefined): boolean {
  return bytes !== undefined && isGenerated(bytes.subarray(0, 256).toString("utf8"));
}

function readIfExists(file: string): Buffer | undefined {
  const stamp = fileStamp(file);
  if (stamp === undefined) return undefined;
  const known = lastSeen.get(file);
  if (known?.stamp === stamp) return known.bytes;
  try {
    const bytes = fs.readFileSync(file);
    lastSeen.set(file, { stamp, bytes });
    return bytes;
  } catch {
    return undefined;
  }
}

/**
 * The bytes of each output file this process last read or wrote, with the size, modification time and inode they
 * had: watch compares a thousand outputs after every edit, and re-reads only those something else touched since.
 */
const lastSeen = new Map<string, { stamp: string; bytes: Buffer }>();

/** Records what was just written (renamed into place), so the next compare of this process need not read it back. */
function written(file: string, bytes: Buffer): void {
  const stamp = fileStamp(file);
  if (stamp !== undefined) lastSeen.set(file, { stamp, bytes });
  else lastSeen.delete(file);
}
