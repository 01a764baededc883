import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { compileIn, lineOf, pipelineModule, tempProject } from "../helpers/temp-project";

const module = (id: string) => pipelineModule(`p.pod("a", { image: "busybox:1.36" });`, { id: `"${id}"` });

function run(root: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), cwd: root });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** Every file under `dir` with its bytes, to prove a run wrote and deleted nothing. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
      .filter((e) => e.isFile())
      .map((e) => {
        const full = path.join(e.parentPath, e.name);
        return [path.relative(dir, full), fs.readFileSync(full, "utf8")];
      }),
  );
}

describe("files airflow-ts did not write", () => {
  it("are never overwritten: an error at the pipeline's id for a DAG file, at the config for other outputs; nothing written", () => {
    const A = module("hello");
    const root = tempProject({
      "pipelines/a.pipeline.ts": A,
      "generated/dags/hello.py": "# my own DAG\n",
      "generated/plugins/airflow_ts_plugin.py": "# my own plugin\n",
      "generated/manifest.json": '{ "mine": true }\n',
    });
    const before = snapshot(path.join(root, "generated"));
    const result = compileIn(root);
    const errors = result.diagnostics.filter((d) => d.code === "not-generated-file");
    expect(errors).toHaveLength(3);
    const dag = errors.find((d) => d.message.includes("generated/dags/hello.py"));
    expect(dag).toMatchObject({ severity: "error", path: "hello.id", location: { file: path.join(root, "pipelines/a.pipeline.ts"), line: lineOf(A, "id:") } });
    expect(dag!.message).toMatch(/was not written by airflow-ts/);
    expect(errors.map((d) => d.message).join("\n")).toMatch(/generated\/plugins\/airflow_ts_plugin\.py exists/);
    expect(errors.map((d) => d.message).join("\n")).toMatch(/generated\/manifest\.json exists/);
    expect(result.written).toBe(false);
    expect(snapshot(path.join(root, "generated"))).toEqual(before);
  });
});

describe("hand edits", () => {
  it("compile warns per file that it replaced a hand edit, and lists it apart from updated files", () => {
    const root = tempProject({ "pipelines/a.pipeline.ts": module("alpha"), "pipelines/b.pipeline.ts": module("beta") });
    compileIn(root);
    fs.appendFileSync(path.join(root, "generated/dags/alpha.py"), "# hot fix\n");
    const { code, out, err } = run(root, "compile");
    expect(code).toBe(0);
    expect(out).toMatch(/^replaced {2}generated\/dags\/alpha\.py {2}\(it had been edited by hand\)$/m);
    expect(out).not.toMatch(/^updated .*alpha/m);
    expect(err).toMatch(/generated\/dags\/alpha\.py:1:1 warning hand-edit-replaced: dags\/alpha\.py had been edited by hand/);
    expect(err.match(/hand-edit-replaced/g)).toHaveLength(1);
    expect(fs.readFileSync(path.join(root, "generated/dags/alpha.py"), "utf8")).not.toMatch(/hot fix/);
  });
});

describe("temp files of an interrupted compile", () => {
  it("are listed by check and removed by the next compile; a running compile's temp file is left alone", () => {
    const root = tempProject({ "pipelines/a.pipeline.ts": module("alpha") });
    compileIn(root);
    const dead = spawnSync(process.execPath, ["-e", ""]).pid; // a process that has exited
    const leftovers = [`generated/dags/alpha.py.tmp-${dead}`, `generated/manifest.json.tmp-${dead}`];
    const running = `generated/dags/beta.py.tmp-${process.ppid}`; // another compile, still writing
    for (const file of [...leftovers, running]) fs.writeFileSync(path.join(root, file), "half a file");

    const check = run(root, "check");
    expect(check.code).toBe(1);
    for (const file of leftovers) expect(check.err).toContain(`temp file       ${file}  (left by an interrupted compile: compile removes it)`);
    expect(check.err).not.toContain(running);
    for (const file of leftovers) expect(fs.existsSync(path.join(root, file))).toBe(true);

    const compile = run(root, "compile");
    expect(compile.code).toBe(0);
    for (const file of leftovers) {
      expect(compile.out).toContain(`removed   ${file}  (temp file of an interrupted compile)`);
      expect(fs.existsSync(path.join(root, file))).toBe(false);
    }
    expect(fs.existsSync(path.join(root, running))).toBe(true);
    expect(run(root, "check").code).toBe(0);
  });
});

describe("deleting generated DAGs", () => {
  it("refuses to delete most of them without --allow-deletions; check lists each deletion; JSON reports them", () => {
    const root = tempProject({ "pipelines/a.pipeline.ts": module("alpha"), "pipelines/b.pipeline.ts": module("beta"), "pipelines/c.pipeline.ts": module("gamma") });
    compileIn(root);
    fs.rmSync(path.join(root, "pipelines/b.pipeline.ts"));
    fs.rmSync(path.join(root, "pipelines/c.pipeline.ts"));
    const before = snapshot(path.join(root, "generated"));

    const refused = run(root, "compile");
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/airflow-ts\.config\.ts:2:\d+ error mass-deletion: this compile would delete 2 of the 3 generated DAG files in generated\/dags \(beta\.py, gamma\.py\)/);
    expect(refused.err).toMatch(/hint: .*--allow-deletions/);
    expect(snapshot(path.join(root, "generated"))).toEqual(before);

    const check = run(root, "check");
    expect(check.code).toBe(1);
    expect(check.err).toMatch(/^deleted {9}generated\/dags\/beta\.py/m);
    expect(check.err).toMatch(/^deleted {9}generated\/dags\/gamma\.py/m);
    expect(check.err).toMatch(/warning mass-deletion: compile would refuse/);

    const allowed = run(root, "compile", "--allow-deletions", "--format", "json");
    expect(allowed.code).toBe(0);
    const report = JSON.parse(allowed.out) as { written: boolean; files: Record<string, string[]> };
    expect(report).toMatchObject({ command: "compile", ok: true, written: true, pipelines: 1 });
    expect(report.files).toEqual({
      created: [],
      updated: ["generated/manifest.json"],
      handEdited: [],
      unchanged: ["generated/dags/alpha.py", "generated/plugins/airflow_ts_plugin.py"],
      deleted: ["generated/dags/beta.py", "generated/dags/gamma.py"],
      tempFiles: [],
      notGenerated: [],
    });
    expect(fs.readdirSync(path.join(root, "generated/dags"))).toEqual(["alpha.py"]);
  });

  it("deletes the DAG of one removed pipeline among several without a flag, and prints it", () => {
    const root = tempProject({ "pipelines/a.pipeline.ts": module("alpha"), "pipelines/b.pipeline.ts": module("beta") });
    compileIn(root);
    fs.rmSync(path.join(root, "pipelines/b.pipeline.ts"));
    const { code, out } = run(root, "compile");
    expect(code).toBe(0);
    expect(out).toMatch(/^deleted {3}generated\/dags\/beta\.py {2}\(no pipeline produces it any more\)$/m);
  });
});
