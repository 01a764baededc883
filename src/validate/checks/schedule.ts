import type { PipelineInput } from "../../dsl/pipeline";
import type { Issue } from "../issue";
import type { AirflowLine } from "../rules/airflow-context";
import { checkCron } from "../rules/cron";

const CRON_HINT =
  'five fields, minute hour day-of-month month day-of-week (and an optional sixth of seconds): numbers, names (jan, mon), ranges, lists and steps, "L" for the last day of the month, "15W" for the weekday nearest the 15th, "fri#3" for the third Friday, "L5" for the last Friday; e.g. "0 2 * * *"';

/** A cron schedule must be one that every targeted Airflow line accepts and can schedule. */
export function checkSchedule(schedule: PipelineInput["options"]["schedule"] | undefined, lines: readonly AirflowLine[]): Issue[] {
  // A malformed schedule object is the schema's to report.
  if (schedule?.kind !== "cron" || typeof schedule.expression !== "string") return [];
  const problem = checkCron(schedule.expression, lines);
  return problem ? [{ code: "invalid-cron", field: ["schedule", "expression"], message: problem, hint: CRON_HINT }] : [];
}
