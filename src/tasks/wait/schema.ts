import { z } from "zod";
import { addIssue } from "../../diagnostics/issue";
import { isPipelineInput } from "../../dsl/pipeline";
import { handleOf, type PipelineRef } from "../shared/pipeline-reference";
import { sensorSettingsShape } from "../shared/operator-schema";
import { duration } from "../shared/schema-parts";
import { assetSchema } from "../shared/assets";

/** A time of day as its parts. */
export interface TimeOfDayParts {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/** "06:00" or "23:30:15" as its parts, or undefined when it is not a time of day. */
export function parseTimeOfDay(text: string): TimeOfDayParts | undefined {
  const match = TIME.exec(text);
  if (!match) return undefined;
  const [hour, minute, second] = [Number(match[1]), Number(match[2]), Number(match[3] ?? "0")];
  return hour <= 23 && minute <= 59 && second <= 59 ? { hour, minute, second } : undefined;
}

/** The other pipeline, reduced to its DAG id: the project check (checks.ts) looks the rest up in the project. */
const pipelineHandle = z
  .custom<PipelineRef>((value) => isPipelineInput(handleOf(value)), { message: "waitFor takes a pipeline (the default export of another pipeline module, imported) or delta(...)" })
  .transform((ref) => ({ dagId: ref.dagId }));

const timeOfDay = z.string().transform((value, ctx) => {
  const parts = parseTimeOfDay(value);
  if (!parts) {
    addIssue(ctx, `"${value}" is not a time of day`, { code: "invalid-time-of-day", hint: 'write 24-hour "HH:MM" or "HH:MM:SS", e.g. "06:00"' });
    return z.NEVER;
  }
  return parts;
});

/** The options the wait kind records, by what it waits for. */
export const waitTaskSchema = z.discriminatedUnion("on", [
  z.strictObject({ on: z.literal("pipeline"), pipeline: pipelineHandle, task: z.string().min(1).optional(), offset: duration("offset", { allowZero: true }).optional(), ...sensorSettingsShape }),
  z.strictObject({ on: z.literal("time"), time: timeOfDay, ...sensorSettingsShape }),
  z.strictObject({ on: z.literal("delta"), delta: duration("delta"), ...sensorSettingsShape }),
  // What Airflow refuses of the asset's URI or name is checked per line with the other assets (validate/checks/assets.ts).
  z.strictObject({ on: z.literal("asset"), asset: assetSchema, ...sensorSettingsShape }),
]);

export type ValidWaitTaskOptions = z.output<typeof waitTaskSchema>;
