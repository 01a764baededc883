/**
 * Whether a parsed cron expression ever fires, the way croniter 7.0.0 searches for its next date. croniter gives up
 * after 50 years without a match, and Airflow's scheduler then fails on the DAG ("failed to find next date"), so an
 * expression naming no real date (`0 0 30 2 *`) is an error although Airflow's own validation lets it through.
 *
 * Hours, minutes and seconds always have a value; only days can fail to exist. Day patterns repeat every 28 years
 * between 1901 and 2099 (weekdays and leap years together), so one such cycle is searched: whatever matches in it
 * matches within 28 years of any start, well inside croniter's 50.
 */

import { DAY, DOW, MONTH, type CronValue, type ParsedCron } from "./cron-grammar";

const CYCLE_START = 2028;
const CYCLE_YEARS = 28;

export function firesEver(cron: ParsedCron): boolean {
  const dayRestricted = cron.fields[DAY]![0] !== "*";
  const weekdayRestricted = cron.fields[DOW]![0] !== "*";
  if (!(dayRestricted && weekdayRestricted)) return anyDay(cron, (d) => dayOfMonthMatches(cron, d) && dayOfWeekMatches(cron, d));
  // Both day fields restricted: croniter fires on either (cron's OR), searching each side with the other one set
  // to "*". A "#" or "W" is not carried by the field it is written in, so it stays in force on both sides, and then
  // a side that never fires fails the whole search instead of leaving the other side to fire alone.
  const monthSide = anyDay(cron, (d) => dayOfMonthMatches(cron, d) && (cron.nthWeekdays.size === 0 || dayOfWeekMatches(cron, d)));
  const weekSide = anyDay(cron, (d) => (cron.nearestWeekdays.size === 0 || dayOfMonthMatches(cron, d)) && dayOfWeekMatches(cron, d));
  const clean = cron.nthWeekdays.size === 0 && cron.nearestWeekdays.size === 0;
  return clean ? monthSide || weekSide : monthSide && weekSide;
}

interface Day {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  /** 0 = Sunday, as cron counts. */
  readonly weekday: number;
  readonly lastDay: number;
}

function anyDay(cron: ParsedCron, matches: (d: Day) => boolean): boolean {
  const months = cron.fields[MONTH]!;
  for (let year = CYCLE_START; year < CYCLE_START + CYCLE_YEARS; year++) {
    for (let month = 1; month <= 12; month++) {
      if (!includes(months, month)) continue;
      const lastDay = daysIn(year, month);
      for (let day = 1; day <= lastDay; day++) {
        if (matches({ year, month, day, lastDay, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() })) return true;
      }
    }
  }
  return false;
}

function dayOfMonthMatches(cron: ParsedCron, d: Day): boolean {
  if (cron.nearestWeekdays.size > 0) return [...cron.nearestWeekdays].some((w) => nearestWeekday(d, w) === d.day);
  const days = cron.fields[DAY]!;
  return includes(days, d.day) || (days.includes("l") && d.day === d.lastDay);
}

function dayOfWeekMatches(cron: ParsedCron, d: Day): boolean {
  if (cron.nthWeekdays.size > 0) {
    return [...cron.nthWeekdays].some(([weekday, nths]) => {
      if (weekday !== d.weekday) return false;
      const nth = Math.ceil(d.day / 7);
      return [...nths].some((n) => (n === "l" ? d.day + 7 > d.lastDay : n === nth));
    });
  }
  return includes(cron.fields[DOW]!, d.weekday);
}

function includes(values: readonly CronValue[], value: number): boolean {
  return values.includes("*") || values.includes(value);
}

/** croniter's `_get_nearest_weekday`: the weekday nearest to day `w` of the month (clamped to its last day). */
function nearestWeekday(d: Day, w: number): number {
  const day = Math.min(w, d.lastDay);
  const weekday = new Date(Date.UTC(d.year, d.month - 1, day)).getUTCDay();
  if (weekday >= 1 && weekday <= 5) return day;
  if (weekday === 6) return day > 1 ? day - 1 : day + 2;
  return day < d.lastDay ? day + 1 : day - 2;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Whether the expression fires on this calendar day (month and day fields; the hours come separately). With both
 * day fields restricted croniter fires on either side (cron's OR); an expression where one side never fires is
 * refused by validation before this is asked.
 */
export function firesOnDay(cron: ParsedCron, year: number, month: number, day: number): boolean {
  if (!includes(cron.fields[MONTH]!, month)) return false;
  const d: Day = { year, month, day, lastDay: daysIn(year, month), weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
  const dayRestricted = cron.fields[DAY]![0] !== "*";
  const weekdayRestricted = cron.fields[DOW]![0] !== "*";
  if (!(dayRestricted && weekdayRestricted)) return dayOfMonthMatches(cron, d) && dayOfWeekMatches(cron, d);
  const monthSide = dayOfMonthMatches(cron, d) && (cron.nthWeekdays.size === 0 || dayOfWeekMatches(cron, d));
  const weekSide = (cron.nearestWeekdays.size === 0 || dayOfMonthMatches(cron, d)) && dayOfWeekMatches(cron, d);
  return monthSide || weekSide;
}
