import * as fs from "node:fs";
import * as path from "node:path";
import type { CliIo } from "./args";
import { formatOf, FORMAT_OPTION, HELP_OPTION, readCommandLine } from "./options";
import { scaffoldFiles } from "./scaffold";

/** `init --format json`: what was written, or, refused, which files stood in the way (paths as given to the user). */
interface InitJson {
  readonly version: 1;
  readonly command: "init";
  readonly ok: boolean;
  readonly error: string | null;
  readonly root: string;
  readonly created: string[];
  readonly overwritten: string[];
  readonly existing: string[];
}

export const INIT_USAGE = `Usage: airflow-ts init [dir] [options]

Creates a pipelines repository in <dir> (default: the current folder): package.json (compile, check and test
scripts), tsconfig.json, airflow-ts.config.ts, an example pipeline in pipelines/, its vitest test in test/,
.gitignore and a GitHub Actions workflow that runs \`npx airflow-ts check\`. Then: npm install, npx airflow-ts compile.

Options:
  -f, --force          overwrite files that already exist (by default init writes nothing when any exists)
  --format text|json   text, or one JSON object on stdout: the files created, overwritten or in the way
  -h, --help           show this help`;

/**
 * `airflow-ts init [dir]`. Writes nothing when any scaffold file exists already, unless --force: a user's file
 * is never replaced by surprise. Returns the exit code; throws UsageError for a bad command line.
 */
export function runInit(argv: readonly string[], io: CliIo, version: string): number {
  const options = readCommandLine(argv, { ...HELP_OPTION, ...FORMAT_OPTION, "--force": { kind: "switch", short: "f" } }, 1);
  if (options.switches.has("--help")) {
    io.out(INIT_USAGE);
    return 0;
  }
  const force = options.switches.has("--force");
  const json = formatOf(options) === "json";
  const dir = options.positionals[0];
  const root = path.resolve(io.cwd, dir ?? ".");
  const report = (fields: Partial<InitJson>) => {
    const base: InitJson = { version: 1, command: "init", ok: true, error: null, root: displayed(io, root), created: [], overwritten: [], existing: [] };
    io.out(JSON.stringify({ ...base, ...fields }, null, 2));
  };
  if (fs.existsSync(root) && !fs.statSync(root).isDirectory()) {
    const error = `${displayed(io, root)} exists and is not a folder`;
    if (json) report({ ok: false, error });
    else io.err(error);
    return 1;
  }
  const files = scaffoldFiles(packageName(root), version);
  const existing = files.filter((f) => fs.existsSync(path.join(root, f.path)));
  if (existing.length > 0 && !force) {
    if (json) {
      report({ ok: false, error: "init writes nothing: files exist already (--force overwrites them)", existing: existing.map((f) => displayed(io, path.join(root, f.path))) });
      return 1;
    }
    io.err(
      `init writes nothing: ${existing.length === 1 ? "this file exists" : "these files exist"} already:\n` +
        existing.map((f) => `  ${displayed(io, path.join(root, f.path))}`).join("\n") +
        `\n\nMove ${existing.length === 1 ? "it" : "them"} away, or run \`npx airflow-ts init${dir ? ` ${dir}` : ""} --force\` to overwrite.`,
    );
    return 1;
  }
  const created: string[] = [];
  const overwritten: string[] = [];
  for (const file of files) {
    const target = path.join(root, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.text);
    (existing.includes(file) ? overwritten : created).push(displayed(io, target));
    if (!json) io.out(`${existing.includes(file) ? "overwrote" : "created  "} ${displayed(io, target)}`);
  }
  if (json) {
    report({ created, overwritten });
    return 0;
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
