import { pipelineGraph } from "../graph/graph-model";
import { layoutGraph } from "../graph/layout";
import { graphSvg } from "../graph/svg";
import type { ClusterObjects } from "../model/cluster-objects";
import type { DeploymentNeeds } from "../model/deployment-needs";
import type { Pipeline } from "../model/pipeline";
import type { LinkSettings } from "../model/plugin-links";
import { dagView, type DagView } from "./dag-view";
import { manifestJson } from "./manifest-json";
import { pluginFile } from "./plugin";
import type { OutputFile } from "./output-file";
import { loadTemplate } from "./templates";

/** One DAG file per pipeline, named after its DAG id. */
export function renderDags(pipelines: readonly Pipeline[]): OutputFile[] {
  const renderDag = loadTemplate<DagView>("dag");
  return pipelines.map((pipeline) => ({
    path: `dags/${pipeline.dagId}.py`,
    source: pipeline.sourceFile,
    body: renderDag(dagView(pipeline)),
  }));
}

/**
 * What every project gets: the DAG files, manifest.json (which records each DAG file's content hash) and the
 * Airflow plugin that reads it.
 */
export function renderProject(
  pipelines: readonly Pipeline[],
  objects: ClusterObjects,
  links: LinkSettings,
  configSource: string,
  deployment?: DeploymentNeeds,
  options: {
    readonly graphs?: boolean;
    /** The DAG files, one per pipeline in the same order, when they were rendered already (the per-pipeline cache). */
    readonly rendered?: readonly OutputFile[];
  } = {},
): OutputFile[] {
  const dags = options.rendered ? [...options.rendered] : renderDags(pipelines);
  const graphs = options.graphs ? pipelines.map(graphFile) : [];
  return [...dags, pluginFile(), ...graphs, { path: "manifest.json", source: configSource, body: manifestJson(pipelines, objects, links, dags, deployment) }];
}

/** The pipeline's picture for the plugin's Pipelines page: the same SVG `airflow-ts graph <dag_id>` draws. */
function graphFile(pipeline: Pipeline): OutputFile {
  return { path: `graphs/${pipeline.dagId}.svg`, source: pipeline.sourceFile, body: graphSvg(layoutGraph(pipelineGraph(pipeline))) };
}
