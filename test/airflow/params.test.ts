import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { AIRFLOW_LINES, airflowPython, compileDagFolder } from "./airflow-env";

const REPO = path.resolve(__dirname, "..", "..");

/** Each probe: a param, a value someone types into the trigger form, and whether Airflow accepts it. */
const PROBES: [string, unknown, boolean][] = [
  ["region", "amer", true],
  ["region", "mars", false],
  ["batch_size", 5000, true],
  ["batch_size", 50, false],
  ["batch_size", 100.5, false],
  ["ratio", 1, true],
  ["ratio", 0, false],
  ["table", "daily_sales", true],
  ["table", "Daily-Sales", false],
  ["table", "ab", false],
  ["day", "2026-02-28", true],
  ["day", "2026-02-30", false],
  ["day", null, true],
  ["partitions", ["p1", "p2"], true],
  ["partitions", [], false],
  ["full_refresh", "yes", false],
];

const SCRIPT = `
import json, sys
from airflow.models.dagbag import DagBag
bag = DagBag(sys.argv[1])
assert not bag.import_errors, bag.import_errors
params = bag.dags["params_form"].params  # dags, not get_dag(): no metadata DB here
out = []
for name, value, _ in json.loads(sys.argv[2]):
    param = params.get_param(name)
    try:
        param.resolve(value=value, suppress_exception=False)
        out.append(True)
    except Exception:
        out.append(False)
print(json.dumps(out))
`;

describe.each(AIRFLOW_LINES)("params as the trigger form checks them (%s)", (line) => {
  let dagFolder: string;
  beforeAll(() => {
    dagFolder = compileDagFolder([path.join(REPO, "test/golden/cases/airflow-ts.config.ts")]).dagFolder;
  });

  it("the probes are what the zod schema itself says (so the comparison below is with the TypeScript's meaning)", async () => {
    // By path: the golden cases are outside the type-checked program (they import "airflow-ts" as users do).
    const module = (await import(path.join(REPO, "test/golden/cases/params/pipelines/params-form.pipeline.ts"))) as { default: { options: { params: { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> } } } };
    const shape = module.default.options.params.shape;
    // A form field left empty arrives as null: for zod that is an absent (undefined) optional value.
    expect(PROBES.map(([name, value]) => [name, value, shape[name]!.safeParse(value ?? undefined).success])).toEqual(PROBES);
  });

  it("Airflow accepts and refuses form values exactly as the zod schema does", () => {
    const out = execFileSync(airflowPython(line), ["-c", SCRIPT, dagFolder, JSON.stringify(PROBES)], {
      env: { ...process.env, AIRFLOW__CORE__LOAD_EXAMPLES: "False", AIRFLOW_HOME: path.join(dagFolder, "..") },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    const accepted = JSON.parse(out.trim().split("\n").pop()!) as boolean[];
    expect(PROBES.map(([name, value], i) => [name, value, accepted[i]])).toEqual(PROBES);
  });
});
