import type { ClusterObjects } from "../model/cluster-objects";
import type { Pipeline } from "../model/pipeline";

/**
 * generated/manifest.json: every object outside the DAG files that the DAGs depend on, and who uses it; plus
 * the compiled pipelines, for tools (the Airflow plugin's Pipelines page) that need them without parsing Python.
 */
export function manifestJson(pipelines: readonly Pipeline[], objects: ClusterObjects): string {
  const manifest = {
    generatedBy: "airflow-ts",
    pipelines: pipelines.map((p) => ({ dagId: p.dagId, source: `${p.sourceFile}:${p.sourceLine}`, file: `dags/${p.dagId}.py`, tasks: p.tasks.map((t) => ({ taskId: t.taskId, image: t.image, source: `${p.sourceFile}:${t.sourceLine}` })) })),
    dependsOn: objects,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
