import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { isEditedByHand, withHeader } from "../../src/emit/header";

const PLUGIN = path.resolve(__dirname, "..", "..", "dag-templates", "plugins", "airflow_ts_plugin.py");

/**
 * The plugin's own functions (header_hashes, edited_by_hand and the HEADER_HASH pattern), taken out of its source
 * with Python's ast so they run without Airflow, applied to each file.
 */
function pluginVerdicts(files: readonly Buffer[]): boolean[] {
  const script = `
import ast, base64, hashlib, json, re, sys
source = open(sys.argv[1], encoding="utf-8").read()
def kept(node):
    if isinstance(node, ast.ImportFrom):
        return node.module == "__future__"
    if isinstance(node, ast.FunctionDef):
        return node.name in ("header_hashes", "edited_by_hand")
    return isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "HEADER_HASH" for t in node.targets)
scope = {"hashlib": hashlib, "re": re}
exec(compile(ast.Module(body=[n for n in ast.parse(source).body if kept(n)], type_ignores=[]), sys.argv[1], "exec"), scope)
missing = {"header_hashes", "edited_by_hand", "HEADER_HASH"} - scope.keys()
assert not missing, f"the plugin has no {sorted(missing)}"
files = [base64.b64decode(f) for f in json.load(sys.stdin)]
print(json.dumps([scope["edited_by_hand"](*scope["header_hashes"](f)) for f in files]))
`;
  const run = spawnSync("python3", ["-c", script, PLUGIN], { input: JSON.stringify(files.map((f) => f.toString("base64"))), encoding: "utf8" });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as boolean[];
}

const dag = withHeader({ path: "dags/alpha.py", source: "pipelines/a.pipeline.ts", body: 'from airflow import DAG\n\nwith DAG("alpha"):\n    pass  # ünïcode\n' });
const plugin = withHeader({ path: "plugins/airflow_ts_plugin.py", source: "airflow-ts", body: "x = 1\n" });
const hashLine = dag.split("\n")[2]!;

const CASES: [string, { file: string | Buffer; edited: boolean }][] = [
  ["a DAG file as compiled", { file: dag, edited: false }],
  ["another generated file as compiled", { file: plugin, edited: false }],
  ["a line added to the body", { file: `${dag}# hot fix\n`, edited: true }],
  ["a character changed in the body", { file: dag.replace("ünïcode", "unicode"), edited: true }],
  ["the body emptied", { file: dag.slice(0, dag.indexOf("\n\n") + 2), edited: true }],
  ["the header's hash changed", { file: dag.replace(hashLine, `# airflow-ts-content-hash: sha256:${"0".repeat(64)}`), edited: true }],
  ["the header's comment changed, the body not", { file: dag.replace("DO NOT EDIT.", "edited anyway."), edited: false }],
  ["no blank line after the header", { file: dag.replace("\n\n", "\n"), edited: true }],
  ["a file airflow-ts did not write", { file: "# my own DAG\nx = 1\n", edited: false }],
  ["a hash line in the body, not the header", { file: `# mine\n\n${hashLine}\n`, edited: false }],
  ["a hash line with trailing text", { file: dag.replace(hashLine, `${hashLine} (old)`), edited: false }],
  ["line endings converted to CRLF", { file: dag.replace(/\n/g, "\r\n"), edited: false }],
  ["bytes that are not UTF-8 in the body", { file: Buffer.concat([Buffer.from(dag), Buffer.from([0xff, 0xfe])]), edited: true }],
  ["manifest.json (no header)", { file: '{\n  "generatedBy": "airflow-ts"\n}\n', edited: false }],
];

describe("one notion of 'edited by hand', shared by compile/check and the plugin's Pipelines page", () => {
  const files = CASES.map(([, c]) => (typeof c.file === "string" ? Buffer.from(c.file, "utf8") : c.file));

  it.each(CASES)("%s", (_, { file, edited }) => {
    expect(isEditedByHand(typeof file === "string" ? Buffer.from(file, "utf8") : file)).toBe(edited);
  });

  it("the plugin's Python gives the same verdict on every case", () => {
    expect(pluginVerdicts(files)).toEqual(CASES.map(([, c]) => c.edited));
  });
});
