import { describe, expect, it } from "vitest";
import { authoringParts, lineBlock } from "../../src/render/line-block";

describe("the line block: one try/except for what differs between the Airflow lines", () => {
  it("merges the parts' imports by module, sorted as isort sorts them, and nests what 3.2 moved", () => {
    const authoring = authoringParts({ params: true, taskGroups: false, timetable: "CronTriggerTimetable" });
    const assets = {
      imports: [["airflow.sdk", ["AssetAny", "Asset"]]] as const,
      since32: [{ name: "AssetOrTimeSchedule", module: "airflow.sdk", olderModule: "airflow.timetables.assets" }],
      definitions: ["a = Asset(uri=\"s3://x\")"],
    };
    const block = lineBlock({ airflow3: [authoring.airflow3, assets], airflow2: [authoring.airflow2, { imports: [["airflow.datasets", ["Dataset"]]], definitions: ["a = Dataset(uri=\"s3://x\")"] }] });
    expect(block.newBranch).toBe([
      "    from airflow.sdk import DAG, Asset, AssetAny, Param",
      "",
      "    try:  # Airflow 3.2+",
      "        from airflow.sdk import AssetOrTimeSchedule, CronTriggerTimetable",
      "    except ImportError:  # Airflow 3.0, 3.1",
      "        from airflow.timetables.assets import AssetOrTimeSchedule",
      "        from airflow.timetables.trigger import CronTriggerTimetable",
      "",
      "    a = Asset(uri=\"s3://x\")",
    ].join("\n"));
    expect(block.oldBranch).toBe([
      "    from airflow import DAG",
      "    from airflow.datasets import Dataset",
      "    from airflow.models import param as airflow2_params",
      "    from airflow.timetables.trigger import CronTriggerTimetable",
      "",
      "    Param = airflow2_params.Param  # noqa: AIR311 (where 2.11 has it; Airflow 3 takes the import above)",
      "",
      "    a = Dataset(uri=\"s3://x\")",
    ].join("\n"));
  });

  it("without a timetable or assets, the DAG import alone", () => {
    const authoring = authoringParts({ params: false, taskGroups: false });
    const block = lineBlock({ airflow3: [authoring.airflow3], airflow2: [authoring.airflow2] });
    expect([block.newLine, block.newBranch, block.oldLine, block.oldBranch]).toEqual(["Airflow 3", "    from airflow.sdk import DAG", "Airflow 2.11", "    from airflow import DAG"]);
  });
});
