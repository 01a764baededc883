import { describe, expect, it } from "vitest";
import { alignSchedules, durationText, type RunSchedule } from "../../src/knowledge/schedule-alignment";

const start = { year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
const cron = (expression: string, timezone = "UTC"): RunSchedule => ({ kind: "cron", expression, timezone, start });

describe("whether a waiting pipeline's runs find the other pipeline's runs by logical date (ExternalTaskSensor)", () => {
  it("shared logical dates need no offset; a pipeline 30 minutes later needs 30m", () => {
    expect(alignSchedules(cron("0 2 * * *"), cron("0 2 * * *"))).toEqual({ kind: "aligned", offsetSeconds: 0 });
    expect(alignSchedules(cron("30 2 * * *"), cron("0 2 * * *"))).toEqual({ kind: "aligned", offsetSeconds: 1800 });
    // A daily run finds the hourly pipeline's run of the same hour.
    expect(alignSchedules(cron("0 3 * * *"), cron("0 * * * *"))).toEqual({ kind: "aligned", offsetSeconds: 0 });
    // Every 12 hours from midnight is the same as twice a day at 00:00 and 12:00.
    expect(alignSchedules({ kind: "interval", seconds: 43_200, timezone: "UTC", start }, cron("0 0,12 * * *"))).toEqual({ kind: "aligned", offsetSeconds: 0 });
  });

  it("an interval of seconds finds offset 0 with itself (more fires than the search's limit lie in the days before)", () => {
    // Every 29 s: 8 days hold about 23,800 fires; the offsets nearest the first run must be tried first.
    const often: RunSchedule = { kind: "interval", seconds: 29, timezone: "Australia/Lord_Howe", start };
    expect(alignSchedules(often, often)).toEqual({ kind: "aligned", offsetSeconds: 0 });
    expect(alignSchedules({ ...often, start: { ...start, second: 10 } }, often)).toEqual({ kind: "aligned", offsetSeconds: 10 });
  });

  it("a given offset is checked, and the first run it fails is named", () => {
    expect(alignSchedules(cron("30 2 * * *"), cron("0 2 * * *"), 1800)).toEqual({ kind: "aligned", offsetSeconds: 1800 });
    const wrong = alignSchedules(cron("30 2 * * *"), cron("0 2 * * *"), 3600);
    expect(wrong).toMatchObject({ kind: "misaligned", offsetSeconds: 3600, run: "2026-01-09T02:30:00", waitsFor: "2026-01-09T01:30:00", timezone: "UTC" });
  });

  it("schedules in two timezones drift apart at a DST change: no constant offset exists", () => {
    // 03:00 in Berlin is 02:00 UTC in winter and 01:00 UTC in summer; the other runs at 02:00 UTC all year.
    const result = alignSchedules(cron("0 3 * * *", "Europe/Berlin"), cron("0 2 * * *"));
    expect(result).toMatchObject({ kind: "misaligned", run: "2026-03-29T03:00:00", waitsFor: "2026-03-29T01:00:00" });
    // Two in one timezone line up all year, an hour apart...
    expect(alignSchedules(cron("0 5 * * *", "Europe/Berlin"), cron("0 4 * * *", "Europe/Berlin"))).toEqual({ kind: "aligned", offsetSeconds: 3600 });
    // ...except when the earlier one falls in the hour the spring change skips: on that day 03:00 is one hour
    // after 01:00, and 02:00 (the other's run) does not exist.
    expect(alignSchedules(cron("0 3 * * *", "Europe/Berlin"), cron("0 2 * * *", "Europe/Berlin"))).toMatchObject({ kind: "misaligned", run: "2026-03-29T03:00:00", waitsFor: "2026-03-29T01:00:00" });
  });

  it("a daily pipeline cannot wait for a weekly one, nor for one without a schedule", () => {
    expect(alignSchedules(cron("0 2 * * *"), cron("0 1 * * 0")).kind).toBe("misaligned");
    expect(alignSchedules(cron("0 2 * * *"), { kind: "unscheduled", what: "x has no schedule" })).toEqual({ kind: "unscheduled", what: "x has no schedule" });
  });

  it("writes offsets as durations a pipeline can paste", () => {
    expect([0, 1800, 5400, 90_061].map(durationText)).toEqual(["0s", "30m", "1h30m", "1d1h1m1s"]);
  });
});
