import type { PipelineInput } from "../../tasks";
import type { Issue } from "../../diagnostics/issue";
import { lineName, type AirflowLine } from "../../knowledge/airflow-lines";
import { breaksDataIntervalOnDst, checkCron } from "../../knowledge/cron";
import { observesDst } from "../../knowledge/dates";

const CRON_HINT =
  'five fields, minute hour day-of-month month day-of-week (and an optional sixth of seconds): numbers, names (jan, mon), ranges, lists and steps, "L" for the last day of the month, "15W" for the weekday nearest the 15th, "fri#3" for the third Friday, "L5" for the last Friday; e.g. "0 2 * * *"';

/**
 * A cron schedule must be one that every targeted Airflow line accepts and can schedule; a data-interval cron that
 * Airflow mis-schedules across a DST change gets a warning.
 */
export function checkSchedule(options: Partial<PipelineInput["options"]>, lines: readonly AirflowLine[]): Issue[] {
  const { schedule } = options;
  // A malformed schedule object is the schema's to report.
  if (schedule?.kind !== "cron" || typeof schedule.expression !== "string") return [];
  const problem = checkCron(schedule.expression, lines);
  if (problem) return [{ code: "invalid-cron", field: ["schedule", "expression"], message: problem, hint: CRON_HINT }];
  const timezone = typeof options.timezone === "string" ? options.timezone : "UTC";
  if (schedule.dataInterval === true && observesDst(timezone) && breaksDataIntervalOnDst(schedule.expression)) {
    return [{
      code: "cron-breaks-on-dst",
      severity: "warning",
      field: ["schedule", "expression"],
      message: `"${schedule.expression}" runs every hour on some days only, and ${timezone} changes its clocks: ${lines.map(lineName).join(" and ")} mis-${lines.length === 1 ? "schedules" : "schedule"} such a data-interval cron once a gap between two runs spans the autumn change (Airflow 3 stops with "did not advance", Airflow 2.11 repeats one run)`,
      hint: `drop { dataInterval: true } (the trigger timetable is not affected), or use a timezone without DST such as "UTC"`,
    }];
  }
  return [];
}
