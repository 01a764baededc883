import type { ScheduleModel } from "./pipeline";

/** The schedule as an engineer reads it on the Pipelines page. */
export function scheduleText(s: ScheduleModel, timezone: string): string {
  switch (s.kind) {
    case "cron":
      return `${s.expression} ${timezone}${s.dataInterval ? ", at the end of each interval" : ""}`;
    case "interval":
      return `every ${humanSeconds(s.seconds)}${s.dataInterval ? ", at the end of each interval" : ""}`;
    case "once":
      return "once";
    case "continuous":
      return "continuous";
    case "none":
      return "manual only";
  }
}

function humanSeconds(seconds: number): string {
  for (const [unit, size] of [["d", 86400], ["h", 3600], ["m", 60]] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
