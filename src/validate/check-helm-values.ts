import Ajv, { type ValidateFunction } from "ajv";
import * as fs from "node:fs";
import * as path from "node:path";
import { error, type Diagnostic } from "../diagnostics/diagnostic";

/** The official chart's values schema (chart 1.19.0, see chart/SOURCE.md), compiled once per process. */
let validate: ValidateFunction | undefined;

function chartValidator(): ValidateFunction {
  if (!validate) {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "chart", "values.schema.json"), "utf8")) as object;
    // The chart's schema uses its own keywords (x-docsSection) and formats Helm does not check: not strict.
    validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
  }
  return validate;
}

/**
 * What Helm would say about these values: every violation of the chart's schema, naming the key path, as an
 * error on the values file. The values Helm sees are the base with the environment's overlay merged over it.
 */
export function checkHelmValues(values: unknown, file: string): Diagnostic[] {
  const check = chartValidator();
  if (check(values)) return [];
  return (check.errors ?? []).map((e) => {
    const key = e.instancePath.split("/").slice(1).join(".") || "(top level)";
    const detail = e.keyword === "additionalProperties" ? `${e.message} ("${String(e.params.additionalProperty)}")` : e.message;
    return error("invalid-helm-values", `${file}: ${key}: ${detail}`, {
      path: key,
      hint: "the official chart's values.schema.json refuses this; Helm would fail the install. This is a bug in airflow-ts if the deployment validated: please report it",
    });
  });
}
