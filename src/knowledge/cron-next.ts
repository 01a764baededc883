/**
 * When a cron expression fires, in the wall-clock time of the pipeline's timezone (what Airflow's cron timetables
 * compute with croniter): the next fire after a time, and how many fall in a span. Times are local
 * (`LocalDateTime`), so a daily 02:00 stays 02:00 across DST changes, as in Airflow; the hour that does not
 * exist on a spring-forward day is not special-cased (croniter moves it; this counts it where written).
 */

import { firesOnDay } from "./cron-fires";
import { HOUR, type CronValue, type ParsedCron } from "./cron-grammar";
import { compareLocal, type LocalDateTime } from "./dates";

/** croniter searches 50 years before giving up; validation refuses expressions that never fire. */
const SEARCH_DAYS = 50 * 366;

/** The first fire strictly after `after` (or at it, with `inclusive`); undefined when none within 50 years. */
export function nextFire(cron: ParsedCron, after: LocalDateTime, inclusive = false): LocalDateTime | undefined {
  const hours = values(cron.fields[HOUR]!, 0, 23);
  const minutes = values(cron.fields[0]!, 0, 59);
  let day = Date.UTC(after.year, after.month - 1, after.day);
  for (let i = 0; i < SEARCH_DAYS; i++, day += 86_400_000) {
    const date = new Date(day);
    const [year, month, dom] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    if (!firesOnDay(cron, year, month, dom)) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const time = { year, month, day: dom, hour, minute, second: 0 };
        const order = compareLocal(time, after);
        if (order > 0 || (inclusive && order === 0)) return time;
      }
    }
  }
  return undefined;
}

/** How many times it fires in [from, to), counting no further than `limit` (callers print "more than"). */
export function countFires(cron: ParsedCron, from: LocalDateTime, to: LocalDateTime, limit = 100_000): number {
  let count = 0;
  let at = nextFire(cron, from, true);
  while (at && compareLocal(at, to) < 0 && count < limit) {
    count++;
    at = nextFire(cron, at);
  }
  return count;
}

function values(field: readonly CronValue[], low: number, high: number): number[] {
  if (field.includes("*")) return Array.from({ length: high - low + 1 }, (_, i) => low + i);
  return field.filter((v): v is number => typeof v === "number").sort((a, b) => a - b);
}
