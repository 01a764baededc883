import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { typeCheck, type TypeCheckResult } from "../../src/load/type-check";
import { loadUserTsConfig } from "../../src/load/user-tsconfig";
import { pipelineModule, tempProject } from "../helpers/temp-project";

// The type check of only what changed since the last clean one (src/load/clean-record.ts). After every edit its
// answer is compared with a full check of the same files (no record, no .tsbuildinfo): the same diagnostics and the
// same program files. Which roots it built a program of (`checked`) shows that it checked no more than it had to,
// and a full check ("all") where a smaller program could answer differently.

const helper = (type: string) => `export const LIMIT: ${type} = ${type === "number" ? "3" : '"3"'};\n`;
const usesHelper = (id: string) => `import { LIMIT } from "../lib/limits";\nconst retries: number = LIMIT;\n` + pipelineModule(`p.pod("a", { image: "busybox:1.36", retries });`, { id: `"${id}"` });
const alone = (id: string, extra = "") => `${extra}` + pipelineModule(`p.pod("b", { image: "alpine:3.20" });`, { id: `"${id}"` });

function project(files: Record<string, string> = {}): string {
  return tempProject({
    "lib/limits.ts": helper("number"),
    "pipelines/one.pipeline.ts": usesHelper("one"),
    "pipelines/two.pipeline.ts": usesHelper("two"),
    "pipelines/alone.pipeline.ts": alone("alone"),
    ...files,
  });
}

const rel = (root: string, files: "all" | readonly string[]) => (files === "all" ? "all" : files.map((f) => path.relative(root, f)).sort());

/** The roots a compile type-checks: the config and the pipelines, as loadProject passes them. */
function roots(root: string): string[] {
  const pipelines = fs.readdirSync(path.join(root, "pipelines")).filter((f) => f.endsWith(".pipeline.ts")).map((f) => path.join(root, "pipelines", f));
  return [path.join(root, "airflow-ts.config.ts"), ...pipelines.sort()];
}

/** Checks with the record, checks in full, expects the same answer; returns what the first checked (relative). */
function checkBoth(root: string): { checked: "all" | string[]; result: TypeCheckResult } {
  const tsconfig = loadUserTsConfig(root);
  const cleanRecord = { file: path.join(root, "node_modules", ".cache", "airflow-ts", "types-clean.json"), root, outDir: path.join(root, "generated") };
  const result = typeCheck(roots(root), tsconfig, { cleanRecord });
  const full = typeCheck(roots(root), tsconfig);
  expect(result.diagnostics).toEqual(full.diagnostics);
  // A failed check is not recorded and stops the compile: its file list is not used.
  if (result.diagnostics.length === 0) expect([...result.files].sort()).toEqual([...full.files].sort());
  return { checked: rel(root, result.checked), result };
}

const codes = (r: TypeCheckResult) => r.diagnostics.map((d) => `${d.code} ${path.basename(d.location?.file ?? "")}:${d.location?.line}`);

describe("checking only what changed since the last clean type check", () => {
  it("checks nothing when nothing changed, an edited pipeline alone, and every importer of an edited helper", () => {
    const root = project();
    expect(checkBoth(root).checked).toBe("all");
    expect(checkBoth(root).checked).toEqual([]);

    fs.writeFileSync(path.join(root, "pipelines/alone.pipeline.ts"), alone("alone", "const n: number = 'x';\n"));
    const broken = checkBoth(root);
    expect(broken.checked).toEqual(["pipelines/alone.pipeline.ts"]);
    expect(codes(broken.result)).toEqual(["TS2322 alone.pipeline.ts:1"]);
    // A failed check records nothing: the file stays to check until it is clean.
    fs.writeFileSync(path.join(root, "pipelines/alone.pipeline.ts"), alone("alone", "const n: number = 1;\n"));
    expect(checkBoth(root).checked).toEqual(["pipelines/alone.pipeline.ts"]);
    expect(checkBoth(root).checked).toEqual([]);

    // The helper's type changes: both pipelines that import it fail, the third is not checked.
    fs.writeFileSync(path.join(root, "lib/limits.ts"), helper("string"));
    const helperChanged = checkBoth(root);
    expect(helperChanged.checked).toEqual(["pipelines/one.pipeline.ts", "pipelines/two.pipeline.ts"]);
    expect(codes(helperChanged.result)).toEqual(["TS2322 one.pipeline.ts:2", "TS2322 two.pipeline.ts:2"]);
    // Back to the text of the last clean check: nothing to check.
    fs.writeFileSync(path.join(root, "lib/limits.ts"), helper("number"));
    expect(checkBoth(root).checked).toEqual([]);

    // A new pipeline is checked alone: those beside it import `../lib/limits`, which can resolve only into lib/ (or
    // a lib/limits/ folder), never to a file in their own folder.
    fs.writeFileSync(path.join(root, "pipelines/three.pipeline.ts"), alone("three"));
    expect(checkBoth(root).checked).toEqual(["pipelines/three.pipeline.ts"]);
    expect(checkBoth(root).checked).toEqual([]);
    // A new file in lib/ could be where `../lib/limits` now resolves: both importers are checked, the others not.
    fs.writeFileSync(path.join(root, "lib/other.ts"), "export const OTHER = 1;\n");
    expect(checkBoth(root).checked).toEqual(["pipelines/one.pipeline.ts", "pipelines/two.pipeline.ts"]);
  });

  it("checks an importer of a file beside it when a new file appears in its folder", () => {
    const root = project({
      "pipelines/local.ts": "export const NAME = 'local';\n",
      "pipelines/alone.pipeline.ts": alone("alone", "import { NAME } from './local';\nconst name: string = NAME;\n"),
    });
    expect(checkBoth(root).checked).toBe("all");
    // `./local` resolves into pipelines/: a new file there (a pipeline or `local.tsx`) is checked with it.
    fs.writeFileSync(path.join(root, "pipelines/three.pipeline.ts"), alone("three"));
    expect(checkBoth(root).checked).toEqual(["pipelines/alone.pipeline.ts", "pipelines/three.pipeline.ts"]);
  });

  it("checks in full when a file that adds to the global scope is involved", () => {
    // one.pipeline.ts pulls in a script declaring a global that alone.pipeline.ts uses without importing anything.
    const root = project({
      "lib/globals.d.ts": "declare const REGION: string;\n",
      "pipelines/one.pipeline.ts": `/// <reference path="../lib/globals.d.ts" />\n` + usesHelper("one"),
      "pipelines/alone.pipeline.ts": alone("alone", "const region: string = REGION;\n"),
    });
    expect(checkBoth(root).checked).toBe("all");
    // Checked alone, alone.pipeline.ts would not see REGION: a program of it alone lacks a global file, so in full.
    fs.writeFileSync(path.join(root, "pipelines/alone.pipeline.ts"), alone("alone", "const region: string = REGION; // edited\n"));
    expect(checkBoth(root).checked).toBe("all");
    // The global file itself changes: alone.pipeline.ts fails though it imports nothing that changed.
    // (TS2552: "Cannot find name 'REGION'. Did you mean 'AREA'?")
    fs.writeFileSync(path.join(root, "lib/globals.d.ts"), "declare const AREA: string;\n");
    const globalChanged = checkBoth(root);
    expect(globalChanged.checked).toBe("all");
    expect(codes(globalChanged.result)).toEqual(["TS2552 alone.pipeline.ts:1"]);
  });

  it("checks a module again when one of its imports now resolves to another file", () => {
    const root = project({
      "lib/shared/index.ts": "export const LABEL = 'x';\n",
      "pipelines/alone.pipeline.ts": alone("alone", "import { LABEL } from '../lib/shared';\nconst label: string = LABEL;\n"),
    });
    expect(checkBoth(root).checked).toBe("all");
    // A new lib/shared.ts comes before lib/shared/index.ts: the import now finds a module without LABEL. (The
    // pipelines that import lib/limits.ts are checked too: a new file in a folder they import from could change
    // where their imports resolve; alone.pipeline.ts, whose text did not change, is the one that must be.)
    fs.writeFileSync(path.join(root, "lib/shared.ts"), "export const OTHER = 1;\n");
    const moved = checkBoth(root);
    expect(moved.checked).toEqual(["pipelines/alone.pipeline.ts", "pipelines/one.pipeline.ts", "pipelines/two.pipeline.ts"]);
    expect(codes(moved.result)).toEqual(["TS2305 alone.pipeline.ts:1"]);
  });

  it("checks in full under other compiler options, with a damaged record, and after a new @types package", () => {
    const root = project();
    expect(checkBoth(root).checked).toBe("all");
    fs.writeFileSync(path.join(root, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", moduleResolution: "nodenext", skipLibCheck: true, noFallthroughCasesInSwitch: true } }));
    const other = checkBoth(root);
    expect(other.checked).toBe("all");
    expect(codes(other.result)).toEqual([]);
    expect(checkBoth(root).checked).toEqual([]);
    const record = path.join(root, "node_modules", ".cache", "airflow-ts", "types-clean.json");
    fs.writeFileSync(record, fs.readFileSync(record, "utf8").slice(0, 100));
    expect(checkBoth(root).checked).toBe("all");
    expect(checkBoth(root).checked).toEqual([]);
    // A new @types package: TypeScript includes it in every program, and it may declare globals.
    fs.mkdirSync(path.join(root, "node_modules", "@types", "extra"), { recursive: true });
    fs.writeFileSync(path.join(root, "node_modules", "@types", "extra", "index.d.ts"), "declare const EXTRA: string;\n");
    expect(checkBoth(root).checked).toBe("all");
    expect(checkBoth(root).checked).toEqual([]);
  });
});
