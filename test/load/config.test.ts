import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compileIn, lineOf, pipelineModule, tempProject } from "../helpers/temp-project";

const module = (id: string) => pipelineModule(`p.pod("a", { image: "busybox:1.36" });`, { id: `"${id}"` });
const config = (body: string) => `import { defineConfig } from "airflow-ts";\nexport default defineConfig({\n${body}\n});\n`;

describe("the config", () => {
  it("reports an unknown top-level option at its name, with the option it resembles", () => {
    const text = config(`  pipelines: ["pipelines/*.pipeline.ts"],\n  outdir: "out",`);
    const root = tempProject({ "airflow-ts.config.ts": text, "pipelines/a.pipeline.ts": module("alpha") });
    const [d, ...rest] = compileIn(root).diagnostics;
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      code: "unknown-option",
      message: 'unknown config option "outdir"',
      location: { file: path.join(root, "airflow-ts.config.ts"), line: lineOf(text, "outdir"), column: 3 },
      path: "config.outdir",
      hint: 'did you mean "outDir"?',
    });
  });

  it("locates a wrongly typed option at its value", () => {
    const text = config(`  pipelines: ["pipelines/*.pipeline.ts"],\n  outDir: 42,`);
    const root = tempProject({ "airflow-ts.config.ts": text });
    const [d] = compileIn(root).diagnostics;
    expect(d).toMatchObject({ code: "invalid-config", path: "config.outDir", location: { line: lineOf(text, "outDir"), column: 11 } });
  });
});

describe("pipeline globs", () => {
  it("a glob matching no file is an error at its line, with the folder it probably meant; nothing is written or deleted", () => {
    const root = tempProject({ "pipelines/a.pipeline.ts": module("alpha"), "pipelines/sub/b.pipeline.ts": module("beta") });
    compileIn(root);
    const before = fs.readdirSync(path.join(root, "generated/dags")).sort();
    const text = config(`  pipelines: [\n    "pipeline/**/*.pipeline.ts",\n  ],`);
    fs.writeFileSync(path.join(root, "airflow-ts.config.ts"), text);
    const result = compileIn(root);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({
      code: "no-pipeline-files",
      message: '"pipeline/**/*.pipeline.ts" matches no file: the config matches no pipeline file at all, so nothing would be compiled',
      location: { file: path.join(root, "airflow-ts.config.ts"), line: lineOf(text, "pipeline/**"), column: 5 },
      path: "config.pipelines[0]",
    });
    expect(result.diagnostics[0]!.hint).toMatch(/^there is no folder pipeline\/: did you mean "pipelines\/\*\*\/\*\.pipeline\.ts"\? It matches 2 files\. Globs are relative/);
    expect(result.written).toBe(false);
    expect(fs.readdirSync(path.join(root, "generated/dags")).sort()).toEqual(before);
  });

  it("each glob must match: one that finds nothing in an existing folder names the files that are there", () => {
    const text = config(`  pipelines: [\n    "pipelines/*.pipeline.ts",\n    "jobs/*.pipeline.ts",\n  ],`);
    const root = tempProject({ "airflow-ts.config.ts": text, "pipelines/a.pipeline.ts": module("alpha"), "jobs/nightly.pipline.ts": module("beta"), "jobs/README.md": "jobs\n" });
    const result = compileIn(root);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["no-pipeline-files"]);
    expect(result.diagnostics[0]).toMatchObject({ message: '"jobs/*.pipeline.ts" matches no file', location: { line: lineOf(text, "jobs/") }, path: "config.pipelines[1]" });
    expect(result.diagnostics[0]!.hint).toMatch(/^jobs\/ holds 2 files, none matching: jobs\/nightly\.pipline\.ts, jobs\/README\.md/);
    expect(fs.existsSync(path.join(root, "generated"))).toBe(false);
  });

  it("braces and character classes work as in a shell", () => {
    const text = config(`  pipelines: ["pipelines/{a,b}.pipeline.ts", "more/[x-y].pipeline.ts"],`);
    const root = tempProject({ "airflow-ts.config.ts": text, "pipelines/a.pipeline.ts": module("alpha"), "pipelines/b.pipeline.ts": module("beta"), "pipelines/c.pipeline.ts": module("gamma"), "more/x.pipeline.ts": module("delta") });
    const result = compileIn(root);
    expect(result.diagnostics).toEqual([]);
    expect(result.pipelines.map((p) => p.dagId).sort()).toEqual(["alpha", "beta", "delta"]);
  });
});
