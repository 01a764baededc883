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
