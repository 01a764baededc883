import type { FieldPath } from "../../diagnostics/source-location";
import type { SparkTaskOptions } from "./options";

/** Options that never reach the SparkApplication: Airflow does not render them. */
const NOT_IN_APPLICATION = new Set(["doc", "owner", "pool", "triggerRule", "produces", "cleanup", "retryDelay", "maxRetryDelay", "executionTimeout", "startupTimeout"]);
/** Parts of a volume handle that are not written into the SparkApplication. */
const NOT_WRITTEN = new Set(["location", "create"]);

/**
 * The strings of a Spark task that Airflow renders with Jinja, with their option paths. `template_spec` is a
 * template field of SparkKubernetesOperator and Airflow renders every string inside it, however deep (dict
 * keys are not rendered), and `namespace` is one too: so every option value that lands in the
 * SparkApplication is a template.
 */
export function sparkTemplatedStrings(options: Partial<SparkTaskOptions>): [FieldPath, string][] {
  const found: [FieldPath, string][] = [];
  const walk = (path: FieldPath, value: unknown) => {
    if (typeof value === "string") found.push([path, value]);
    else if (Array.isArray(value)) value.forEach((item, i) => walk([...path, i], item));
    else if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) if (!NOT_WRITTEN.has(key) && typeof child !== "function") walk([...path, key], child);
    }
  };
  for (const [key, value] of Object.entries(options)) if (!NOT_IN_APPLICATION.has(key)) walk([key], value);
  return found;
}
