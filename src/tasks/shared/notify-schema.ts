import { z } from "zod";
import { addIssue } from "../../diagnostics/issue";
import { hasJinja } from "../../knowledge/jinja/index";
import { checkConnectionId } from "../../knowledge/notifiers";
import { duration } from "./schema-parts";
import type { JsonValue } from "../../dsl/alerts";

/**
 * A connection id: what Airflow accepts, and no Jinja (the notifiers would render it, but the deploy must create
 * the connection, so manifest.json lists it and it has to be known at compile time).
 */
const connection = z.string().superRefine((id, ctx) => {
  if (hasJinja(id)) {
    addIssue(ctx, `connection id ${JSON.stringify(id)} is a template`, { code: "invalid-connection-id", hint: "write the connection id itself: the deploy must create it, so manifest.json lists it" });
    return;
  }
  const problem = checkConnectionId(id);
  if (problem) addIssue(ctx, problem, { code: "invalid-connection-id", hint: 'connection ids are letters, digits and _ # ! ( ) - . : / \\, e.g. "slack_alerts"' });
});

const json: z.ZodType<JsonValue> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]));

const slack = z.strictObject({ kind: z.literal("slack"), connection, text: z.string().min(1), blocks: z.array(z.record(z.string(), json)).optional() });
const email = z.strictObject({
  kind: z.literal("email"),
  connection,
  to: z.array(z.string().min(1)).min(1),
  from: z.string().min(1).optional(),
  subject: z.string().min(1),
  body: z.string(),
});
const webhook = z.strictObject({
  kind: z.literal("webhook"),
  connection,
  endpoint: z.string().optional(),
  method: z.enum(["POST", "PUT"]).optional(),
  json: z.record(z.string(), json).optional(),
  headers: z.record(z.string(), z.string()).optional(),
});

export const notifierSchema = z.discriminatedUnion("kind", [slack, email, webhook], {
  error: () => ({ message: "not a notifier", params: { code: "invalid-notifier", hint: "make it with slack({...}), email({...}) or webhook({...})" } }),
});

/**
 * One item or a list of them, validated to a list. Not a union: a union's error is "matches neither", while this
 * reports what is wrong inside the item or list that was written, at its own path.
 */
function oneOrMany<T extends z.ZodType>(item: T) {
  const many = z.array(item);
  return z.unknown().transform((value, ctx): z.output<T>[] => {
    const parsed = Array.isArray(value) ? many.safeParse(value) : item.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue(issue as never);
      return z.NEVER;
    }
    return Array.isArray(parsed.data) ? parsed.data : [parsed.data as z.output<T>];
  });
}

/** One notifier or a list, validated to a list. */
const notifiers = oneOrMany(notifierSchema);

export const pipelineNotifySchema = z.strictObject({ failure: notifiers.optional(), success: notifiers.optional() });
export const taskNotifySchema = z.strictObject({ failure: notifiers.optional(), retry: notifiers.optional(), success: notifiers.optional() });

const deadline = z.strictObject({ from: z.enum(["queued", "logicalDate"]), after: duration("a deadline's after"), notify: notifiers });
/** One deadline or a list, validated to a list (durations in seconds). */
export const deadlineSchema = oneOrMany(deadline);

/** A notifier as validated: the model holds it as is. */
export type ValidNotifier = z.output<typeof notifierSchema>;
/** A task's notifications, each a list. */
export type ValidTaskNotify = z.output<typeof taskNotifySchema>;
export type ValidPipelineNotify = z.output<typeof pipelineNotifySchema>;
/** A deadline as validated: `after` in seconds. */
export type ValidDeadline = z.output<typeof deadlineSchema>[number];
