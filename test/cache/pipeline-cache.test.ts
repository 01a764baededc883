import * as fs from "node:fs";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { cacheFolder } from "../../src/cache/cache-folder";
import { compileProject, type CompileResult } from "../../src/compile-project";
import { pipelineModule, tempProject, generatedFiles } from "../helpers/temp-project";

// The per-pipeline cache (src/cache/pipeline-cache.ts) and the incremental type check. After each edit, the compile
// with the cache is compared with a compile from scratch (cache: false) of the same inputs: same bytes, same
// diagnostics. To tell which modules' cached work was used, every per-pipeline entry is first poisoned (the DAG
// bodies it holds replaced, its checksum kept valid): a module whose work is reused writes the poison, one that is
// run again does not. The whole-result cache (test/cache/compile-cache.test.ts) is taken out of the way by the
// edits themselves (any edit is a miss there).

const POISON = "# POISON: from the per-pipeline cache\n";
const helper = (image: string) => `export const IMAGE = "${image}";\n`;
const importer = (id: string) => `import { IMAGE } from "../lib/images";\n` + pipelineModule(`p.pod("a", { image: IMAGE });`, { id: `"${id}"` });
const alone = (id: string, image = "alpine:3.20") => pipelineModule(`p.pod("b", { image: "${image}" });`, { id: `"${id}"` });

function project(): string {
  return tempProject({
    "lib/images.ts": helper("busybox:1.36"),
    "pipelines/one.pipeline.ts": importer("one"),
    "pipelines/two.pipeline.ts": importer("two"),
    "pipelines/alone.pipeline.ts": alone("alone"),
  });
}

const configOf = (root: string) => path.join(root, "airflow-ts.config.ts");
const compile = (root: string, cache: boolean): CompileResult => compileProject({ configFile: configOf(root), mode: "write", cache });

const outputs = generatedFiles;

function expectSameAsCold(root: string, cached: CompileResult): void {
  const fromCache = outputs(root);
  const cold = compile(root, false);
  expect(cold.modules).toBeUndefined();
  expect(outputs(root)).toEqual(fromCache);
  expect(cached.diagnostics).toEqual(cold.diagnostics);
}

const entries = (root: string) => {
  const dir = path.join(cacheFolder(root), "pipelines");
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => path.join(dir, f)) : [];
};
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Replaces the DAG bodies every per-pipeline entry holds, keeping each entry's checksum valid. */
function poisonEntries(root: string): void {
  for (const file of entries(root)) {
    const text = fs.readFileSync(file, "utf8");
    const entry = JSON.parse(text.slice(text.indexOf("\n") + 1)) as { work: { pipelines: { dag: { body: string } }[] } };
    for (const p of entry.work.pipelines) p.dag.body = POISON;
    const json = JSON.stringify(entry);
    fs.writeFileSync(file, `${sha256(json)}\n${json}`);
  }
}

const poisoned = (root: string) => Object.keys(outputs(root)).filter((f) => outputs(root)[f]!.includes("POISON")).sort();
const rel = (root: string, result: CompileResult) => (result.modules?.ran ?? []).map((f) => path.relative(root, f).split(path.sep).join("/"));

describe("the per-pipeline cache", () => {
  it("one changed pipeline is run again; the others' work is reused, and the project-level files are rebuilt", () => {
    const root = project();
    const first = compile(root, true);
    expect(rel(root, first)).toEqual(["pipelines/alone.pipeline.ts", "pipelines/one.pipeline.ts", "pipelines/two.pipeline.ts"]);
    expect(entries(root)).toHaveLength(3);
    poisonEntries(root);
    fs.writeFileSync(path.join(root, "pipelines/alone.pipeline.ts"), alone("alone", "alpine:3.21"));
    const result = compile(root, true);
    expect(result.cache).toBe("miss");
    expect(rel(root, result)).toEqual(["pipelines/alone.pipeline.ts"]);
    expect(result.modules?.reused).toBe(2);
    // The control: the two unchanged modules' (poisoned) DAGs were used as they were cached...
    expect(poisoned(root)).toEqual(["dags/one.py", "dags/two.py"]);
    // ...while the changed one and the manifest (which spans the pipelines) were made now.
    expect(outputs(root)["dags/alone.py"]).toContain("alpine:3.21");
    expect(outputs(root)["manifest.json"]).toContain("alpine:3.21");
  });

  it("an edited helper redoes exactly the pipelines that import it, with the bytes of a cold compile", () => {
    const root = project();
    compile(root, true);
    fs.writeFileSync(path.join(root, "lib/images.ts"), helper("busybox:1.37"));
    const result = compile(root, true);
    expect(rel(root, result)).toEqual(["pipelines/one.pipeline.ts", "pipelines/two.pipeline.ts"]);
    expect(outputs(root)["dags/two.py"]).toContain("busybox:1.37");
    expectSameAsCold(root, result);

    // With every entry poisoned, an edited helper leaves no poison in the DAGs of the pipelines that import it.
    poisonEntries(root);
    fs.writeFileSync(path.join(root, "lib/images.ts"), helper("busybox:1.38"));
    compile(root, true);
    expect(poisoned(root)).toEqual(["dags/alone.py"]);
  });

  it("a new pipeline beside importers of ../lib runs alone; a new file in lib/ runs the importers again", () => {
    const root = project();
    compile(root, true);
    poisonEntries(root);
    // `../lib/images` can resolve only into lib/ (or a lib/images/ folder): a new file beside its importers changes
    // nothing for them.
    fs.writeFileSync(path.join(root, "pipelines/three.pipeline.ts"), alone("three"));
    const added = compile(root, true);
    expect(rel(root, added)).toEqual(["pipelines/three.pipeline.ts"]);
    expect(poisoned(root)).toEqual(["dags/alone.py", "dags/one.py", "dags/two.py"]);
    // A new file in lib/ could be where the import now resolves: the importers run again, the others do not.
    fs.writeFileSync(path.join(root, "lib/other.ts"), helper("unused:1"));
    const libChanged = compile(root, true);
    expect(rel(root, libChanged)).toEqual(["pipelines/one.pipeline.ts", "pipelines/two.pipeline.ts"]);
    expect(poisoned(root)).toEqual(["dags/alone.py"]);
  });

  it("a damaged or foreign entry is a miss, never an error", () => {
    const root = project();
    compile(root, true);
    const [first, second, third] = entries(root);
    fs.writeFileSync(first!, fs.readFileSync(first!, "utf8").slice(0, 200));
    fs.writeFileSync(second!, "not json at all");
    // Consistent (checksum valid) but written for another module: never read for this one.
    const text = fs.readFileSync(third!, "utf8");
    const entry = JSON.parse(text.slice(text.indexOf("\n") + 1)) as { file: string };
    entry.file = "/elsewhere/other.pipeline.ts";
    fs.writeFileSync(third!, `${sha256(JSON.stringify(entry))}\n${JSON.stringify(entry)}`);
    fs.rmSync(path.join(cacheFolder(root), fs.readdirSync(cacheFolder(root)).find((f) => f.endsWith(".result.json"))!));
    const result = compile(root, true);
    expect(result.modules?.ran).toHaveLength(3);
    expect(result.written).toBe(true);
    expectSameAsCold(root, result);
  });

  it("the checks across pipelines run over cached pipelines too: a new duplicate of a cached pipeline's id is an error", () => {
    const root = project();
    compile(root, true);
    fs.writeFileSync(path.join(root, "pipelines/alone.pipeline.ts"), alone("one"));
    const result = compile(root, true);
    expect(rel(root, result)).toEqual(["pipelines/alone.pipeline.ts"]);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["duplicate-dag-id"]);
    expect(result.written).toBe(false);
    const cold = compileProject({ configFile: configOf(root), mode: "write" });
    expect(result.diagnostics).toEqual(cold.diagnostics);
  });
});

describe("the incremental type check", () => {
  it("reports the same type errors as a full check, also those of files it did not re-check", () => {
    const root = project();
    compile(root, true);
    expect(fs.existsSync(path.join(cacheFolder(root), "types.tsbuildinfo"))).toBe(true);
    // A type error in one pipeline: found, identical to a full check's.
    fs.writeFileSync(path.join(root, "pipelines/alone.pipeline.ts"), alone("alone").replace(`image: "alpine:3.20"`, "image: 42"));
    const broken = compile(root, true);
    const full = compileProject({ configFile: configOf(root), mode: "write" });
    expect(full.diagnostics.map((d) => d.code)).toEqual(["TS2322"]);
    expect(broken.diagnostics).toEqual(full.diagnostics);
    // Another file changes; the broken one does not, so its diagnostics come from the .tsbuildinfo, still the same.
    fs.writeFileSync(path.join(root, "pipelines/one.pipeline.ts"), importer("one") + "// edited\n");
    expect(compile(root, true).diagnostics).toEqual(full.diagnostics);
  });

  it("a helper whose type changes is re-checked in the pipelines that import it, though they did not change", () => {
    const root = project();
    compile(root, true);
    fs.writeFileSync(path.join(root, "lib/images.ts"), "export const IMAGE = 42;\n");
    const result = compile(root, true);
    const full = compileProject({ configFile: configOf(root), mode: "write" });
    expect(result.diagnostics.map((d) => `${d.code} ${path.basename(d.location!.file)}`)).toEqual(["TS2322 one.pipeline.ts", "TS2322 two.pipeline.ts"]);
    expect(result.diagnostics).toEqual(full.diagnostics);
  });
});
