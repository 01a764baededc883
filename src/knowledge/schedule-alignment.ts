/**
 * Whether the runs of one pipeline can find the runs of another by logical date, as Airflow's ExternalTaskSensor
 * looks for them: the run of `upstream` whose logical date is this run's logical date minus `execution_delta`.
 * Both schedules are laid out as instants (each cron in its own timezone), so a DST change that moves one and not
 * the other is seen. Logical dates are the schedule's fire times on both timetables (the trigger timetable's run
 * time, the data-interval timetable's interval start, which is the previous fire), so one set serves both.
 */

import { nextFire } from "./cron-next";
import { parseCron, type ParsedCron } from "./cron-grammar";
import { formatLocal, instantOf, localTimeAt, type LocalDateTime } from "./dates";

/** A schedule as the comparison needs it: its fires, its timezone and its first logical date. */
export type RunSchedule =
  | { readonly kind: "cron"; readonly expression: string; readonly timezone: string; readonly start: LocalDateTime }
  | { readonly kind: "interval"; readonly seconds: number; readonly timezone: string; readonly start: LocalDateTime }
  | { readonly kind: "unscheduled"; readonly what: string };

export type Alignment =
  /** Every run of `downstream` finds its run of `upstream` at this offset (seconds, >= 0). */
  | { readonly kind: "aligned"; readonly offsetSeconds: number }
  /** Some run finds none: the first such run, and the logical date it would wait for. */
  | { readonly kind: "misaligned"; readonly run: string; readonly waitsFor: string; readonly timezone: string; readonly offsetSeconds: number }
  /** A schedule without fires to compare (manual, once, continuous). */
  | { readonly kind: "unscheduled"; readonly what: string };

/** How far ahead runs are compared: a year and a bit, so both DST changes and a leap day of any timezone are in. */
const HORIZON_DAYS = 400;
/** At most this many runs of the waiting pipeline are compared (an every-minute schedule stops here). */
const MAX_RUNS = 3000;
/** Offsets tried when none is given: the other pipeline's fires up to this long before the first run. */
const SEARCH_BACK_DAYS = 8;
const DAY_MS = 86_400_000;

/**
 * Checks `offsetSeconds` when given; otherwise finds the smallest offset >= 0 that every run of `downstream` can
 * use (0 when the logical dates are shared). "misaligned" for a given offset that fails, or when none works
 * (then against the smallest candidate, which is what the message explains).
 */
export function alignSchedules(downstream: RunSchedule, upstream: RunSchedule, offsetSeconds?: number): Alignment {
  if (downstream.kind === "unscheduled") return { kind: "unscheduled", what: downstream.what };
  if (upstream.kind === "unscheduled") return { kind: "unscheduled", what: upstream.what };
  const down = fires(downstream);
  const up = fires(upstream);
  const from = Math.max(instantOf(downstream.start, downstream.timezone).getTime(), instantOf(upstream.start, upstream.timezone).getTime()) + SEARCH_BACK_DAYS * DAY_MS;
  const runs = down.between(from, from + HORIZON_DAYS * DAY_MS, MAX_RUNS);
  if (runs.length === 0) return { kind: "aligned", offsetSeconds: offsetSeconds ?? 0 };
  const check = (offset: number) => runs.find((run) => !up.firesAt(run - offset * 1000));
  const misaligned = (run: number, offset: number): Alignment => ({
    kind: "misaligned",
    run: formatLocal(localTimeAt(new Date(run), downstream.timezone)),
    waitsFor: formatLocal(localTimeAt(new Date(run - offset * 1000), upstream.timezone)),
    timezone: upstream.timezone,
    offsetSeconds: offset,
  });
  if (offsetSeconds !== undefined) {
    const failing = check(offsetSeconds);
    return failing === undefined ? { kind: "aligned", offsetSeconds } : misaligned(failing, offsetSeconds);
  }
  const first = runs[0]!;
  // The smallest offsets first: `between` keeps the earliest fires of a window, so a window as long as the search
  // would lose the fires nearest the first run to a schedule of seconds (8 days hold 23,000 fires of every 29 s).
  // Windows grow from an hour; each is searched from its end, nearest the run, and no offset is tried twice.
  const tried = new Set<number>();
  const candidates: number[] = [];
  for (const back of [3_600_000, DAY_MS, SEARCH_BACK_DAYS * DAY_MS]) {
    for (const offset of up.between(first - back, first + 1, 10_000).reverse().map((at) => (first - at) / 1000)) {
      if (tried.has(offset)) continue;
      tried.add(offset);
      candidates.push(offset);
      if (check(offset) === undefined) return { kind: "aligned", offsetSeconds: offset };
    }
  }
  const smallest = candidates[0];
  return smallest === undefined ? misaligned(first, 0) : misaligned(check(smallest)!, smallest);
}

/** A schedule's fires as instants (epoch milliseconds). */
interface Fires {
  /** Fires in [from, to), at most `limit`. */
  between(from: number, to: number, limit: number): number[];
  firesAt(instant: number): boolean;
}

function fires(schedule: Exclude<RunSchedule, { kind: "unscheduled" }>): Fires {
  if (schedule.kind === "interval") {
    const start = instantOf(schedule.start, schedule.timezone).getTime();
    const step = schedule.seconds * 1000;
    return {
      between(from, to, limit) {
        const out: number[] = [];
        for (let at = start + Math.max(0, Math.ceil((from - start) / step)) * step; at < to && out.length < limit; at += step) out.push(at);
        return out;
      },
      firesAt: (instant) => instant >= start && (instant - start) % step === 0,
    };
  }
  const cron = parseCron(schedule.expression) as ParsedCron;
  const zone = schedule.timezone;
  const localAt = (ms: number) => localTimeAt(new Date(ms), zone);
  return {
    between(from, to, limit) {
      const out: number[] = [];
      let at = nextFire(cron, localAt(from), true);
      while (at && out.length < limit) {
        const ms = instantOf(at, zone).getTime();
        if (ms >= to) break;
        if (ms >= from) out.push(ms);
        at = nextFire(cron, at);
      }
      return out;
    },
    firesAt(instant) {
      const local = localAt(instant);
      const next = nextFire(cron, local, true);
      return next !== undefined && instantOf(next, zone).getTime() === instant;
    },
  };
}

/** "1h30m" for 5400: an offset as a Duration the user can paste. */
export function durationText(seconds: number): string {
  if (seconds === 0) return "0s";
  const parts: [number, string][] = [[Math.floor(seconds / 86400), "d"], [Math.floor((seconds % 86400) / 3600), "h"], [Math.floor((seconds % 3600) / 60), "m"], [seconds % 60, "s"]];
  return parts.filter(([n]) => n > 0).map(([n, unit]) => `${n}${unit}`).join("");
}
