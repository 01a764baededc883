import { AIRFLOW_LINES, ALL_LINES, type AirflowLine } from "../knowledge/airflow-lines";
import { sanitizeAssetUri } from "../knowledge/asset-uri";
import { jinjaString } from "./context";

/** A JSON value, as an asset's `extra` holds them. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** What an asset is besides its URI. */
export interface AssetOptions {
  /**
   * The asset's name in Airflow 3's UI and API (Airflow 2.11's datasets have none: there the URI is all).
   * @default the URI
   * @example "warehouse.sales_daily"
   */
  readonly name?: string;
  /** The asset's group in Airflow 3's UI. @default "asset" @example "warehouse" */
  readonly group?: string;
  /** JSON stored with the asset (not with its events). @default {} @example { owner: "sales" } */
  readonly extra?: { readonly [key: string]: JsonValue };
}

/**
 * A piece of data that tasks produce and pipelines are scheduled on: an Airflow 3 `Asset`, an Airflow 2.11
 * `Dataset`. Declare it once (a module-level constant shared by the producer and the consumers) with {@link asset}.
 */
export interface Asset extends AssetOptions {
  readonly kind: "asset";
  /** Where the data is, as a URI: `s3://lake/sales/daily`, `postgres://warehouse/public/sales`. */
  readonly uri: string;
}

/**
 * Declares an asset (Airflow 3) / dataset (2.11) by its URI. A task lists what it writes in `produces`; a pipeline
 * scheduled `onAssets(...)` runs when it has been updated.
 * @example export const salesDaily = asset("s3://lake/sales/daily", { name: "sales_daily", group: "warehouse" });
 */
export function asset(uri: string, options: AssetOptions = {}): Asset {
  return { kind: "asset", uri, ...options };
}

/** What a task that writes assets declares; every kind that runs user code takes it. */
export interface ProducesOption {
  /**
   * The assets this task updates: when it succeeds, Airflow records an event for each (its `outlets`), and the
   * pipelines scheduled on them run.
   * @default []
   * @example produces: [salesDaily]
   */
  readonly produces?: readonly Asset[];
}

/** Assets combined: every one updated (`all`), or any one (`any`). Conditions nest. */
export interface AssetAll {
  readonly kind: "all";
  readonly of: readonly AssetCondition[];
}
export interface AssetAny {
  readonly kind: "any";
  readonly of: readonly AssetCondition[];
}
export type AssetCondition = Asset | AssetAll | AssetAny;

/**
 * Runs once every one of these has been updated since the last run (Airflow's `AssetAll`, or `a & b`).
 * @example onAssets(all(orders, customers))
 */
export function all(...of: readonly AssetCondition[]): AssetAll {
  return { kind: "all", of };
}

/**
 * Runs when any one of these has been updated (Airflow's `AssetAny`, or `a | b`).
 * @example onAssets(all(orders, any(customersEu, customersUs)))
 */
export function any(...of: readonly AssetCondition[]): AssetAny {
  return { kind: "any", of };
}

/** Templates reading the latest event of one asset among those that triggered the run. */
export interface TriggeringEvents {
  /**
   * A key of the event's `extra` (what the producing task attached to the event).
   * @example args: ["--rows", triggeringEvents(salesDaily).extra("rows")]
   */
  extra(key: string): string;
  /** The DAG id of the run that produced the event. */
  readonly sourceDagId: string;
  /** The run id of the run that produced the event. */
  readonly sourceRunId: string;
  /** When the event was recorded. */
  readonly timestamp: string;
}

/**
 * The latest event of `a` among those that triggered this run, as templates for any templated field. The context
 * name differs per line (`triggering_asset_events` on Airflow 3, `triggering_dataset_events` on 2.11, keyed by
 * asset on one and by URI on the other): the template picks the one its Airflow has, so the same DAG file works on
 * both. In a run that `a` did not trigger (a manual run, a cron run of `orCron`), each renders as "".
 * @example env: { SOURCE_RUN: triggeringEvents(salesDaily).sourceRunId }
 */
export function triggeringEvents(a: Asset): TriggeringEvents {
  // The latest event's field, or "" in a run the asset did not trigger (a manual run, a scheduled one with orCron).
  const field = (name: string) => `{{ ${events(a.uri)} | map(attribute='${name}') | list | last | default('', true) }}`;
  return {
    extra: (key) => `{{ (${events(a.uri)} | map(attribute='extra') | list | last | default({}, true)).get(${jinjaString(key)}, '') }}`,
    sourceDagId: field("source_dag_id"),
    sourceRunId: field("source_run_id"),
    timestamp: field("timestamp"),
  };
}

/**
 * The events of the asset with this URI that triggered the run (a list, empty when none), on whichever line renders
 * it: `X if name is defined else Y`, which the template check reads as "X where the line has `name`, Y where not".
 */
function events(uri: string): string {
  const [newest, older] = ALL_LINES as readonly [AirflowLine, AirflowLine];
  const expression = (line: AirflowLine) => {
    const { name, keyedBy } = AIRFLOW_LINES[line].assets.triggeringEvents;
    // The events are keyed by the URI as the line stores it, not as written.
    const stored = sanitizeAssetUri(uri, line).uri;
    // Keyed by Asset objects on Airflow 3, which a template cannot build: select the entry by its key's URI.
    // 2.11's mapping is a defaultdict(list): a URI without events gives [].
    return keyedBy === "uri"
      ? `${name}[${jinjaString(stored)}]`
      : `(${name}.items() | selectattr('0.uri', 'equalto', ${jinjaString(stored)}) | map(attribute='1') | sum(start=[]))`;
  };
  return `(${expression(newest)} if ${AIRFLOW_LINES[newest].assets.triggeringEvents.name} is defined else ${expression(older)})`;
}
