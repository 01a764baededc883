import type { AssetConditionModel, AssetScheduleModel, ScheduleModel } from "./pipeline";

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
    case "assets":
      return assetScheduleText(s);
  }
}

function humanSeconds(seconds: number): string {
  for (const [unit, size] of [["d", 86400], ["h", 3600], ["m", 60]] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

/** `s3://a & (s3://b | s3://c)`, as Airflow's own condition operators write it. */
export function assetConditionText(c: AssetConditionModel, nested = false): string {
  if (c.kind === "asset") return c.uri;
  const text = c.of.map((inner) => assetConditionText(inner, true)).join(c.kind === "all" ? " & " : " | ");
  return nested && c.of.length > 1 ? `(${text})` : text;
}

/** The schedule as an engineer reads it on the Pipelines page. */
export function assetScheduleText(s: AssetScheduleModel): string {
  const on = `${s.partitioned ? "partitions of " : ""}${assetConditionText(s.condition)}`;
  return s.orCron ? `on ${on}, or ${s.orCron.expression}` : `on ${on}`;
}
