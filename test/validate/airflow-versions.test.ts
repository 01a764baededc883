import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FEATURES_SINCE, versionAtLeast, versionLacks } from "../../src/knowledge/airflow-lines";
import { compileIn, lineOf, tempProject } from "../helpers/temp-project";

/**
 * Finer than the line: a deployment on Airflow 3.0 or 3.1 is refused what came later in Airflow 3 (deadline alerts
 * 3.1, partitioned assets 3.2), with the version that has it; asset-or-time schedules, whose class moved to
 * airflow.sdk in 3.2, are imported from where 3.0 and 3.1 have it instead of being refused.
 */
describe("the one comparison of Airflow versions", () => {
  it.each([
    ["3.1.7", "3.2.0", false],
    ["3.2.0", "3.2.0", true],
    ["3.10.0", "3.2.0", true],
    ["3.2.1", "3.10.0", false],
    ["2.11.2", "3.1.0", false],
    ["4.0.0", "3.2.0", true],
  ] as const)("%s is at least %s: %s", (version, minimum, expected) => {
    expect(versionAtLeast(version, minimum)).toBe(expected);
  });

  it("a feature is lacking only below its version on Airflow 3 (2.11 is the line's check's)", () => {
    expect(versionLacks("3.1.7", "partitionedAssets")).toEqual({ version: "3.1.7", since: "3.2.0", what: "partitioned assets" });
    expect(versionLacks("3.2.0", "partitionedAssets")).toBeUndefined();
    expect(versionLacks("3.0.6", "deadlineAlerts")).toEqual({ version: "3.0.6", ...FEATURES_SINCE.deadlineAlerts });
    expect(versionLacks("3.1.0", "deadlineAlerts")).toBeUndefined();
    expect(versionLacks("2.11.2", "deadlineAlerts")).toBeUndefined();
    expect(versionLacks(undefined, "deadlineAlerts")).toBeUndefined();
  });
});

const deployedOn = (airflowVersion: string) => `import { defineConfig } from "airflow-ts";
export default defineConfig({ pipelines: ["pipelines/**/*.pipeline.ts"], deployment: {
  airflowVersion: "${airflowVersion}", namespace: "airflow",
  gitSync: { repo: "https://github.com/acme/pipelines.git", ref: "main" },
  secrets: { fernetKey: "f", webSecretKey: "w", jwtSecret: "j" },
} });
`;

const SOURCE = `import { asset, cron, onAssets, pipeline, webhook } from "airflow-ts";
const lake = asset("s3://lake/a");
export default pipeline({
  id: "versions", start: "2026-01-01", catchup: false,
  schedule: onAssets(lake, { partitioned: true }), // PARTITIONED
  deadline: { from: "queued", after: "2h", notify: webhook({ connection: "alerts_http" }) }, // DEADLINE
}, (p) => { p.pod("t", { image: "busybox:1.36" }); });
`;
const OR_CRON = `import { asset, cron, onAssets, pipeline } from "airflow-ts";
export default pipeline({ id: "or_cron", start: "2026-01-01", catchup: false, schedule: onAssets(asset("s3://lake/a"), { orCron: cron("0 6 * * *") }) },
  (p) => { p.pod("t", { image: "busybox:1.36" }); });
`;

function compileOn(version: string, source: string) {
  const root = tempProject({ "pipelines/demo.pipeline.ts": source, "airflow-ts.config.ts": deployedOn(version) });
  const result = compileIn(root);
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  return { root, result, errors: errors.map((d) => ({ code: d.code, path: d.path, line: d.location?.line, message: d.message, hint: d.hint })) };
}

describe("a deployment on a minor version of Airflow 3", () => {
  it("3.0: refuses deadlines (3.1) and partitioned assets (3.2), each naming the version that has it, at its line", () => {
    const { errors } = compileOn("3.0.6", SOURCE);
    expect(errors).toEqual([
      {
        code: "partitioned-assets-unsupported",
        path: "versions.schedule.partitioned",
        line: lineOf(SOURCE, "PARTITIONED"),
        message: "Airflow 3.0.6 has no partitioned assets (they came with Airflow 3.2.0)",
        hint: 'raise deployment.airflowVersion to 3.2.0 or later (e.g. "3.2.0"), or drop { partitioned: true }',
      },
      {
        code: "deadline-unsupported",
        path: "versions.deadline",
        line: lineOf(SOURCE, "DEADLINE"),
        message: "a deadline cannot be compiled for Airflow 3.0.6: deadline alerts came in Airflow 3.1.0",
        hint: expect.stringContaining("raise deployment.airflowVersion to 3.1.0 or later"),
      },
    ]);
  });

  it("3.1: deadlines pass, partitioned assets are still refused; 3.2 passes both", () => {
    expect(compileOn("3.1.7", SOURCE).errors.map((e) => e.code)).toEqual(["partitioned-assets-unsupported"]);
    expect(compileOn("3.2.0", SOURCE).errors).toEqual([]);
  });

  it("3.1: an asset-or-time schedule compiles, its class imported from airflow.sdk (3.2+) or else from airflow.timetables.assets (3.0, 3.1)", () => {
    const { root, errors } = compileOn("3.1.7", OR_CRON);
    expect(errors).toEqual([]);
    const dag = fs.readFileSync(path.join(root, "generated/dags/or_cron.py"), "utf8");
    expect(dag).toContain(
      [
        "    try:  # Airflow 3.2+",
        "        from airflow.sdk import AssetOrTimeSchedule, CronTriggerTimetable",
        "    except ImportError:  # Airflow 3.0, 3.1",
        "        from airflow.timetables.assets import AssetOrTimeSchedule",
        "        from airflow.timetables.trigger import CronTriggerTimetable",
      ].join("\n"),
    );
  });
});
