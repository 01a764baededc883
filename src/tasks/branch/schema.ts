import { z } from "zod";
import { taskSettingsShape } from "../container/schema";

const { owner, retries, retryDelay, retryExponentialBackoff, maxRetryDelay, executionTimeout, pool, poolSlots, priorityWeight } = taskSettingsShape;

/** A branch as the builder records it: its settings as the user wrote them, its field and cases as built. */
export const branchTaskSchema = z.strictObject({
  owner,
  retries,
  retryDelay,
  retryExponentialBackoff,
  maxRetryDelay,
  executionTimeout,
  pool,
  poolSlots,
  priorityWeight,
  doc: z.string().optional(),
  triggerRule: z
    .enum(["all_success", "all_failed", "all_done", "all_skipped", "one_success", "one_failed", "one_done", "none_failed", "none_skipped", "none_failed_min_one_success", "always"])
    .optional(),
  ignoreDownstreamTriggerRules: z.boolean().optional(),
  mode: z.enum(["when", "switch", "continueIf"]),
  on: z.string(),
  field: z.object({ taskId: z.string(), path: z.array(z.string()), schema: z.custom<z.ZodType>((value) => value instanceof z.ZodType), ref: z.string() }).optional(),
  cases: z.array(z.object({ label: z.string(), taskIds: z.array(z.string()).optional() })),
});
