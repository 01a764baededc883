/**
 * Cron expressions as Airflow reads them: the expression a pipeline writes, what the DAG file gets, and whether
 * Airflow accepts and can schedule it (the grammar is in cron-grammar.ts, the calendar in cron-fires.ts).
 */

import { firesEver } from "./cron-fires";
import { DAY, DOW, HOUR, MONTH, parseCron } from "./cron-grammar";
import { lineName, type AirflowLine } from "./airflow-lines";

/** airflow-ts's presets, expanded before the expression reaches the DAG file (Airflow 3's SDK lacks some). */
const PRESETS: Record<string, string> = {
  "@hourly": "0 * * * *",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@weekly": "0 0 * * 0",
  "@monthly": "0 0 1 * *",
  "@quarterly": "0 0 1 */3 *",
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
};

/** The expression written to the DAG file: presets such as "@daily" expanded, whitespace collapsed. */
export function normalizeCron(expression: string): string {
  const trimmed = expression.trim().replace(/\s+/g, " ");
  return PRESETS[trimmed.toLowerCase()] ?? trimmed;
}

/**
 * Why the targeted Airflow lines refuse a cron expression, naming them, or undefined when they accept it and can
 * schedule it. Both lines run croniter 7.0.0 behind the same validation (test/airflow/cron.test.ts proves their
 * verdicts agree on every expression it tries), so one reading serves both.
 */
export function checkCron(expression: string, lines: readonly AirflowLine[]): string | undefined {
  const parsed = parseCron(normalizeCron(expression));
  const who = lines.map(lineName).join(" and ");
  if ("error" in parsed) return `${who} refuse${lines.length === 1 ? "s" : ""} the cron expression "${expression}": ${parsed.error}`;
  if (!firesEver(parsed)) return `the cron expression "${expression}" never fires: no date matches its day-of-month, month and day-of-week fields, and the scheduler of ${who} fails on such a DAG`;
  return undefined;
}

/**
 * Whether Airflow's `CronDataIntervalTimetable` breaks on this expression in a timezone with DST. For an expression
 * whose hour field is every hour, Airflow (`_covers_every_hour` in airflow/timetables/_cron.py, both lines) adds
 * the wall-clock distance to the next run to the current time; when the gap between two runs spans the autumn
 * change, the result lands an hour off the schedule. The data-interval timetable then cannot advance: Airflow 3
 * raises "did not advance past ... after one retry", Airflow 2.11 plans the same run again and again. Gaps that
 * long need the day fields (or months) to skip days, so that is what is looked for. The trigger timetable is
 * not affected (test/airflow/cron.test.ts compares both on both lines across the changes).
 */
export function breaksDataIntervalOnDst(expression: string): boolean {
  const parsed = parseCron(normalizeCron(expression));
  if ("error" in parsed) return false;
  const everyHour = parsed.fields[HOUR]![0] === "*";
  const skipsDays = [DAY, MONTH, DOW].some((f) => parsed.fields[f]![0] !== "*") || parsed.nthWeekdays.size > 0 || parsed.nearestWeekdays.size > 0;
  return everyHour && skipsDays;
}
