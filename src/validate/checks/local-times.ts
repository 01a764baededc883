import type { Issue } from "../../diagnostics/issue";
import { formatLocal, instantOf, instantsOf, localTimeAt, type LocalDateTime } from "../../knowledge/dates";

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
    if (instants.length === 0) {
      const used = instantOf(date, timezone);
      const shifted = formatLocal(localTimeAt(used, timezone));
      return [{
        code: "nonexistent-local-time",
        field: [field],
        message: `${written} does not exist in ${timezone}: the clocks skip it that day (daylight saving time), and Airflow would silently use ${shifted} (${utc(used)}) instead`,
        hint: `write a time that exists, e.g. ${shifted}, or use a timezone without DST such as "UTC"`,
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

/** An instant as the messages write it: ISO 8601 in UTC, without milliseconds. */
function utc(instant: Date): string {
  return instant.toISOString().replace(/\.000Z$/, "Z");
}
