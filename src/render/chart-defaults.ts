import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** The chart's own values.yaml (chart 1.19.0, vendored next to its schema), parsed once per process. */
let defaults: unknown;

function chartDefaults(): unknown {
  if (defaults === undefined) defaults = parse(fs.readFileSync(path.join(__dirname, "..", "validate", "chart", "values.yaml"), "utf8")) as unknown;
  return defaults;
}

/**
 * The chart's default at a key path: `undefined` when the chart has no such key (a key only airflow-ts writes),
 * `null` when the chart's default is `~`.
 */
export function chartDefault(keys: readonly string[]): unknown {
  let at: unknown = chartDefaults();
  for (const key of keys) {
    if (typeof at !== "object" || at === null || Array.isArray(at) || !(key in at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}
