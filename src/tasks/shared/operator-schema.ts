import { z } from "zod";
import { taskSettingsShape } from "../container/schema";
import { duration } from "./schema-parts";

/**
 * The zod shape of OperatorSettings (shared/operator-settings.ts): BaseOperator's settings as a pod checks them,
 * without the Kubernetes ones, so a wait or trigger refuses `image` or `resources` as an unknown option.
 */
export const operatorSettingsShape = {
  owner: taskSettingsShape.owner,
  retries: taskSettingsShape.retries,
  retryDelay: taskSettingsShape.retryDelay,
  retryExponentialBackoff: taskSettingsShape.retryExponentialBackoff,
  maxRetryDelay: taskSettingsShape.maxRetryDelay,
  executionTimeout: taskSettingsShape.executionTimeout,
  pool: taskSettingsShape.pool,
  poolSlots: taskSettingsShape.poolSlots,
  priorityWeight: taskSettingsShape.priorityWeight,
  doc: z.string().optional(),
  triggerRule: z
    .enum(["all_success", "all_failed", "all_done", "all_skipped", "one_success", "one_failed", "one_done", "none_failed", "none_skipped", "none_failed_min_one_success", "always"])
    .optional(),
};

/** BaseSensorOperator's settings (shared by every wait). */
export const sensorSettingsShape = {
  ...operatorSettingsShape,
  timeout: duration("timeout").optional(),
  pokeInterval: duration("pokeInterval").optional(),
  mode: z.enum(["poke", "reschedule"]).optional(),
  softFail: z.boolean().optional(),
  deferrable: z.boolean().optional(),
};
