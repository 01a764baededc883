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
