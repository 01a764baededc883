import type { AssetConditionModel, AssetScheduleModel, Pipeline } from "../model/pipeline";

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

/** `s3://a & (s3://b | s3://c)`, as Airflow's own condition operators write it. */
export function assetConditionText(c: AssetConditionModel, nested = false): string {
  if (c.kind === "asset") return c.uri;
  const text = c.of.map((inner) => assetConditionText(inner, true)).join(c.kind === "all" ? " & " : " | ");
  return nested && c.of.length > 1 ? `(${text})` : text;
}

/** The schedule as an engineer reads it on the Pipelines page. */
export function assetScheduleText(s: AssetScheduleModel): string {
  const on = `${s.partitioned ? "partitions of " : ""}${assetConditionText(s.condition)}`;
  return s.orCron ? `on ${on}, or ${s.orCron.expression}` : `on ${on}`;
}
