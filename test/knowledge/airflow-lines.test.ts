import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { AIRFLOW_LINES, ALL_LINES, lineOfVersion, targetLines, type AirflowLine } from "../../src/knowledge/airflow-lines";

/** The vendored chart's values schema: the chart keys each line's descriptor names must exist in it. */
const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "../../src/validate/chart/values.schema.json"), "utf8")) as {
  properties: Record<string, { properties?: Record<string, unknown> }>;
};

describe("one descriptor per Airflow line", () => {
  it.each([
    ["3.3.2", "airflow3"],
    ["3.0.0", "airflow3"],
    ["2.11.2", "airflow2"],
    ["10.0.0", "airflow3"],
  ] as const)("airflowVersion %s is on %s", (version, line) => {
    expect(lineOfVersion(version)).toBe(line);
    expect(targetLines(version)).toEqual([line]);
  });

  it("a project without a deployment (or with a version the schema refuses) targets every line", () => {
    expect(targetLines(undefined)).toEqual(ALL_LINES);
    expect(targetLines("latest")).toEqual(ALL_LINES);
    expect(Object.keys(AIRFLOW_LINES).sort()).toEqual([...ALL_LINES].sort());
  });

  describe.each(ALL_LINES)("%s's chart keys are keys of the vendored chart 1.19 schema", (line: AirflowLine) => {
    const { chart } = AIRFLOW_LINES[line];
    it("the UI component and its ingress key", () => {
      expect(schema.properties).toHaveProperty(chart.uiComponent);
      expect(schema.properties.ingress?.properties).toHaveProperty(chart.uiIngress);
    });
    it("the Secrets of Airflow's keys", () => {
      expect(schema.properties).toHaveProperty(chart.uiSecretKey.valuesKey);
      if (chart.jwtSecret) expect(schema.properties).toHaveProperty(chart.jwtSecret.valuesKey);
    });
  });

  it("only the line that has a JWT secret runs several executors at once, and only it removed executors", () => {
    expect(AIRFLOW_LINES.airflow3.chart.jwtSecret?.secretKey).toBe("jwt-secret");
    expect(AIRFLOW_LINES.airflow2.chart.jwtSecret).toBeUndefined();
    expect(AIRFLOW_LINES.airflow2.executors).toEqual({ removed: [], several: false });
    expect(AIRFLOW_LINES.airflow3.executors.several).toBe(true);
  });
});
