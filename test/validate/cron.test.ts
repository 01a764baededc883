import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { cron } from "../../src/tasks/authoring";
import { checkSchedule } from "../../src/validate/checks/schedule";
import { checkCron } from "../../src/knowledge/cron";
import { compileIn, lineOf, pipelineModule, tempProject } from "../helpers/temp-project";

const BOTH = ["airflow3", "airflow2"] as const;

describe("cron expressions Airflow's timetables accept (croniter 7.0.0 on both lines)", () => {
  it.each([
    ["0 0 L * *", "last day of the month"],
    ["0 0 * * 5#3", "third Friday"],
    ["0 0 * * fri#3", "third Friday, by name"],
    ["0 0 ? * *", "? for no specific day"],
    ["0 0 * * L5", "last Friday"],
    ["0 9 15W * *", "weekday nearest the 15th"],
    ["0 0 L 2 *", "last day of February"],
    ["0 0 * * fri-mon", "a range that wraps"],
    ["0 0 * * * */20", "a sixth field of seconds"],
    ["@daily", "a preset"],
  ])("accepts %s (%s)", (expression) => {
    expect(checkCron(expression, BOTH)).toBeUndefined();
  });

  it.each([
    ["0 0 L5 * *", /Airflow 3 and Airflow 2\.11 refuse .*"l5" in the day-of-month field/],
    ["0 0 * * 5L", /refuse .*"5l" in the day-of-week field/],
    ["0 0 LW * *", /refuse .*"lw" in the day-of-month field/],
    ["0 0 * * mon#6", /1st to a 5th weekday/],
    ["0 0 * * 1#1,2", /mixes plain days with nth days/],
    ["0 0 1,15W * *", /"W" \(nearest weekday\) takes a single day/],
    ["0 0 ? ? *", /"\?" is accepted in the day-of-month and day-of-week fields only/],
    ["0 24 * * *", /24 is out of range in the hour field \(0-23\)/],
    ["H * * * *", /"H" \(hashed\) needs a hash id/],
    ["R * * * *", /"R" \(random\) picks a new value every time/],
    ["0 0 1 1 * 0 2030", /seventh field \(years\) is not supported/],
    ["0 0 30 2 *", /never fires/],
    ["0 0 31 2 5#3", /never fires/],
  ])("refuses %s", (expression, message) => {
    expect(checkCron(expression, BOTH)).toMatch(message);
  });

  it("names only the line a deployment targets", () => {
    expect(checkCron("0 0 L5 * *", ["airflow2"])).toMatch(/^Airflow 2\.11 refuses /);
    expect(checkCron("0 0 L5 * *", ["airflow3"])).toMatch(/^Airflow 3 refuses /);
  });

  it("compiles a pipeline scheduled on the last day of the month into the DAG file as written", () => {
    const root = tempProject({ "pipelines/demo.pipeline.ts": pipelineModule(`p.pod("a", { image: "ghcr.io/acme/x:1.0" });`, { schedule: `cron("0 0 L * *")` }) });
    const result = compileIn(root);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(fs.readFileSync(path.join(root, "generated/dags/demo.py"), "utf8")).toContain(`CronTriggerTimetable("0 0 L * *", timezone="UTC")`);
  });

  it("reports a refused expression at the schedule, with the other problems of the pipeline", () => {
    const source = pipelineModule(`p.pod("a", { image: "" });`, { schedule: `cron("0 0 L5 * *") // <-` });
    const root = tempProject({ "pipelines/demo.pipeline.ts": source });
    const diagnostics = compileIn(root).diagnostics;
    const cron = diagnostics.find((d) => d.code === "invalid-cron");
    expect(cron?.location?.line).toBe(lineOf(source, "// <-"));
    expect(cron?.path).toBe("demo.schedule.expression");
    expect(cron?.hint).toMatch(/"fri#3" for the third Friday/);
    expect(diagnostics.map((d) => d.code).sort()).toEqual(["invalid-cron", "missing-image"]);
  });

  it.each([
    ["*/15 * 1,3 * *", true, "Europe/Berlin", true],
    ["0 * * * mon", true, "America/New_York", true],
    ["0 * L * *", true, "Europe/Berlin", true],
    ["*/15 * 1,3 * *", true, "UTC", false],
    ["*/15 * 1,3 * *", true, "Asia/Tokyo", false],
    ["*/15 * 1,3 * *", false, "Europe/Berlin", false],
    ["0 * * * *", true, "Europe/Berlin", false],
    ["0 2 1,3 * *", true, "Europe/Berlin", false],
  ] as const)("warns about %s with dataInterval %s in %s: %s (Airflow's data-interval cron across a DST change)", (expression, dataInterval, timezone, warns) => {
    const issues = checkSchedule({ schedule: cron(expression, { dataInterval }), timezone }, BOTH);
    expect(issues.map((i) => [i.code, i.severity])).toEqual(warns ? [["cron-breaks-on-dst", "warning"]] : []);
  });
});
