import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main";
import { GENERATED_MARKER } from "../../src/emit/header";
import { contentHash } from "../../src/render/output-file";
import { compileIn, pipelineModule, tempProject } from "../helpers/temp-project";

const A = pipelineModule(`p.pod("a", { image: "busybox:1.36" });`, { id: `"alpha"` });
const B = pipelineModule(`p.pod("b", { image: "busybox:1.36" });`, { id: `"beta"` });

function run(root: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), cwd: root });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("writing outputs", () => {
  it("writes one file per pipeline with a header naming the source and the body's hash", () => {
    const root = tempProject({ "pipelines/a.pipeline.ts": A });
    compileIn(root);
    const text = fs.readFileSync(path.join(root, "generated/dags/alpha.py"), "utf8");
    const [first, , hashLine] = text.split("\n");
    expect(first).toBe(`${GENERATED_MARKER} from pipelines/a.pipeline.ts. DO NOT EDIT.`);
    const body = text.split("\n").slice(4).join("\n");
    expect(hashLine).toBe(`# airflow-ts-content-hash: sha256:${contentHash(body)}`);
    expect(fs.readdirSync(path.join(root, "generated/dags"))).toEqual(["alpha.py"]); // no temp files left
  });

  it("does not rewrite files whose bytes did not change", () => {
    const root = tempProject({ "pipelines/a.pipeline.ts": A });
    compileIn(root);
    const file = path.join(root, "generated/dags/alpha.py");
    const past = new Date("2020-01-01T00:00:00Z");
    fs.utimesSync(file, past, past);
    const result = compileIn(root);
    expect(result.changes).toEqual({ created: [], updated: [], handEdited: [], unchanged: ["dags/alpha.py", "plugins/airflow_ts_plugin.py", "manifest.json"], deleted: [], tempFiles: [], notGenerated: [] });
    expect(fs.statSync(file).mtime.getTime()).toBe(past.getTime());
  });

  it("deletes generated files whose pipeline is gone and never touches files it did not generate", () => {
    const root = tempProject({ "pipelines/a.pipeline.ts": A, "pipelines/b.pipeline.ts": B, "generated/dags/handwritten.py": "# mine\n" });
    compileIn(root);
    fs.rmSync(path.join(root, "pipelines/b.pipeline.ts"));
    const result = compileIn(root);
    expect(result.changes?.deleted).toEqual(["dags/beta.py"]);
    expect(fs.readdirSync(path.join(root, "generated/dags")).sort()).toEqual(["alpha.py", "handwritten.py"]);
    expect(fs.readFileSync(path.join(root, "generated/dags/handwritten.py"), "utf8")).toBe("# mine\n");
  });

  it("writes and deletes nothing when a pipeline is invalid", () => {
    const root = tempProject({ "pipelines/a.pipeline.ts": A, "pipelines/b.pipeline.ts": B });
    compileIn(root);
    const before = fs.readFileSync(path.join(root, "generated/dags/alpha.py"), "utf8");
    fs.writeFileSync(path.join(root, "pipelines/a.pipeline.ts"), A.replace(`"a"`, `"a"`).replace("busybox:1.36", ""));
    fs.rmSync(path.join(root, "pipelines/b.pipeline.ts"));
    const { code, err } = run(root, "compile");
    expect(code).toBe(1);
    expect(err).toMatch(/missing-image/);
    expect(err).toMatch(/nothing was written/);
    expect(fs.readFileSync(path.join(root, "generated/dags/alpha.py"), "utf8")).toBe(before);
    expect(fs.existsSync(path.join(root, "generated/dags/beta.py"))).toBe(true);
  });
});

describe("cli", () => {
  it("compile prints what it wrote and how long it took", () => {
    const root = tempProject({ "pipelines/a.pipeline.ts": A });
    const { code, out } = run(root, "compile");
    expect(code).toBe(0);
    expect(out).toMatch(/^created {3}generated\/dags\/alpha\.py$/m);
    expect(out).toMatch(/^compiled 1 pipeline in \d+ ms$/m);
  });

  it("check exits 0 when up to date and 1 listing stale, edited, missing and deleted files, writing nothing", () => {
    const root = tempProject({ "pipelines/a.pipeline.ts": A, "pipelines/b.pipeline.ts": B });
    expect(run(root, "compile").code).toBe(0);
    expect(run(root, "check")).toMatchObject({ code: 0, out: expect.stringMatching(/up to date/) });

    const alpha = path.join(root, "generated/dags/alpha.py");
    fs.writeFileSync(path.join(root, "pipelines/c.pipeline.ts"), pipelineModule(`p.pod("c", { image: "busybox:1.36" });`, { id: `"gamma"` }));
    compileIn(root); // gamma.py now exists ...
    fs.rmSync(path.join(root, "pipelines/c.pipeline.ts")); // ... and its pipeline is gone: compile deletes it
    fs.appendFileSync(alpha, "# hot fix\n"); // edited by hand
    fs.rmSync(path.join(root, "generated/dags/beta.py")); // deleted by hand: missing
    const snapshot = fs.readFileSync(alpha, "utf8");

    const { code, err } = run(root, "check");
    expect(code).toBe(1);
    expect(err).toMatch(/^stale {11}generated\/manifest\.json$/m);
    expect(err).toMatch(/^edited by hand {2}generated\/dags\/alpha\.py {2}\(compile replaces the edit\)$/m);
    expect(err).not.toMatch(/^stale .*alpha/m);
    expect(err).toMatch(/^missing {9}generated\/dags\/beta\.py$/m);
    expect(err).toMatch(/^deleted {9}generated\/dags\/gamma\.py {2}\(no pipeline produces it: compile deletes it\)$/m);
    expect(fs.readFileSync(alpha, "utf8")).toBe(snapshot);
    expect(fs.existsSync(path.join(root, "generated/dags/beta.py"))).toBe(false);
  });

  it("--format json prints one object on stdout: diagnostics with relative files, and no file list when invalid", () => {
    const root = tempProject({ "pipelines/a.pipeline.ts": pipelineModule(`p.pod("a", { image: "" });`) });
    const { code, out, err } = run(root, "compile", "--format", "json");
    expect(code).toBe(1);
    expect(err).toBe("");
    const report = JSON.parse(out) as { ok: boolean; written: boolean; files: unknown; diagnostics: { code: string; location: { file: string; line: number } }[] };
    expect(report).toMatchObject({ command: "compile", ok: false, written: false, files: null });
    expect(report.diagnostics[0]).toMatchObject({ code: "missing-image", location: { file: "pipelines/a.pipeline.ts", line: 8 } });
  });

  it.each([
    [["compile", "--help"], 0, /Usage: airflow-ts compile/],
    [["check", "--help"], 0, /Usage: airflow-ts check/],
    [["--help"], 0, /Commands:/],
    [["launch"], 2, /unknown command "launch"/],
    [["compile", "--fast"], 2, /unknown option "--fast"/],
  ])("%j exits %i", (argv, wantCode, pattern) => {
    const { code, out, err } = run(process.cwd(), ...argv);
    expect(code).toBe(wantCode);
    expect(out + err).toMatch(pattern);
  });

  it("reports a missing config file with a hint", () => {
    const root = tempProject({});
    fs.rmSync(path.join(root, "airflow-ts.config.ts"));
    const { code, err } = run(root, "compile");
    expect(code).toBe(1);
    expect(err).toMatch(/missing-config: no airflow-ts.config.ts found/);
    expect(err).toMatch(/hint: create airflow-ts.config.ts/);
  });
});
