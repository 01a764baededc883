import { describe, expect, it } from "vitest";
import { formatLocal, parseLocalDateTime } from "../../src/knowledge/dates";
import { firstRun, nextRun, runsBetween, runsDueBy, type RunSchedule } from "../../src/plan/runs";

const at = (text: string) => parseLocalDateTime(text)!;
const daily = (dataInterval: boolean): RunSchedule => ({ schedule: { kind: "cron", expression: "0 2 * * *", dataInterval }, timezone: "UTC", start: at("2026-01-01") });
const twelveHours: RunSchedule = { schedule: { kind: "interval", seconds: 12 * 3600, dataInterval: true }, timezone: "UTC", start: at("2026-01-01") };
const berlinMidnight: RunSchedule = { schedule: { kind: "cron", expression: "0 0 * * *", dataInterval: false }, timezone: "Europe/Berlin", start: at("2026-01-01") };

describe("the next run, as Airflow's timetables place it", () => {
  it.each([
    ["cron trigger: the first fire at or after the start", daily(false), "2026-01-01T01:00:00Z", "2026-01-01T02:00:00"],
    ["cron with data intervals: the end of the first interval", daily(true), "2026-01-01T01:00:00Z", "2026-01-02T02:00:00"],
    ["cron, later on: the next fire after now", daily(true), "2026-03-05T02:00:00Z", "2026-03-06T02:00:00"],
    ["interval with data intervals: start + 1 interval", twelveHours, "2025-12-01T00:00:00Z", "2026-01-01T12:00:00"],
    ["interval, later on", twelveHours, "2026-01-02T13:00:00Z", "2026-01-03T00:00:00"],
    ["the pipeline's timezone: 23:30 UTC is already 00:30 in Berlin", berlinMidnight, "2026-11-26T23:30:00Z", "2026-11-28T00:00:00"],
    ["past the end date: none", { ...daily(false), end: at("2026-01-10") }, "2026-02-01T00:00:00Z", undefined],
    ["once, before its start: the start", { schedule: { kind: "once" }, timezone: "UTC", start: at("2027-01-01") } as RunSchedule, "2026-02-01T00:00:00Z", "2027-01-01T00:00:00"],
    ["manual only: none", { schedule: { kind: "none" }, timezone: "UTC", start: at("2026-01-01") } as RunSchedule, "2026-02-01T00:00:00Z", undefined],
  ])("%s", (_name, schedule, now, want) => {
    const next = nextRun(schedule, new Date(now));
    expect(next && formatLocal(next)).toBe(want);
  });
});

describe("how many runs catchup creates", () => {
  it.each([
    ["daily trigger over January (the 1st to the 31st)", daily(false), 31],
    ["daily with data intervals: one fewer, the last interval is not over", daily(true), 30],
    ["every 12 hours with data intervals", twelveHours, 61],
  ])("%s", (_name, schedule, want) => {
    expect(runsDueBy(schedule, new Date("2026-01-31T12:00:00Z"))).toBe(want);
  });

  it("the first run: at the start's fire for a trigger, an interval later with data intervals", () => {
    expect(formatLocal(firstRun(daily(false))!)).toBe("2026-01-01T02:00:00");
    expect(formatLocal(firstRun(daily(true))!)).toBe("2026-01-02T02:00:00");
  });

  it("counts the runs between two starts (a start moved 30 days earlier)", () => {
    expect(runsBetween({ ...daily(false), start: at("2025-12-02") }, at("2025-12-02"), at("2026-01-01"))).toBe(30);
  });
});
