/**
 * When Airflow runs a pipeline, from its schedule, start, end and timezone, the way its timetables place runs:
 * a cron trigger runs at each fire from the start on; a cron with data intervals runs at the end of each interval,
 * so its first run is at the second fire; an interval runs every `seconds` after the start (with data intervals) or
 * from the start on, counted in real time. Times are wall-clock times in the pipeline's timezone.
 * test/airflow/runs.test.ts checks the run times against Airflow 3's own timetables.
 */

import { countFires, nextFire } from "../knowledge/cron-next";
import { parseCron, type ParsedCron } from "../knowledge/cron-grammar";
import { normalizeCron } from "../knowledge/cron";
import { addSeconds, compareLocal, instantOf, localTimeAt, type LocalDateTime } from "../knowledge/dates";
import type { ScheduleModel } from "../model/pipeline";

/** What runs depend on: the pipeline's schedule fields (the model's, or a manifest's). */
export interface RunSchedule {
  readonly schedule: ScheduleModel;
  readonly timezone: string;
  readonly start: LocalDateTime;
  readonly end?: LocalDateTime;
}

/** The first run after `now` (an instant), in local time; undefined when Airflow schedules none. */
export function nextRun(p: RunSchedule, now: Date): LocalDateTime | undefined {
  const local = localTimeAt(now, p.timezone);
  const next = firstRunAfter(p, local);
  return next && (!p.end || compareLocal(next, p.end) <= 0) ? next : undefined;
}

/** The pipeline's first run, in local time; undefined when Airflow schedules none. */
export function firstRun(p: RunSchedule): LocalDateTime | undefined {
  return firstRunAfter(p, addSeconds(p.start, -1));
}

/** The first run strictly after a local time. */
export function runAfter(p: RunSchedule, after: LocalDateTime): LocalDateTime | undefined {
  return firstRunAfter(p, after);
}

/** How many runs fall in [from, to) of local time (capped at `limit`); 0 for unscheduled pipelines. */
export function runsBetween(p: RunSchedule, from: LocalDateTime, to: LocalDateTime, limit = 100_000): number {
  const until = p.end && compareLocal(p.end, to) < 0 ? p.end : to;
  if (compareLocal(from, until) >= 0) return 0;
  const s = p.schedule;
  if (s.kind === "cron") {
    const cron = parsed(s.expression);
    if (!cron) return 0;
    // With data intervals the run for the interval starting at the first fire comes at the second one.
    const first = s.dataInterval ? nextFire(cron, nextFire(cron, p.start, true) ?? until) : nextFire(cron, p.start, true);
    if (!first) return 0;
    return countFires(cron, compareLocal(first, from) > 0 ? first : from, until, limit);
  }
  if (s.kind === "interval") {
    const offset = s.dataInterval ? 1 : 0;
    const index = (t: LocalDateTime) => Math.ceil(elapsedSeconds(p, t) / s.seconds);
    const firstIndex = Math.max(offset, index(from));
    return Math.min(limit, Math.max(0, index(until) - firstIndex));
  }
  if (s.kind === "once") return compareLocal(p.start, from) >= 0 && compareLocal(p.start, until) < 0 ? 1 : 0;
  return 0;
}

/** The runs Airflow creates when a pipeline with catchup is unpaused at `now`: every one due since the start. */
export function runsDueBy(p: RunSchedule, now: Date, limit = 100_000): number {
  const local = localTimeAt(now, p.timezone);
  return runsBetween(p, p.start, addSeconds(local, 1), limit);
}

function firstRunAfter(p: RunSchedule, after: LocalDateTime): LocalDateTime | undefined {
  const s = p.schedule;
  switch (s.kind) {
    case "cron": {
      const cron = parsed(s.expression);
      if (!cron) return undefined;
      const firstFire = nextFire(cron, p.start, true);
      if (!firstFire) return undefined;
      const firstRun = s.dataInterval ? nextFire(cron, firstFire) : firstFire;
      if (!firstRun) return undefined;
      return compareLocal(firstRun, after) > 0 ? firstRun : nextFire(cron, after);
    }
    case "interval": {
      // Airflow adds the interval as a duration to an aware datetime: across a DST change the wall clock shifts.
      const k = Math.max(s.dataInterval ? 1 : 0, Math.floor(elapsedSeconds(p, after) / s.seconds) + 1);
      return localTimeAt(new Date(instantOf(p.start, p.timezone).getTime() + k * s.seconds * 1000), p.timezone);
    }
    case "once":
      return compareLocal(p.start, after) > 0 ? p.start : undefined;
    case "continuous":
    case "none":
      return undefined;
  }
}

/** Real seconds from the start to a local time (not wall-clock seconds: they differ across a DST change). */
function elapsedSeconds(p: RunSchedule, t: LocalDateTime): number {
  return (instantOf(t, p.timezone).getTime() - instantOf(p.start, p.timezone).getTime()) / 1000;
}

function parsed(expression: string): ParsedCron | undefined {
  const cron = parseCron(normalizeCron(expression));
  return "error" in cron ? undefined : cron;
}
