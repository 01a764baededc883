import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { airflowPython, type AirflowLine } from "../airflow/airflow-env";
import type { KubeObject } from "./objects";

/** Items of the tasks mapped over an upstream result (the examples' and the golden cases'), as the upstream would push them. */
export const RESULT_ITEMS = {
  partitioned_sales: { transform: [{ region: "emea", path: "/lake/2026-03-04/emea" }, { region: "amer", path: "/lake/2026-03-04/amer" }] },
  hostile_typed: { "outer-group.inner_group.from_result": [{ "it's": "x'y {{ ds }}", n: 3 }] },
};

/** Every pod real Airflow builds for the DAG files in `dagFolder` (dump_pods.py), mapped tasks expanded, keyed "dag.task[.index]". */
export function taskPods(line: AirflowLine, dagFolder: string): Record<string, KubeObject> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-pods-"));
  try {
    fs.writeFileSync(path.join(dir, "items.json"), JSON.stringify(RESULT_ITEMS));
    execFileSync(airflowPython(line), [path.join(__dirname, "dump_pods.py"), dagFolder, path.join(dir, "items.json"), path.join(dir, "pods.json")], {
      env: { ...process.env, AIRFLOW_HOME: dir, AIRFLOW__CORE__LOAD_EXAMPLES: "False" },
      stdio: ["ignore", "ignore", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
    const pods = JSON.parse(fs.readFileSync(path.join(dir, "pods.json"), "utf8")) as Record<string, Omit<KubeObject, "apiVersion" | "kind">>;
    return Object.fromEntries(Object.entries(pods).map(([k, pod]) => [k, { apiVersion: "v1", kind: "Pod", ...pod } as KubeObject]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
