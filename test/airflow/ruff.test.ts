import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ruff } from "./airflow-env";

const REPO = path.resolve(__dirname, "..", "..");
describe("Python hygiene: ruff with the Airflow rules (AIR, Airflow 3 migration rules included)", () => {
  it("finds nothing in the plugin or the test scripts that run inside Airflow", () => {
    const files = [path.join(REPO, "generated/plugins/airflow_ts_plugin.py"), path.join(REPO, "test/plugin/plugin_links.py")];
    expect(ruff(...files).map((f) => `${path.basename(f.filename)}:${f.location.row} ${f.code} ${f.message}`)).toEqual([]);
  });

  it("finds nothing in any generated DAG file", () => {
    const folders = [path.join(REPO, "generated/dags"), path.join(REPO, "test/golden/cases/expected/dags")];
    const files = folders.flatMap((f) => fs.readdirSync(f).filter((n) => n.endsWith(".py")));
    expect(files.length).toBeGreaterThanOrEqual(13);
    expect(ruff(...folders).map((f) => `${path.basename(f.filename)}:${f.location.row} ${f.code} ${f.message}`)).toEqual([]);
  });

  it("does flag Airflow 2 code that Airflow 3 removed or moved (the rules are on)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "airflow-ts-ruff-"));
    const file = path.join(dir, "old_style.py");
    fs.writeFileSync(
      file,
      [
        "import pendulum",
        "from airflow.models.dag import DAG",
        "from airflow.operators.bash import BashOperator",
        "",
        'with DAG(dag_id="old", start_date=pendulum.datetime(2026, 1, 1), schedule_interval="@daily"):',
        '    BashOperator(task_id="t", bash_command="echo {{ execution_date }}")',
        "",
      ].join("\n"),
    );
    const codes = new Set(ruff(file).map((f) => f.code));
    expect(codes.has("AIR301")).toBe(true); // schedule_interval, execution_date: removed in Airflow 3
    expect([...codes].some((c) => c === "AIR311" || c === "AIR312")).toBe(true); // DAG and BashOperator moved
    execFileSync("rm", ["-rf", dir]);
  });
});
