// Every command's command line is read here, by Node's own util.parseArgs: its tokens (strict off) give each option
// as the user wrote it, so the messages stay ours (the nearest option for a typo, which option lacks a value).
import { parseArgs } from "node:util";
import { closest } from "../diagnostics/did-you-mean";
import { resolveConfigFile } from "../load/find-config";
import type { AirflowEnvLine } from "./airflow-venv";
import { UsageError, type CliArgs } from "./args";

/** How an option is read: a switch, one value, or a value that may be repeated. */
export type OptionKind = "switch" | "value" | "repeated";

/** A command's options by long name ("--tasks"): the kind, or the kind and a one-letter alias ("-o"). */
export type OptionSpecs = Readonly<Record<string, OptionKind | { readonly kind: OptionKind; readonly short: string }>>;

/** A command line as read: options by long name, whichever spelling was used. */
export interface CommandLine {
  readonly switches: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, string>;
  readonly repeated: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
}

/** Reads argv against the command's options; throws UsageError (exit code 2) for anything else. */
export function readCommandLine(argv: readonly string[], specs: OptionSpecs, maxPositionals: number): CommandLine {
  const kindOf = (flag: string) => {
    const spec = specs[flag];
    return typeof spec === "string" ? spec : spec?.kind;
  };
  const options = Object.fromEntries(Object.entries(specs).map(([flag, spec]) => [
    flag.slice(2),
    { type: kindOf(flag) === "switch" ? "boolean" as const : "string" as const, ...(typeof spec === "object" && { short: spec.short }) },
  ]));
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const switches = new Set<string>();
  const values = new Map<string, string>();
  const repeated = new Map<string, string[]>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "option-terminator") continue;
    if (token.kind === "positional") {
      if (positionals.length >= maxPositionals) throw new UsageError(`unexpected argument "${token.value}"`);
      positionals.push(token.value);
      continue;
    }
    const flag = `--${token.name}`;
    const kind = kindOf(flag);
    if (kind === undefined) throw unknownOption(token.rawName, Object.keys(specs));
    if (kind === "switch") {
      if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
      switches.add(flag);
      continue;
    }
    const value = valueOf(token.rawName, token.value, token.inlineValue === true);
    if (kind === "value") values.set(flag, value);
    else repeated.set(flag, [...(repeated.get(flag) ?? []), value]);
  }
  return { switches, values, repeated, positionals };
}

/**
 * An option's value. parseArgs takes the next argument whatever it is; one that starts with "-" is taken for a
 * forgotten value (`--config --format json`), as parseArgs' strict mode does, unless written `--config=-x`.
 */
function valueOf(rawName: string, value: string | undefined, inline: boolean): string {
  // `-o=file` is written as often as `-o file`; parseArgs reads `-o=file` as "=file".
  const given = inline && !rawName.startsWith("--") && value?.startsWith("=") ? value.slice(1) : value;
  if (given === undefined || given === "" || (!inline && given.startsWith("-"))) {
    throw new UsageError(`${rawName} needs a value${given?.startsWith("-") ? `; to give one that starts with "-", write ${rawName}=${given}` : ""}`);
  }
  return given;
}

/** The error for an option the command does not have, with the nearest one it has. */
function unknownOption(rawName: string, known: readonly string[]): UsageError {
  const suggestion = rawName.startsWith("--") ? closest(rawName, known) : undefined;
  return new UsageError(`unknown option "${rawName}"${suggestion ? `; did you mean "${suggestion}"?` : ""}`);
}

/** The options every command has. */
export const HELP_OPTION: OptionSpecs = { "--help": { kind: "switch", short: "h" } };
export const FORMAT_OPTION: OptionSpecs = { "--format": "value" };

/** `--format text|json` (default text). */
export function formatOf(line: CommandLine): "text" | "json" {
  const format = line.values.get("--format") ?? "text";
  if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, not "${format}"`);
  return format;
}

/** `--airflow 3|2` (default 3): the Airflow line of `render` and `env`. */
export function airflowLineOf(line: CommandLine): AirflowEnvLine {
  const airflow = line.values.get("--airflow") ?? "3";
  if (airflow !== "3" && airflow !== "2") throw new UsageError(`--airflow must be 3 or 2, not "${airflow}"`);
  return airflow === "3" ? "airflow3" : "airflow2";
}

/** The command line of a command that reads the project: --config, --format and --help, plus its own. */
export interface ParsedOptions extends CommandLine {
  readonly help: boolean;
  readonly configFile: string;
  readonly format: "text" | "json";
}

/** Reads the options of a command that reads the project (compile, check, ls, plan, graph, render, watch, preflight). */
export function parseVerbOptions(argv: readonly string[], cwd: string, own: OptionSpecs, maxPositionals: number): ParsedOptions {
  const line = readCommandLine(argv, { ...HELP_OPTION, ...FORMAT_OPTION, "--config": { kind: "value", short: "c" }, ...own }, maxPositionals);
  return { ...line, help: line.switches.has("--help"), configFile: resolveConfigFile(line.values.get("--config"), cwd), format: formatOf(line) };
}

/** `compile` and `check`. */
export function parseCompileArgs(argv: readonly string[], cwd = process.cwd()): CliArgs {
  const options = parseVerbOptions(argv, cwd, { "--allow-deletions": "switch", "--no-cache": "switch" }, 0);
  return {
    help: options.help,
    configFile: options.configFile,
    format: options.format,
    allowDeletions: options.switches.has("--allow-deletions"),
    noCache: options.switches.has("--no-cache"),
  };
}

/** `--now <instant>`: the time the schedule is read at (default: the clock), for reproducible output. */
export function nowOption(options: ParsedOptions): Date {
  const text = options.values.get("--now");
  if (text === undefined) return new Date();
  const date = new Date(text);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(text)) throw new UsageError(`--now must be an ISO 8601 date-time such as 2026-05-01T12:00:00Z, not "${text}"`);
  return date;
}
