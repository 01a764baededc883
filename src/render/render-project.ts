import type { Pipeline } from "../model/pipeline";
import { dagView, type DagView } from "./dag-view";
import { loadTemplate } from "./templates";

/** A file the compiler produces: its path under the output folder and its body (the header is added on write). */
export interface OutputFile {
  /** Relative to the output folder, "/" separated, e.g. "dags/nightly_sales_etl.py". */
  readonly path: string;
  /** The pipeline module it came from, relative to the project root. */
  readonly source: string;
  readonly body: string;
}

/** One DAG file per pipeline, named after its DAG id. */
export function renderProject(pipelines: readonly Pipeline[]): OutputFile[] {
  const renderDag = loadTemplate<DagView>("dag");
  return pipelines.map((pipeline) => ({
    path: `dags/${pipeline.dagId}.py`,
    source: pipeline.sourceFile,
    body: renderDag(dagView(pipeline)),
  }));
}
