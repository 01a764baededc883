/** Calendar dates and times as pipelines write them: "2026-01-01" or "2026-01-01T06:30[:00]". */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

export function parseLocalDateTime(text: string): LocalDateTime | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).map((part) => Number(part ?? 0));
  const value = { year: year!, month: month!, day: day!, hour, minute, second };
  const asUtc = new Date(Date.UTC(value.year, value.month - 1, value.day, hour, minute, second));
  const roundTrips =
    asUtc.getUTCFullYear() === value.year && asUtc.getUTCMonth() === value.month - 1 && asUtc.getUTCDate() === value.day;
  return roundTrips && hour < 24 && minute < 60 && second < 60 ? value : undefined;
}

/** Chronological order of two local times in the same timezone. */
export function compareLocal(a: LocalDateTime, b: LocalDateTime): number {
  const key = (v: LocalDateTime) => [v.year, v.month, v.day, v.hour, v.minute, v.second];
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
  return 0;
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the timezone changes its UTC offset during a year (daylight saving time), judged over a few years
 * around now so that a zone that stopped or started DST recently still counts while the change matters.
 */
export function observesDst(name: string): boolean {
  if (!isTimeZone(name)) return false;
  const format = new Intl.DateTimeFormat("en-US", { timeZone: name, timeZoneName: "longOffset" });
  const offsets = new Set<string>();
  for (let year = 2024; year <= 2030; year++) {
    for (let month = 0; month < 12; month++) offsets.add(format.formatToParts(Date.UTC(year, month, 15)).find((p) => p.type === "timeZoneName")!.value);
  }
  return offsets.size > 1;
}

/** One formatter per timezone: making one costs far more than using it, and schedule checks call this per run. */
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = FORMATTERS.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    FORMATTERS.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock time in `timeZone` at an instant (seconds kept, milliseconds dropped). */
export function localTimeAt(instant: Date, timeZone: string): LocalDateTime {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: part("year"), month: part("month"), day: part("day"), hour: part("hour"), minute: part("minute"), second: part("second") };
}

/** "2026-01-01T02:00:00": a local time as ISO 8601 without an offset (the timezone is given beside it). */
export function formatLocal(t: LocalDateTime): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(t.year, 4)}-${p(t.month)}-${p(t.day)}T${p(t.hour)}:${p(t.minute)}:${p(t.second)}`;
}

/** `t` moved by a number of seconds, in wall-clock arithmetic. */
export function addSeconds(t: LocalDateTime, seconds: number): LocalDateTime {
  const d = new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) + seconds * 1000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
}

/** Seconds from `a` to `b`, in wall-clock arithmetic. */
export function secondsBetween(a: LocalDateTime, b: LocalDateTime): number {
  const ms = (t: LocalDateTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return (ms(b) - ms(a)) / 1000;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The zone's UTC offset at an instant, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const local = localTimeAt(new Date(ms), timeZone);
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second) - ms;
}

/**
 * The instants a wall-clock time in `timeZone` names, earlier first: one; two when a DST change repeats the time
 * (autumn); none when one skips it (spring).
 */
export function instantsOf(t: LocalDateTime, timeZone: string): Date[] {
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  // The offsets in force a day either side: no zone changes its clocks twice within a day.
  const offsets = new Set([offsetAt(asUtc - DAY_MS, timeZone), offsetAt(asUtc + DAY_MS, timeZone)]);
  return [...offsets]
    .map((offset) => asUtc - offset)
    .filter((ms) => offsetAt(ms, timeZone) === asUtc - ms)
    .sort((a, b) => a - b)
    .map((ms) => new Date(ms));
}

/**
 * The instant a wall-clock time in `timeZone` names, as pendulum (what the DAG file's `pendulum.datetime` calls)
 * reads it on both Airflow lines: a repeated time is the later of the two; a skipped one is moved forward by the
 * change (02:30 on a spring-forward day at 02:00 is 03:30). Validation refuses a skipped start or end.
 */
export function instantOf(t: LocalDateTime, timeZone: string): Date {
  const instants = instantsOf(t, timeZone);
  if (instants.length > 0) return instants[instants.length - 1]!;
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return new Date(asUtc - offsetAt(asUtc - DAY_MS, timeZone));
}
