import { resolveConfigFile } from "../load/find-config";
import { splitFlag, unknownOption, UsageError } from "./args";

/** How a verb's option is read: a switch, one value, or a value that may be repeated. */
export type OptionKind = "switch" | "value" | "repeated";

export interface ParsedOptions {
  readonly help: boolean;
  readonly configFile: string;
  readonly format: "text" | "json";
  readonly switches: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, string>;
  readonly repeated: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
}

/**
 * The options of the verbs that read the compiled pipelines (ls, plan, graph, render): --config, --format and
 * --help for all, plus the verb's own. Throws UsageError (exit code 2) for anything else.
 */
export function parseVerbOptions(argv: readonly string[], cwd: string, own: Readonly<Record<string, OptionKind>>, maxPositionals: number): ParsedOptions {
  const known = ["--config", "-c", "--format", "--help", "-h", ...Object.keys(own)];
  let help = false;
  let config: string | undefined;
  let format: "text" | "json" = "text";
  const switches = new Set<string>();
  const values = new Map<string, string>();
  const repeated = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = splitFlag(arg);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === "-h" || flag === "--help") help = true;
    else if (flag === "--config" || flag === "-c") config = value();
    else if (flag === "--format") {
      const v = value();
      if (v !== "text" && v !== "json") throw new UsageError(`--format must be text or json, not "${v}"`);
      format = v;
    } else if (own[flag] === "switch" && inline === undefined) switches.add(flag);
    else if (own[flag] === "value") values.set(flag, value());
    else if (own[flag] === "repeated") repeated.set(flag, [...(repeated.get(flag) ?? []), value()]);
    else if (!arg.startsWith("-") && positionals.length < maxPositionals) positionals.push(arg);
    else throw unknownOption(arg, known);
  }
  return { help, configFile: resolveConfigFile(config, cwd), format, switches, values, repeated, positionals };
}

/** `--now <instant>`: the time the schedule is read at (default: the clock), for reproducible output. */
export function nowOption(options: ParsedOptions): Date {
  const text = options.values.get("--now");
  if (text === undefined) return new Date();
  const date = new Date(text);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(text)) throw new UsageError(`--now must be an ISO 8601 date-time such as 2026-05-01T12:00:00Z, not "${text}"`);
  return date;
}
