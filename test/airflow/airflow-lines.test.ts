import { describe, expect, it } from "vitest";
import { AIRFLOW_LINES as LINE_FACTS } from "../../src/knowledge/airflow-lines";
import { AIRFLOW_LINES, askOracle } from "./airflow-env";

/** Every executor name a deployment may give (src/dsl/deployment.ts ExecutorName). */
const EXECUTORS = ["KubernetesExecutor", "CeleryExecutor", "LocalExecutor", "CeleryKubernetesExecutor", "LocalKubernetesExecutor"];

describe.each(AIRFLOW_LINES)("the %s descriptor against the pinned Airflow", (line) => {
  const facts = LINE_FACTS[line];
  const imports: [string, string][] = [
    [facts.imports.DAG, "DAG"],
    [facts.imports.Param, "Param"],
    [facts.imports.TaskGroup, "TaskGroup"],
    ...Object.entries(facts.imports.timetables).map(([name, module]): [string, string] => [module, name]),
    // The wait and trigger operators, and on a line whose deferrable time sensors are classes of their own, those.
    ...Object.entries(facts.waits.modules).map(([name, module]): [string, string] => [module, name]),
    ...(facts.waits.deferrableTime === "async-class"
      ? ([[facts.waits.modules.TimeSensor, "TimeSensorAsync"], [facts.waits.modules.TimeDeltaSensor, "TimeDeltaSensorAsync"]] as [string, string][])
      : []),
  ];
  const answer = askOracle<{ importable: boolean[]; executors: string[] }>(line, "lines_oracle.py", { imports });

  it.each(imports.map(([module, name], i) => [`from ${module} import ${name}`, i] as const))("%s works", (_, i) => {
    expect(answer.importable[i]).toBe(true);
  });

  it("the executors it removed are exactly those of ours it does not know", () => {
    expect(EXECUTORS.filter((e) => !answer.executors.includes(e))).toEqual([...facts.executors.removed]);
  });
});
