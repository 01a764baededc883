import * as fs from "node:fs";
import * as path from "node:path";
import { splitFlag, unknownOption, type CliIo } from "./args";
import { scaffoldFiles } from "./scaffold";

export const INIT_USAGE = `Usage: airflow-ts init [dir] [options]

Creates a pipelines repository in <dir> (default: the current folder): package.json (compile, check and test
scripts), tsconfig.json, airflow-ts.config.ts, an example pipeline in pipelines/, its vitest test in test/,
.gitignore and a GitHub Actions workflow that runs \`npx airflow-ts check\`. Then: npm install, npx airflow-ts compile.

Options:
  --force      overwrite files that already exist (by default init writes nothing when any exists)
  -h, --help   show this help`;

/**
 * `airflow-ts init [dir]`. Writes nothing when any scaffold file exists already, unless --force: a user's file
 * is never replaced by surprise. Returns the exit code.
 */
export function runInit(argv: readonly string[], io: CliIo, version: string): number {
  let force = false;
  let dir: string | undefined;
  for (const arg of argv) {
    const [flag] = splitFlag(arg);
    if (flag === "-h" || flag === "--help") {
      io.out(INIT_USAGE);
      return 0;
    }
    if (flag === "--force" || flag === "-f") force = true;
    else if (!arg.startsWith("-") && dir === undefined) dir = arg;
    else {
      io.err(`${unknownOption(arg, ["--force", "--help"]).message}\n\n${INIT_USAGE}`);
      return 2;
    }
  }
  const root = path.resolve(io.cwd, dir ?? ".");
  if (fs.existsSync(root) && !fs.statSync(root).isDirectory()) {
    io.err(`${displayed(io, root)} exists and is not a folder`);
    return 1;
  }
  const files = scaffoldFiles(packageName(root), version);
  const existing = files.filter((f) => fs.existsSync(path.join(root, f.path)));
  if (existing.length > 0 && !force) {
    io.err(
      `init writes nothing: ${existing.length === 1 ? "this file exists" : "these files exist"} already:\n` +
        existing.map((f) => `  ${displayed(io, path.join(root, f.path))}`).join("\n") +
        `\n\nMove ${existing.length === 1 ? "it" : "them"} away, or run \`npx airflow-ts init${dir ? ` ${dir}` : ""} --force\` to overwrite.`,
    );
    return 1;
  }
  for (const file of files) {
    const target = path.join(root, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.text);
    io.out(`${existing.includes(file) ? "overwrote" : "created  "} ${displayed(io, target)}`);
  }
  const cd = path.relative(io.cwd, root);
  io.out(`\nNext:\n${cd ? `  cd ${cd}\n` : ""}  npm install\n  npx airflow-ts compile    # writes generated/dags/nightly_etl.py\n  npm test`);
  return 0;
}

/** An npm package name from the folder's name (lower case, URL-safe characters). */
function packageName(root: string): string {
  const name = path.basename(root).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[._-]+|-+$/g, "");
  return name || "airflow-pipelines";
}

function displayed(io: CliIo, file: string): string {
  return path.relative(io.cwd, file).split(path.sep).join("/") || ".";
}
