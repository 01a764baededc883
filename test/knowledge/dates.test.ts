import { describe, expect, it } from "vitest";
import { instantOf, instantsOf, parseLocalDateTime } from "../../src/knowledge/dates";

const at = (text: string, zone: string) => instantsOf(parseLocalDateTime(text)!, zone).map((d) => d.toISOString());
const used = (text: string, zone: string) => instantOf(parseLocalDateTime(text)!, zone).toISOString();

// The instants pendulum 3.3 gives for `pendulum.datetime(...)` in both test venvs (Airflow 3.3 and 2.11), by hand.
describe("the instants a wall-clock time names, as pendulum reads it", () => {
  it("an ordinary time names one instant", () => {
    expect(at("2024-07-01T12:00", "America/New_York")).toEqual(["2024-07-01T16:00:00.000Z"]);
    expect(used("2024-07-01T12:00", "America/New_York")).toBe("2024-07-01T16:00:00.000Z");
  });

  it("a time the spring change skips names none; pendulum moves it forward by the change", () => {
    expect(at("2024-03-10T02:16:08", "America/New_York")).toEqual([]);
    expect(used("2024-03-10T02:16:08", "America/New_York")).toBe("2024-03-10T07:16:08.000Z");
    // Lord Howe moves its clocks by half an hour.
    expect(at("2024-10-06T02:10", "Australia/Lord_Howe")).toEqual([]);
  });

  it("a time the autumn change repeats names two; pendulum takes the later", () => {
    expect(at("2024-11-03T01:30", "America/New_York")).toEqual(["2024-11-03T05:30:00.000Z", "2024-11-03T06:30:00.000Z"]);
    expect(used("2024-11-03T01:30", "America/New_York")).toBe("2024-11-03T06:30:00.000Z");
  });

  it("a zone without DST never skips or repeats", () => {
    expect(at("2024-03-10T02:16:08", "UTC")).toEqual(["2024-03-10T02:16:08.000Z"]);
    expect(at("2024-11-03T01:30", "Asia/Kolkata")).toEqual(["2024-11-02T20:00:00.000Z"]);
  });
});
