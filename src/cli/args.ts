import * as path from "node:path";

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
}

export interface CliArgs {
  readonly help: boolean;
  readonly configFile: string;
  readonly format: "text" | "json";
  /** `compile` may delete every generated DAG, or most of them (refused without it). */
  readonly allowDeletions: boolean;
}

export type Command = ((args: CliArgs, io: CliIo) => number) & { readonly usage: string };

export class UsageError extends Error {}

export const COMMON_OPTIONS = `Options:
  --config <file>        the project config (default: ./airflow-ts.config.ts)
  --format text|json     text, or one JSON object on stdout: the diagnostics and each file's fate (default: text)
  -h, --help             show this help`;

export function parseArgs(argv: readonly string[], cwd = process.cwd()): CliArgs {
  let help = false;
  let configFile = path.resolve(cwd, "airflow-ts.config.ts");
  let format: CliArgs["format"] = "text";
  let allowDeletions = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "-h" || flag === "--help") help = true;
    else if (flag === "--allow-deletions" && inline === undefined) allowDeletions = true;
    else if (flag === "--config" || flag === "-c") configFile = path.resolve(cwd, value());
    else if (flag === "--format") {
      const v = value();
      if (v !== "text" && v !== "json") throw new UsageError(`--format must be text or json, not "${v}"`);
      format = v;
    } else throw new UsageError(`unknown option "${arg}"`);
  }
  return { help, configFile, format, allowDeletions };
}
