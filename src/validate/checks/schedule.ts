import type { PipelineInput } from "../../tasks";
import type { Issue } from "../../diagnostics/issue";
import { lineName, type AirflowLine } from "../../knowledge/airflow-lines";
import { breaksDataIntervalOnDst, checkCron } from "../../knowledge/cron";
import { formatLocal, instantOf, instantsOf, localTimeAt, observesDst, type LocalDateTime } from "../../knowledge/dates";

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

/**
 * A start or end the timezone's clocks skip (spring forward) names no instant: pendulum, which the DAG file calls,
 * moves it forward by the change without a word, so the pipeline would start (or stop) at a time nobody wrote. An
 * error, with the time Airflow would use as the hint. A time the clocks repeat (autumn) is the later of the two on
 * both lines: a warning says which.
 */
export function checkLocalTimes(dates: { readonly start: LocalDateTime; readonly end?: LocalDateTime }, timezone: string): Issue[] {
  return (["start", "end"] as const).flatMap((field): Issue[] => {
    const date = dates[field];
    if (date === undefined) return [];
    const instants = instantsOf(date, timezone);
    const written = formatLocal(date);
    const utc = (d: Date) => d.toISOString().replace(/\.000Z$/, "Z");
    if (instants.length === 0) {
      const used = instantOf(date, timezone);
      return [{
        code: "nonexistent-local-time",
        field: [field],
        message: `${written} does not exist in ${timezone}: the clocks skip it that day (daylight saving time), and Airflow would silently use ${formatLocal(localTimeAt(used, timezone))} (${utc(used)}) instead`,
        hint: `write a time that exists, e.g. ${formatLocal(localTimeAt(used, timezone))}, or use a timezone without DST such as "UTC"`,
      }];
    }
    if (instants.length === 2) {
      return [{
        code: "ambiguous-local-time",
        severity: "warning",
        field: [field],
        message: `${written} happens twice in ${timezone} (the clocks go back that day): Airflow uses the second, ${utc(instants[1]!)}, not ${utc(instants[0]!)}`,
        hint: `write a time outside the repeated hour, or use a timezone without DST such as "UTC"`,
      }];
    }
    return [];
  });
}
