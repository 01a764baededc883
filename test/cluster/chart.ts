import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { goTool } from "../helpers/local-tools";
import type { KubeObject } from "./objects";

const REPO = path.resolve(__dirname, "..", "..");
/** The official chart 1.19.0, vendored with its postgresql dependency (../shared/airflow-chart/1.19.0/SOURCE.md). */
export const CHART = path.resolve(REPO, "..", "shared", "airflow-chart", "1.19.0", "chart");
export const VALUES_DIR = path.join(REPO, "airflow-helm-values");

/** The base values and each environment's overlay: [name, files in -f order]. */
export function environments(valuesDir = VALUES_DIR): [string, string[]][] {
  const base = path.join(valuesDir, "values.yaml");
  const overlays = fs.readdirSync(valuesDir).filter((f) => /^values-.+\.yaml$/.test(f)).sort();
  return [["base", [base]], ...overlays.map((f): [string, string[]] => [f.slice("values-".length, -".yaml".length), [base, path.join(valuesDir, f)]])];
}

export type Rendered = { ok: true; objects: KubeObject[] } | { ok: false; error: string };

/** `helm template <release> <chart> -n <namespace> -f ...` for Kubernetes 1.33: the objects, or helm's error. */
export function renderChart(release: string, namespace: string, valuesFiles: readonly string[]): Rendered {
  const run = spawnSync(goTool("helm"), ["template", release, CHART, "-n", namespace, ...valuesFiles.flatMap((f) => ["-f", f]), "--kube-version", "1.33.0"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) return { ok: false, error: run.stderr };
  const objects = parseAllDocuments(run.stdout)
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null && typeof o === "object" && "kind" in o);
  return { ok: true, objects };
}

/** The KubernetesExecutor's worker pod template, as the chart renders it into its config ConfigMap. */
export function workerPodTemplate(objects: readonly KubeObject[]): KubeObject | undefined {
  for (const o of objects) {
    const text = o.kind === "ConfigMap" ? (o.data?.["pod_template_file.yaml"] as string | undefined) : undefined;
    if (text) return parse(text) as KubeObject;
  }
  return undefined;
}
