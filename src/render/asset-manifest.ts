import type { AssetConditionModel, Pipeline } from "../model/pipeline";

/**
 * A pipeline's assets in manifest.json: what its tasks produce (with the tasks), what its schedule consumes; absent
 * for a pipeline without assets, so manifests of projects without assets do not change.
 */
export function assetManifestEntry(p: Pipeline): { assets?: object } {
  const produces = p.assets
    .map((a) => ({ uri: a.uri, name: a.name, tasks: p.tasks.filter((t) => t.produces?.some((o) => o.uri === a.uri)).map((t) => t.taskId) }))
    .filter((a) => a.tasks.length > 0);
  const consumes = p.schedule.kind === "assets" ? [...new Set(conditionUris(p.schedule.condition))].sort() : [];
  if (produces.length === 0 && consumes.length === 0) return {};
  return { assets: { produces, consumes } };
}

function conditionUris(c: AssetConditionModel): string[] {
  return c.kind === "asset" ? [c.uri] : c.of.flatMap(conditionUris);
}
