import { z } from "zod";
import type { Asset, AssetCondition } from "../../dsl/asset";
import { sanitizeAssetUri } from "../../knowledge/asset-uri";

/**
 * Assets as every stage holds them, whichever kind produces them (pod, Spark) and whatever schedule consumes them.
 * What Airflow refuses of a URI or name is checked per line by src/validate/checks/assets.ts, not here.
 */

/** An `asset(...)` value: its shape only. */
export const assetSchema = z.object({
  kind: z.literal("asset"),
  uri: z.string(),
  name: z.string().optional(),
  group: z.string().optional(),
  extra: z.record(z.string(), z.json()).optional(),
}) as unknown as z.ZodType<Asset>;

/** `asset(...)`, `all(...)`, `any(...)`, nested. */
export const assetConditionSchema: z.ZodType<AssetCondition> = z.lazy(() =>
  z.union([
    assetSchema,
    z.object({ kind: z.literal("all"), of: z.array(assetConditionSchema).min(1) }),
    z.object({ kind: z.literal("any"), of: z.array(assetConditionSchema).min(1) }),
  ]),
) as unknown as z.ZodType<AssetCondition>;

/** A task's `produces`: what its kind's schema accepts, on pods and Spark alike. */
export const producesSchema = z.array(assetSchema);

/** An asset in the model: its URI as Airflow 3 stores it, and what the generated file gives the asset class. */
export interface AssetModel {
  /** The URI as Airflow 3 normalizes it (scheme in lower case, no trailing slash, sorted query): its identity. */
  readonly uri: string;
  /** As written: the generated file passes it to Airflow, which normalizes it on each line its own way. */
  readonly writtenUri: string;
  /** Airflow 3's name: the one given, else the URI as written (what `Asset(uri=...)` does). */
  readonly name: string;
  readonly group?: string;
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** A schedule's asset condition, referring to assets by their (normalized) URI. */
export type AssetConditionModel =
  | { readonly kind: "asset"; readonly uri: string }
  | { readonly kind: "all" | "any"; readonly of: readonly AssetConditionModel[] };

/** The identity of an asset: its URI as Airflow 3 stores it. */
export function assetKey(asset: Pick<Asset, "uri">): string {
  return sanitizeAssetUri(asset.uri, "airflow3").uri;
}

export function assetModel(asset: Pick<Asset, "uri" | "name" | "group"> & { readonly extra?: Readonly<Record<string, unknown>> }): AssetModel {
  return {
    uri: assetKey(asset),
    writtenUri: asset.uri,
    name: asset.name ?? asset.uri,
    ...(asset.group !== undefined && { group: asset.group }),
    ...(asset.extra !== undefined && Object.keys(asset.extra).length > 0 && { extra: sortedJson(asset.extra) as Record<string, unknown> }),
  };
}

export function assetConditionModel(condition: AssetCondition): AssetConditionModel {
  return condition.kind === "asset" ? { kind: "asset", uri: assetKey(condition) } : { kind: condition.kind, of: condition.of.map(assetConditionModel) };
}

/** Every asset of a condition, depth first. */
export function conditionAssets(condition: AssetCondition): Asset[] {
  return condition.kind === "asset" ? [condition] : condition.of.flatMap(conditionAssets);
}

/** Keys sorted at every level: the output does not depend on the order the user wrote them in. */
function sortedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedJson);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortedJson((value as Record<string, unknown>)[k])]));
  }
  return value;
}
