import { z } from "zod";
import { addIssue } from "../../diagnostics/issue";
import { normalizeCron } from "../../knowledge/cron";
import { isTimeZone, parseLocalDateTime } from "../../knowledge/dates";
import { duration, positiveInt } from "../../tasks/shared/schema-parts";
import { taskSettingsSchema, volumeClaim } from "../../tasks/container/schema";
import { assetConditionSchema } from "../../tasks/shared/assets";
import { deadlineSchema, pipelineNotifySchema } from "../../tasks/shared/notify-schema";

/** DAG and task ids: what Airflow's `validate_key` accepts, limited to ASCII so file names stay portable. */
export const AIRFLOW_ID = /^[A-Za-z0-9_.-]+$/;

export const airflowId = (what: "DAG" | "task") =>
  z.string().superRefine((id, ctx) => {
    if (!AIRFLOW_ID.test(id) || id.length > 250) {
      addIssue(ctx, `${what} id ${JSON.stringify(id)} is invalid`, {
        code: `invalid-${what.toLowerCase()}-id`,
        hint: `${what} ids are 1 to 250 of letters, digits, "_", "-" and "."; e.g. ${JSON.stringify(id.replace(/[^A-Za-z0-9_.-]+/g, "_").slice(0, 250) || "my_id")}`,
      });
    }
  });

/** A date, or a date and time, validated to its fields. */
const dateString = z.string().transform((value, ctx) => {
  const date = parseLocalDateTime(value);
  if (!date) {
    addIssue(ctx, `"${value}" is not a valid date`, { code: "invalid-date", hint: 'write "2026-01-01" or "2026-01-01T06:30"' });
    return z.NEVER;
  }
  return date;
});

const cronSchedule = z.object({
  kind: z.literal("cron"),
  dataInterval: z.boolean(),
  // What Airflow makes of it depends on the targeted lines: checked by checkSchedule. Validated to the
  // expression the DAG file gets (presets expanded).
  expression: z.string().transform(normalizeCron),
});

const schedule = z.discriminatedUnion("kind", [
  cronSchedule,
  z.object({ kind: z.literal("interval"), dataInterval: z.boolean(), every: duration("the interval") }),
  z.object({ kind: z.literal("preset"), preset: z.enum(["@once", "@continuous", "none"]) }),
  // What Airflow refuses of the assets is checked per line by checkAssets.
  z.object({ kind: z.literal("assets"), condition: assetConditionSchema, orCron: cronSchedule.optional(), partitioned: z.boolean().optional() }),
]);

export const pipelineSchema = z.strictObject({
  id: airflowId("DAG"),
  description: z.string().optional(),
  docs: z.string().optional(),
  owner: z.string().min(1).optional(),
  tags: z.array(z.string().min(1).max(100)).optional(),
  schedule,
  start: dateString,
  end: dateString.optional(),
  timezone: z
    .string()
    .superRefine((tz, ctx) => {
      if (!isTimeZone(tz)) addIssue(ctx, `"${tz}" is not an IANA timezone`, { code: "invalid-timezone", hint: 'e.g. "UTC", "Europe/Berlin", "America/New_York"' });
    })
    .optional(),
  catchup: z.boolean(),
  maxActiveRuns: positiveInt.optional(),
  maxActiveTasks: positiveInt.optional(),
  runTimeout: duration("runTimeout").optional(),
  pausedOnCreation: z.boolean().optional(),
  defaults: taskSettingsSchema.optional(),
  notify: pipelineNotifySchema.optional(),
  deadline: deadlineSchema.optional(),
  volumes: z.array(volumeClaim).optional(),
  // Any copy of zod (the user's own, or airflow-ts's `z`): recognised by shape, not by class.
  params: z
    .custom<z.ZodObject>((v) => typeof v === "object" && v !== null && (v as { _zod?: { def?: { type?: string } } })._zod?.def?.type === "object", {
      params: { code: "invalid-params", hint: 'a zod object: params: z.object({ region: z.enum(["emea", "amer"]).default("emea") })' },
      message: "params must be a zod object schema",
    })
    .optional(),
});
