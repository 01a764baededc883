import { describe, expect, it } from "vitest";
import { formatLocal, parseLocalDateTime, type LocalDateTime } from "../../src/knowledge/dates";
import { firstRun, runAfter, type RunSchedule } from "../../src/plan/runs";
import { askOracle } from "./airflow-env";

/** Schedules whose run times `ls` (next run) and `plan` (runs catchup creates) compute, checked against Airflow 3's timetables. */
const CASES: RunSchedule[] = [
  { schedule: { kind: "cron", expression: "0 2 * * *", dataInterval: false }, timezone: "UTC", start: at("2026-01-01") },
  { schedule: { kind: "cron", expression: "0 2 * * *", dataInterval: true }, timezone: "UTC", start: at("2026-01-01") },
  { schedule: { kind: "cron", expression: "30 3 * * 1-5", dataInterval: true }, timezone: "UTC", start: at("2026-01-02T10:00") },
  { schedule: { kind: "cron", expression: "0 0 1 */3 *", dataInterval: false }, timezone: "UTC", start: at("2026-02-15") },
  { schedule: { kind: "cron", expression: "15 4 * * *", dataInterval: false }, timezone: "Europe/Berlin", start: at("2026-03-26") },
  { schedule: { kind: "cron", expression: "0 */6 * * *", dataInterval: true }, timezone: "America/New_York", start: at("2026-01-01T01:00") },
  { schedule: { kind: "interval", seconds: 12 * 3600, dataInterval: false }, timezone: "UTC", start: at("2026-02-01") },
  { schedule: { kind: "interval", seconds: 86400, dataInterval: true }, timezone: "UTC", start: at("2026-01-01T06:30") },
  { schedule: { kind: "interval", seconds: 12 * 3600, dataInterval: true }, timezone: "Europe/Berlin", start: at("2026-03-28") },
  // A start the autumn change repeats: Airflow (pendulum) takes the later of the two instants.
  { schedule: { kind: "interval", seconds: 3600, dataInterval: false }, timezone: "America/New_York", start: at("2026-11-01T01:30") },
];
const COUNT = 6;

function at(text: string): LocalDateTime {
  return parseLocalDateTime(text)!;
}

/** airflow-ts's first COUNT run times: the first run, then each next one after the previous. */
function ours(s: RunSchedule): string[] {
  const out: string[] = [];
  let run = firstRun(s);
  while (run && out.length < COUNT) {
    out.push(formatLocal(run));
    run = runAfter(s, run);
  }
  return out;
}

describe("run times, as Airflow 3's timetables plan them with catchup", () => {
  it("match for cron triggers and data intervals, in UTC and in zones with DST, and for intervals", () => {
    const oracle = askOracle<string[][]>(
      "airflow3",
      "runs_oracle.py",
      CASES.map((c) => ({ ...c.schedule, timezone: c.timezone, start: formatLocal(c.start), count: COUNT })),
    );
    expect(CASES.map(ours)).toEqual(oracle);
  });
});
