import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { NO_MANIFEST, readManifest, type ManifestView } from "./manifest-view";

export type CommittedManifest =
  | { readonly kind: "found"; readonly view: ManifestView; readonly path: string }
  /** The ref has no manifest there: everything compiled now is new. */
  | { readonly kind: "absent"; readonly view: ManifestView; readonly path: string }
  /** `usage`: the ref is not one git knows (a mistake on the command line, exit code 2). */
  | { readonly kind: "error"; readonly message: string; readonly usage: boolean };

/** `<outDir>/manifest.json` as committed at `ref`, read with `git show` (the work tree is not touched). */
export function committedManifest(outDir: string, ref: string): CommittedManifest {
  const cwd = fs.existsSync(outDir) ? outDir : path.dirname(outDir);
  const top = git(cwd, ["rev-parse", "--show-toplevel"]);
  if (top.error) return { kind: "error", message: `git could not be run (${top.error.message}): plan reads the committed manifest with git`, usage: false };
  if (top.status !== 0) return { kind: "error", message: `${cwd} is not in a git repository: plan compares with the manifest committed at a git ref`, usage: false };
  const commit = git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  if (commit.status !== 0) return { kind: "error", message: `git knows no commit "${ref}" (try a branch, a tag or a commit hash)`, usage: true };
  const rel = path.relative(fs.realpathSync(top.stdout.trim()), path.join(fs.realpathSync(cwd), path.relative(cwd, path.join(outDir, "manifest.json")))).split(path.sep).join("/");
  const shown = git(cwd, ["show", `${commit.stdout.trim()}:${rel}`]);
  if (shown.status !== 0) return { kind: "absent", view: NO_MANIFEST, path: rel };
  const view = readManifest(shown.stdout);
  if ("error" in view) return { kind: "error", message: `${rel} at ${ref} cannot be read: ${view.error}`, usage: false };
  return { kind: "found", view, path: rel };
}

function git(cwd: string, args: string[]) {
  return spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
}
