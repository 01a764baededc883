import { resolveConfigFile } from "../load/find-config";
import { closest } from "../diagnostics/did-you-mean";

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  /** Whether stderr is a terminal: progress and colours are shown only then (see terminal.ts). */
  readonly stderrIsTTY?: boolean;
  /** The environment, for NO_COLOR. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface CliArgs {
  readonly help: boolean;
  readonly configFile: string;
  readonly format: "text" | "json";
  /** `compile` may delete every generated DAG, or most of them (refused without it). */
  readonly allowDeletions: boolean;
  /** `--no-cache`: compile from scratch, ignoring (and not updating) node_modules/.cache/airflow-ts. */
  readonly noCache: boolean;
}

export type Command = ((args: CliArgs, io: CliIo) => number) & { readonly usage: string };

export class UsageError extends Error {}

export const COMMON_OPTIONS = `Options:
  --config <file|dir>    the project config, or the folder holding airflow-ts.config.ts
                         (default: the first airflow-ts.config.ts in this folder or a parent)
  --format text|json     text, or one JSON object on stdout: the diagnostics and each file's fate (default: text)
  --no-cache             compile from scratch: neither use nor update node_modules/.cache/airflow-ts/
                         (the cache is only reused when nothing it was made from changed; see docs/internals.md)
  -h, --help             show this help`;

const FLAGS = ["--config", "-c", "--format", "--allow-deletions", "--no-cache", "--help", "-h"];

export function parseArgs(argv: readonly string[], cwd = process.cwd()): CliArgs {
  let help = false;
  let config: string | undefined;
  let format: CliArgs["format"] = "text";
  let allowDeletions = false;
  let noCache = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = splitFlag(arg);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "-h" || flag === "--help") help = true;
    else if (flag === "--allow-deletions" && inline === undefined) allowDeletions = true;
    else if (flag === "--no-cache" && inline === undefined) noCache = true;
    else if (flag === "--config" || flag === "-c") config = value();
    else if (flag === "--format") {
      const v = value();
      if (v !== "text" && v !== "json") throw new UsageError(`--format must be text or json, not "${v}"`);
      format = v;
    } else throw unknownOption(arg, FLAGS);
  }
  return { help, configFile: resolveConfigFile(config, cwd), format, allowDeletions, noCache };
}

/** `--flag=value` -> ["--flag", "value"]; `--flag` -> ["--flag", undefined]. */
export function splitFlag(arg: string): [string, string | undefined] {
  const at = arg.indexOf("=");
  return arg.startsWith("-") && at > 0 ? [arg.slice(0, at), arg.slice(at + 1)] : [arg, undefined];
}

/** The error for an option the command does not have, with the nearest one it has. */
export function unknownOption(arg: string, known: readonly string[]): UsageError {
  const [flag] = splitFlag(arg);
  if (!flag.startsWith("-")) return new UsageError(`unexpected argument "${arg}"`);
  const suggestion = closest(flag, known.filter((k) => k.startsWith("--")));
  return new UsageError(`unknown option "${flag}"${suggestion ? `; did you mean "${suggestion}"?` : ""}`);
}
