import { z } from "zod";
import { addIssue } from "../../diagnostics/issue";
import { env, envSource, image, mount, taskSettingsShape } from "../container/schema";
import { producesSchema } from "../shared/assets";

/** A task's result: a zod schema of JSON (what the container writes), so one JSON Schema can describe it. */
const result = z.custom<z.ZodType>((value) => value instanceof z.ZodType, { message: "result must be a zod schema, e.g. z.object({ rows: z.number() })" }).superRefine((schema, ctx) => {
  try {
    z.toJSONSchema(schema, { unrepresentable: "throw", io: "output" });
  } catch (error) {
    addIssue(ctx, `the result schema cannot describe JSON: ${(error as Error).message}`, { code: "invalid-result", hint: "a result is the JSON in /airflow/xcom/return.json: use objects, arrays, strings, numbers, booleans and null" });
  }
});

/** The options of `p.pod(...)` and of what `p.map(...)`'s callback returns. */
export const podTaskSchema = z.strictObject({
  ...taskSettingsShape,
  image,
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  env: env.optional(),
  envFrom: z.array(envSource).optional(),
  mounts: z.array(mount).optional(),
  doc: z.string().optional(),
  result: result.optional(),
  produces: producesSchema.optional(),
  triggerRule: z
    .enum(["all_success", "all_failed", "all_done", "all_skipped", "one_success", "one_failed", "one_done", "none_failed", "none_skipped", "none_failed_min_one_success", "always"])
    .optional(),
});
