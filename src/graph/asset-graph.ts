import type { AssetConditionModel, Pipeline } from "../model/pipeline";

/** graph-model.ts's GraphNode and GraphEdge, as this module fills them (graph-model imports this one). */
interface AssetNode {
  readonly id: string;
  readonly title: string;
  readonly details: readonly string[];
  readonly mapped: false;
}
interface Edge {
  readonly from: string;
  readonly to: string;
}

/** Asset boxes' ids: apart from DAG ids, which cannot hold ":". */
const assetId = (uri: string) => `asset:${uri}`;

/**
 * The assets between a project's pipelines: a box per asset that some pipeline produces or is scheduled on, an
 * edge from each producing pipeline to it and from it to each pipeline scheduled on it. Sorted, so the picture is
 * the same for the same project.
 */
export function assetGraph(pipelines: readonly Pipeline[]): { nodes: AssetNode[]; edges: Edge[] } {
  const assets = new Map<string, { name: string; uri: string }>();
  const edges: Edge[] = [];
  for (const p of [...pipelines].sort((a, b) => (a.dagId < b.dagId ? -1 : 1))) {
    for (const a of p.assets) if (!assets.has(a.uri)) assets.set(a.uri, { name: a.name, uri: a.uri });
    const produced = new Set(p.tasks.flatMap((t) => (t.produces ?? []).map((a) => a.uri)));
    for (const uri of [...produced].sort()) edges.push({ from: p.dagId, to: assetId(uri) });
    if (p.schedule.kind === "assets") for (const uri of [...new Set(uris(p.schedule.condition))].sort()) edges.push({ from: assetId(uri), to: p.dagId });
  }
  const nodes = [...assets.values()]
    .sort((a, b) => (a.uri < b.uri ? -1 : 1))
    .map((a): AssetNode => ({ id: assetId(a.uri), title: a.name, details: a.name === a.uri ? ["asset"] : ["asset", a.uri], mapped: false }));
  return { nodes, edges };
}

function uris(c: AssetConditionModel): string[] {
  return c.kind === "asset" ? [c.uri] : c.of.flatMap(uris);
}
