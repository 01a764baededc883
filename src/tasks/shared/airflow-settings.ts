import type { TriggerRule } from "../../dsl/task-settings";
import { freeText } from "../../knowledge/free-text";
import type { BuildContext, TaskModelBase } from "../task-kind";
import { assetModel, type AssetModel } from "./assets";
import { definedOnly } from "./records";
import type { ValidTaskSettings } from "./validated";

/** The Airflow settings of every operator (BaseOperator's), as the model holds them. */
export type AirflowSettingsModel = Pick<
  TaskModelBase,
  "owner" | "doc" | "retries" | "retryDelaySeconds" | "retryExponentialBackoff" | "maxRetryDelaySeconds" | "executionTimeoutSeconds" | "pool" | "poolSlots" | "priorityWeight" | "triggerRule" | "produces" | "notify"
>;

/** What a task of any kind may set of BaseOperator's settings (durations already in seconds). */
type OwnSettings = Partial<Pick<ValidTaskSettings, "owner" | "retries" | "retryDelay" | "retryExponentialBackoff" | "maxRetryDelay" | "executionTimeout" | "pool" | "poolSlots" | "priorityWeight" | "notify">> & {
  readonly doc?: string;
  readonly triggerRule?: TriggerRule;
  /** The assets it updates (`outlets`), as the schema returned them. */
  readonly produces?: readonly Parameters<typeof assetModel>[0][];
};

/**
 * The task's BaseOperator settings: its own value, else the pipeline's `defaults`, else (owner only) the pipeline's
 * owner; unset ones are left out, so Airflow's own defaults apply. One resolution for every kind, so a default means
 * the same on a pod, a Spark application or a sensor.
 */
export function airflowSettingsModel(own: OwnSettings, { defaults, owner }: Pick<BuildContext, "defaults" | "owner">): AirflowSettingsModel {
  const pick = <K extends keyof OwnSettings & keyof ValidTaskSettings>(key: K) => own[key] ?? defaults[key];
  return definedOnly({
    owner: own.owner ?? defaults.owner ?? owner,
    doc: freeText(own.doc),
    retries: pick("retries"),
    retryDelaySeconds: pick("retryDelay"),
    retryExponentialBackoff: pick("retryExponentialBackoff"),
    maxRetryDelaySeconds: pick("maxRetryDelay"),
    executionTimeoutSeconds: pick("executionTimeout"),
    pool: pick("pool"),
    poolSlots: pick("poolSlots"),
    priorityWeight: pick("priorityWeight"),
    triggerRule: own.triggerRule,
    // Each asset once, in the order written: Airflow records one event per outlet.
    produces: own.produces && own.produces.length > 0 ? uniqueByUri(own.produces.map(assetModel)) : undefined,
    // A task's notify replaces the defaults' as a whole: "no success alert here" is `notify: { failure: [...] }`.
    notify: pick("notify"),
  });
}

function uniqueByUri(assets: readonly AssetModel[]): AssetModel[] {
  const seen = new Set<string>();
  return assets.filter((a) => !seen.has(a.uri) && seen.add(a.uri));
}
